/** Text differences, without the compiler (the extension's bundle uses this too). */

/** Where an edit changed a text: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface Change {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The one stretch that differs between two texts (the longest common prefix and suffix around it). */
export function changeBetween(oldText: string, newText: string): Change {
  let start = 0;
  const shortest = Math.min(oldText.length, newText.length);
  while (start < shortest && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < shortest - start &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  )
    suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}
