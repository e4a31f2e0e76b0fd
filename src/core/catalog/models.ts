/**
 * Facts about models rather than SDKs: they hold whichever SDK or gateway the call goes through
 * (`openai/gpt-5` through OpenRouter, `claude-sonnet-4` through Bedrock).
 */

/**
 * Models whose hidden reasoning (or thinking) tokens count against the output-token limit: OpenAI's
 * o-series, GPT-5 and Codex, DeepSeek R1, QwQ, Claude 3.7 and the Claude 4 models, Gemini 2.5 and 3,
 * and names that say so (`*reason*`, `*think*`).
 */
export const REASONING_MODEL =
  /^(?:o\d|gpt-5|codex|.*reason|.*think|deepseek-r1|.*qwq|claude-(?:3-7|sonnet-4|opus-4)|gemini-2\.5|gemini-3)/i;

/**
 * Request options that turn reasoning or a thinking budget on: Anthropic `thinking.budget_tokens`,
 * Google `thinkingConfig.thinkingBudget`, OpenAI `reasoning` / `reasoning_effort`, and the AI SDK's
 * and LangChain's camel-case spellings.
 */
export const REASONING_OPTIONS: ReadonlySet<string> = new Set([
  'thinking',
  'thinkingConfig',
  'thinkingBudget',
  'reasoning',
  'reasoning_effort',
  'reasoningEffort',
  'budget_tokens',
  'budgetTokens',
]);
