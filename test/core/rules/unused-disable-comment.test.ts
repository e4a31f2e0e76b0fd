import { ruleTester } from '../../helpers/rule-tester';

const HEADER = `import OpenAI from 'openai';

const client = new OpenAI();
`;

/** A call with a timeout and a retry policy: missing-timeout and implicit-timeout do not fire. */
const BOUNDED_CALL = `  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] },
    { timeout: 20_000, maxRetries: 2 },
  );`;

/** A call left to the SDK defaults: implicit-timeout fires on its first line. */
const DEFAULT_CALL = `  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });`;

function answer(body: string, header = ''): string {
  return `${header}${HEADER}
export async function answer(question: string): Promise<string> {
${body}
  return completion.choices[0]?.message.content ?? '';
}
`;
}

ruleTester.run('unused-disable-comment', {
  valid: [
    {
      name: 'does not report a disable-next-line comment that silences its rule',
      code: answer(
        `  // orchestration-audit-disable-next-line implicit-timeout -- the job runner times out\n${DEFAULT_CALL}`,
      ),
    },
    {
      name: 'does not report a disable-next-line comment without rules that silences something',
      code: answer(`  // orchestration-audit-disable-next-line\n${DEFAULT_CALL}`),
    },
    {
      name: 'does not report a file comment that silences its rule somewhere in the file',
      code: answer(DEFAULT_CALL, '/* orchestration-audit-disable implicit-timeout */\n'),
    },
    {
      name: 'does not read a directive inside a string',
      code: answer(
        `  const note = '// orchestration-audit-disable-next-line missing-timeout';\n  void note;\n${BOUNDED_CALL}`,
      ),
    },
  ],
  invalid: [
    {
      name: 'reports a disable-next-line comment whose rule no longer fires, and removes its line',
      code: answer(
        `  // orchestration-audit-disable-next-line missing-timeout -- the job runner times out\n${BOUNDED_CALL}`,
      ),
      errors: [{ messageId: 'unused', line: 6, column: 3, endLine: 6, endColumn: 87 }],
      output: answer(BOUNDED_CALL),
    },
    {
      name: 'reports a disable-next-line comment above a line without a finding',
      code: answer(`  // orchestration-audit-disable-next-line\n\n${DEFAULT_CALL}`),
      errors: [{ messageId: 'unused', line: 6, column: 3 }],
      output: answer(`\n${DEFAULT_CALL}`),
    },
    {
      name: 'reports only the unused rule of a comment that also silences a used one, and keeps the reason',
      code: answer(
        `  // orchestration-audit-disable-next-line implicit-timeout, missing-timeout -- the job runner times out\n${DEFAULT_CALL}`,
      ),
      errors: [{ messageId: 'unusedRules', line: 6, column: 3, data: { rules: 'missing-timeout' } }],
      output: answer(
        `  // orchestration-audit-disable-next-line implicit-timeout -- the job runner times out\n${DEFAULT_CALL}`,
      ),
    },
    {
      name: 'reports an unused file comment in a block comment and removes its line',
      code: answer(BOUNDED_CALL, '/* orchestration-audit-disable retry-all-errors */\n'),
      errors: [{ messageId: 'unused', line: 1, column: 1, endLine: 1, endColumn: 51 }],
      output: answer(BOUNDED_CALL),
    },
    {
      name: 'reports an unused rule of a block comment and keeps the comment closed',
      code: answer(DEFAULT_CALL, '/* orchestration-audit-disable implicit-timeout, no-such-rule */\n'),
      errors: [{ messageId: 'unusedRules', line: 1, column: 1, data: { rules: 'no-such-rule' } }],
      output: answer(DEFAULT_CALL, '/* orchestration-audit-disable implicit-timeout */\n'),
    },
    {
      name: 'reports a trailing comment and removes only the comment and the spaces before it',
      code: answer(`  void question; // orchestration-audit-disable-next-line missing-timeout\n${BOUNDED_CALL}`),
      errors: [{ messageId: 'unused', line: 6, column: 18 }],
      output: answer(`  void question;\n${BOUNDED_CALL}`),
    },
  ],
});
