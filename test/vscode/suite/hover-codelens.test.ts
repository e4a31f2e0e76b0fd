import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/vscode/contract';
import { analysed, core, open, rangeOn, waitFor, workspaceRoot } from './helpers';

const SUPPORT = 'src/support.ts';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

describe('Hover and CodeLens', () => {
  it('hovering a model call shows its register entry', async () => {
    const editor = await open(SUPPORT);
    const analysis = await analysed(editor.document);
    const profile = analysis.profiles.find((candidate) => candidate.call.range.line === 12);
    assert.ok(profile, `a call on line 12 of\n${editor.document.getText()}`);
    const callee = rangeOn(editor.document, 12, 'openai.chat.completions.create');
    const position = callee.start.translate(0, 8);
    const text = await waitFor('our hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        position,
      );
      const joined = hoverText(hovers ?? []);
      return joined.includes('If it fails') ? joined : undefined;
    });
    const lines = core().describeProfile(profile, { root: workspaceRoot(), profiles: analysis.profiles });
    for (const line of lines)
      assert.ok(text.includes(`**${line.label}:** ${line.sentence}`), `hover has "${line.label}: ${line.sentence}"`);
    assert.ok(text.includes(core().describeCall(profile)), 'hover names the call');
    assert.ok(text.includes(`command:${Commands.showReport}`), 'hover links to the register');
    assert.ok(
      text.includes(`[\`implicit-timeout\`](${core().docsUrl('implicit-timeout')})`),
      'hover links the rule ids of the open findings',
    );
    assert.ok(!text.includes('Implicit timeout:'), 'no diagnostic message restated in our part');

    const outside = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(0, 2),
    );
    assert.ok(!hoverText(outside ?? []).includes('If it fails'), 'no profile hover away from a call');
  });

  it('puts a one-line profile lens above each call that opens the report there', async () => {
    const editor = await open(SUPPORT);
    const analysis = await analysed(editor.document);
    const lenses = await waitFor('a lens per call', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
        100,
      );
      const ours = (found ?? []).filter((lens) => lens.command?.command === Commands.showReport);
      return ours.length === analysis.profiles.length ? ours : undefined;
    });
    const sorted = [...analysis.profiles].sort((a, b) => a.call.range.start - b.call.range.start);
    lenses.sort((a, b) => a.range.start.line - b.range.start.line);
    sorted.forEach((profile, index) => {
      const lens = lenses[index];
      assert.ok(lens?.command);
      assert.equal(lens.range.start.line, profile.call.range.line - 1);
      assert.equal(lens.command.title, core().summarizeProfile(profile));
      assert.equal((lens.command.arguments?.[0] as { callId?: string } | undefined)?.callId, profile.call.id);
    });
    assert.match(lenses[0].command!.title, /3 attempts · 10 min\/attempt \(SDK defaults\)/);

    const totals = await vscode.commands.executeCommand<{ calls: number }>(
      Commands.showReport,
      lenses[0].command!.arguments?.[0],
    );
    assert.ok(totals && totals.calls >= analysis.profiles.length, 'the lens opens the report with the calls');
  });

  it('turns the lenses off with orchestrationAudit.codeLens.enabled', async () => {
    const editor = await open(SUPPORT);
    const settings = vscode.workspace.getConfiguration('orchestrationAudit');
    await settings.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('no lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          editor.document.uri,
          100,
        );
        return !(found ?? []).some((lens) => lens.command?.command === Commands.showReport);
      });
    } finally {
      await settings.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
