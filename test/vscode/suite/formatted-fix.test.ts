import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixArgs, quickFixes } from './actions';
import { analysed, open, revert, uriOf, waitFor } from './helpers';

/**
 * In a folder formatted with Prettier (src/formatted/.prettierrc.json: no semicolons, single quotes,
 * 80 columns, trailing commas), a quick fix and *Fix all* leave the file as Prettier lays it out:
 * the document equals Prettier's formatting of itself, with the project's configuration, run from
 * this repository's devDependencies (the copy the workspace's node_modules link resolves).
 */
const FILE = 'src/formatted/outline.ts';

interface Prettier {
  format(text: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
}

async function prettierFormat(document: vscode.TextDocument): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the workspace's formatter, as the extension loads it
  const prettier = require(require.resolve('prettier', { paths: [uriOf('src').fsPath] })) as Prettier;
  const options = (await prettier.resolveConfig(document.uri.fsPath)) ?? {};
  assert.equal(options.semi, false, 'the folder configures Prettier');
  return prettier.format(document.getText(), { ...options, filepath: document.uri.fsPath });
}

describe('Fixes in a Prettier-formatted folder', () => {
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  it('the file starts Prettier-clean', async () => {
    const { document } = await open(FILE);
    assert.equal(await prettierFormat(document), document.getText());
  });

  it('a quick fix (Add a 30 s timeout) comes out formatted by Prettier', async () => {
    const { document } = await open(FILE);
    const original = document.getText();
    const analysis = await analysed(document);
    const finding = analysis.findings.find((candidate) => candidate.ruleId === 'implicit-timeout');
    assert.ok(finding, 'implicit-timeout on the call');
    const range = new vscode.Range(
      finding.span.line - 1,
      finding.span.column - 1,
      finding.span.endLine - 1,
      finding.span.endColumn - 1,
    );
    const action = (await quickFixes(document.uri, range)).find((candidate) =>
      candidate.title.startsWith('Add a 30 s timeout'),
    );
    assert.ok(action, 'the timeout fix is offered');
    const args = fixArgs(action);
    assert.ok(args, 'a fix of the core');
    if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
    if (action.command)
      assert.ok(await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? [])));
    await waitFor('the fix to change the text', () => document.getText() !== original);
    const text = document.getText();
    assert.match(text, /timeout: 30_?000/);
    // Prettier moves the added argument to its own line; the fix as written would not.
    assert.match(text, /\n {6}\{ timeout: 30_?000 \},\n {4}\)\n/);
    assert.equal(await prettierFormat(document), text);
  });

  it('Fix all (workspace.applyEdit of source.fixAll) comes out formatted by Prettier', async () => {
    const { document } = await open(FILE);
    const original = document.getText();
    await analysed(document);
    const actions = await waitFor('the fix-all action', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        new vscode.Range(0, 0, document.lineCount, 0),
        'source.fixAll.orchestrationAudit',
      );
      return found?.some((action) => action.edit) ? found : undefined;
    });
    const fixAll = actions.find((action) => action.edit);
    assert.ok(fixAll?.edit && (await vscode.workspace.applyEdit(fixAll.edit)));
    await waitFor('fix-all to change the text', () => document.getText() !== original);
    assert.match(document.getText(), /timeout: 30_?000/);
    assert.equal(await prettierFormat(document), document.getText());
  });
});
