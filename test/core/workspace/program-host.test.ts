import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ProgramHost } from '../../../src/core/workspace/program-host';
import { compilerSetup } from '../../../src/core/workspace/tsconfig';

const ROOT = path.resolve('/virtual/app');
const CLIENT = path.join(ROOT, 'src/client.ts');
const ROUTE = path.join(ROOT, 'src/route.ts');
const CHAIN = path.join(ROOT, 'src/generated.ts');

function host(): ProgramHost {
  const created = new ProgramHost({ options: compilerSetup(ROOT).options, isIncluded: () => true, sdkTypes: false });
  created.setFile(CLIENT, "import OpenAI from 'openai';\nexport const client = new OpenAI();\n");
  created.setFile(ROUTE, "import { client } from './client';\nexport const models = () => client.models.list();\n");
  return created;
}

describe('workspace/program-host', () => {
  it('gives the same program until a text changes, then reparses only the changed file', () => {
    const programs = host();
    const first = programs.getProgram();
    assert.equal(programs.getProgram(), first);
    programs.setFile(ROUTE, "import { client } from './client';\nexport const models = () => client.models.list();\n");
    assert.equal(programs.getProgram(), first, 'the same text is no change');

    programs.setFile(
      ROUTE,
      "import { client } from './client';\n// listed on load\nexport const models = () => client.models.list();\n",
    );
    const second = programs.getProgram();
    assert.notEqual(second, first);
    assert.match(second.getSourceFile(ROUTE)?.text ?? '', /listed on load/);
    assert.equal(second.getSourceFile(CLIENT), first.getSourceFile(CLIENT), 'the unchanged file is not reparsed');
    assert.equal(programs.getProgram(), second);
  });

  it('leaves out of the next program a file the parser gave up on while building one', () => {
    const programs = host();
    programs.getProgram();
    programs.setFile(CHAIN, `export const chained = Promise.resolve(0)${'.then((v) => v)'.repeat(300)};\n`);
    programs.getProgram();
    assert.match(programs.parseFailure(CHAIN) ?? '', /call chain of more than 250 links/);
    const next = programs.getProgram();
    assert.ok(!next.getRootFileNames().includes(CHAIN));
    assert.equal(programs.getProgram(), next);
    programs.removeFile(CHAIN);
    assert.notEqual(programs.getProgram(), next, 'a removed file makes a new program');
  });

  it('counts the links of a chain exactly at the bound, whatever the text around it', () => {
    // 502 member accesses are 251 links (a call and its member make one): one too many. The text
    // has exactly as many dots as the chain needs, so a cheap count must not rule it out.
    const programs = host();
    const atBound = path.join(ROOT, 'src/at-bound.ts');
    const overBound = path.join(ROOT, 'src/over-bound.ts');
    programs.setFile(atBound, `export const x = a${'.b'.repeat(501)};\n`);
    programs.setFile(overBound, `export const y = a${'.b'.repeat(502)};\n`);
    programs.getProgram();
    assert.equal(programs.parseFailure(atBound), undefined);
    assert.match(programs.parseFailure(overBound) ?? '', /call chain of more than 250 links/);
  });
});
