/**
 * Output kinds with no text in them: vectors, a moderation's verdict (flags and scores typed by the
 * SDK), images, audio. A call's validation is what the code
 * does with its output, whatever it is (a vector returned as it came is `none`), but nothing in
 * these can be cut off mid-answer or misread as a structure: the validation rules, the register and
 * the streamed-text exception leave them alone.
 */
const NOT_TEXT = new Set<string>(['embedding', 'moderation', 'image', 'audio']);

/** Whether a call's output (the profile's `call.output`) is text the code could trust blindly. */
export function isTextOutput(output: string): boolean {
  return !NOT_TEXT.has(output);
}
