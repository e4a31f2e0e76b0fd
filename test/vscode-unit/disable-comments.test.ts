import * as assert from 'node:assert/strict';
import { disableFileEdit, disableLineEdit } from '../../src/vscode/disable-comments';
import { applyEdits } from '../../src/vscode/fix-plan';

const CODE = `import OpenAI from 'openai';

export async function answer(): Promise<void> {
  await client.chat.completions.create(request);
}
`;

describe('disable-comments: the edits of Disable for this line / for the file', () => {
  it('inserts a disable-next-line comment above the line, indented like it', () => {
    const edit = disableLineEdit(CODE, 3, ['missing-timeout']);
    assert.equal(
      applyEdits(CODE, [edit]).split('\n').slice(2, 5).join('\n'),
      `export async function answer(): Promise<void> {
  // orchestration-audit-disable-next-line missing-timeout
  await client.chat.completions.create(request);`,
    );
  });

  it('adds a rule to the directive already above the line', () => {
    const once = applyEdits(CODE, [disableLineEdit(CODE, 3, ['missing-timeout'])]);
    const twice = applyEdits(once, [disableLineEdit(once, 4, ['implicit-timeout', 'missing-timeout'])]);
    assert.match(
      twice,
      /\n {2}\/\/ orchestration-audit-disable-next-line missing-timeout, implicit-timeout\n {2}await/,
    );
    assert.equal(twice.split('orchestration-audit-disable').length, 2, 'one directive, not two');
  });

  it('inserts a file directive as the first line, after a #! line, and extends it', () => {
    const withShebang = `#!/usr/bin/env node\n${CODE}`;
    const once = applyEdits(withShebang, [disableFileEdit(withShebang, ['unlogged-model-call'])]);
    assert.ok(once.startsWith('#!/usr/bin/env node\n// orchestration-audit-disable unlogged-model-call\nimport'));
    const twice = applyEdits(once, [disableFileEdit(once, ['no-fallback'])]);
    assert.ok(
      twice.startsWith('#!/usr/bin/env node\n// orchestration-audit-disable unlogged-model-call, no-fallback\nimport'),
    );
  });

  it('keeps CRLF line ends', () => {
    const crlf = CODE.replace(/\n/g, '\r\n');
    assert.ok(
      applyEdits(crlf, [disableFileEdit(crlf, ['no-fallback'])]).startsWith(
        '// orchestration-audit-disable no-fallback\r\nimport',
      ),
    );
  });
});
