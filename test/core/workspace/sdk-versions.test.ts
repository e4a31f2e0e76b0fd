import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SdkVersions } from '../../../src/core/workspace/sdk-versions';
import { TempWorkspaces } from './temp-workspace';

describe('SdkVersions: the installed SDK version a file sees', () => {
  const workspaces = new TempWorkspaces();
  after(() => workspaces.cleanUp());

  const manifest = (dependencies: Record<string, string>): string => JSON.stringify({ name: 'app', dependencies });

  it('reads the version package-lock.json pins for the declared range', () => {
    const root = workspaces.make('outside', {
      'package.json': manifest({ openai: '^4.20.0' }),
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/openai': { version: '4.24.7' } },
      }),
      'node_modules/openai/package.json': JSON.stringify({ name: 'openai', version: '4.99.0' }),
    });
    assert.deepEqual(new SdkVersions().of('openai', path.join(root, 'src', 'a.ts')), {
      package: 'openai',
      version: '4.24.7',
      source: 'lockfile',
    });
  });

  it('ignores a copy in node_modules above that the declared range cannot have installed (another major)', () => {
    const root = workspaces.make('outside', {
      'package.json': manifest({ express: '^5.1.0' }),
      'node_modules/express/package.json': JSON.stringify({ name: 'express', version: '5.3.0' }),
      'legacy/package.json': manifest({ express: '^4.21.2' }),
      'current/package.json': manifest({ express: '~5.1.0' }),
    });
    const versions = new SdkVersions();
    assert.deepEqual(versions.of('express', path.join(root, 'legacy', 'src', 'app.ts')), {
      package: 'express',
      version: '4.21.2',
      source: 'package.json',
    });
    assert.equal(versions.of('express', path.join(root, 'current', 'src', 'app.ts'))?.version, '5.3.0');
  });

  it('in a monorepo, uses the nearest package.json that declares the package and its entry in the root lockfile', () => {
    const root = workspaces.make('outside', {
      'package.json': manifest({ ai: '^6.0.0' }),
      'packages/web/package.json': manifest({ ai: '^4.1.0' }),
      'package-lock.json': JSON.stringify({
        packages: {
          'packages/web': { name: 'web' },
          'node_modules/ai': { version: '6.0.10' },
          'packages/web/node_modules/ai': { version: '4.3.16' },
        },
      }),
    });
    const versions = new SdkVersions();
    assert.equal(versions.of('ai', path.join(root, 'packages', 'web', 'src', 'chat.ts'))?.version, '4.3.16');
    assert.equal(versions.of('ai', path.join(root, 'src', 'server.ts'))?.version, '6.0.10');
  });

  it("finds the entry in npm's own layout without mistaking a nested copy or text for it", () => {
    const root = workspaces.make('outside', {
      'package.json': manifest({ openai: '^4.20.0' }),
      // As npm writes it: indented, a nested copy whose key ends the same way first, and a string
      // with braces and an escaped quote inside the entry.
      'package-lock.json': JSON.stringify(
        {
          name: 'app',
          lockfileVersion: 3,
          packages: {
            '': { dependencies: { openai: '^4.20.0' } },
            'node_modules/langchain/node_modules/openai': { version: '4.1.0' },
            'node_modules/openai': {
              description: 'says "node_modules/openai": { "version": "9.9.9" } }',
              version: '4.24.7',
            },
          },
        },
        null,
        2,
      ),
    });
    assert.equal(new SdkVersions().of('openai', path.join(root, 'src', 'a.ts'))?.version, '4.24.7');
  });

  it('does not take the pins of a lockfile above for a project the lockfile does not list', () => {
    const root = workspaces.make('outside', {
      'package-lock.json': JSON.stringify({ packages: { 'node_modules/ai': { version: '6.0.10' } } }),
      'tools/script/package.json': manifest({ ai: '^4.1.0' }),
    });
    assert.deepEqual(new SdkVersions().of('ai', path.join(root, 'tools', 'script', 'a.ts')), {
      package: 'ai',
      version: '4.1.0',
      source: 'package.json',
    });
  });

  it('reads pnpm-lock.yaml and yarn.lock', () => {
    const pnpm = workspaces.make('outside', {
      'package.json': manifest({ '@google/generative-ai': '^0.11.0' }),
      'pnpm-lock.yaml': [
        "lockfileVersion: '9.0'",
        'importers:',
        '  .:',
        '    dependencies:',
        "      '@google/generative-ai':",
        '        specifier: ^0.11.0',
        '        version: 0.11.4',
        '',
      ].join('\n'),
    });
    assert.equal(new SdkVersions().of('@google/generative-ai', path.join(pnpm, 'a.ts'))?.version, '0.11.4');
    const yarn = workspaces.make('outside', {
      'package.json': manifest({ ai: '^4.0.0' }),
      'yarn.lock': ['zod@^3.0.0:', '  version "3.23.8"', '', 'ai@^4.0.0:', '  version "4.2.1"', ''].join('\n'),
    });
    assert.deepEqual(new SdkVersions().of('ai', path.join(yarn, 'a.ts')), {
      package: 'ai',
      version: '4.2.1',
      source: 'lockfile',
    });
  });

  it('falls back to node_modules, then to the lowest version the declared range allows', () => {
    const installed = workspaces.make('outside', {
      'package.json': manifest({ ai: '^4.0.0' }),
      'node_modules/ai/package.json': JSON.stringify({ version: '4.3.2' }),
    });
    assert.deepEqual(new SdkVersions().of('ai', path.join(installed, 'a.ts')), {
      package: 'ai',
      version: '4.3.2',
      source: 'node_modules',
    });
    const declaredOnly = workspaces.make('outside', { 'package.json': manifest({ openai: '~4.24' }) });
    assert.deepEqual(new SdkVersions().of('openai', path.join(declaredOnly, 'a.ts')), {
      package: 'openai',
      version: '4.24.0',
      source: 'package.json',
    });
  });

  it('says nothing for a package the workspace does not declare or install, or a range that is not a version', () => {
    const root = workspaces.make('outside', {
      'package.json': manifest({ openai: 'latest' }),
      'package-lock.json': '{ not json',
    });
    const versions = new SdkVersions();
    assert.equal(versions.of('openai', path.join(root, 'a.ts')), undefined);
    assert.equal(versions.of('@anthropic-ai/sdk', path.join(root, 'a.ts')), undefined);
  });
  it('remembers a parsed lockfile across analyses until an install changes it', () => {
    const lock = (version: string): string =>
      JSON.stringify({ packages: { '': {}, 'node_modules/openai': { version } } });
    const root = workspaces.make('outside', {
      'package.json': manifest({ openai: '^4.20.0' }),
      'package-lock.json': lock('4.24.7'),
    });
    const file = path.join(root, 'src', 'a.ts');
    const lockfile = path.join(root, 'package-lock.json');
    assert.equal(new SdkVersions().of('openai', file)?.version, '4.24.7');
    assert.equal(new SdkVersions().of('openai', file)?.version, '4.24.7');
    // An install changes the time (and mostly the size): the next analysis reads the new pin.
    const { atime, mtime } = fs.statSync(lockfile);
    fs.writeFileSync(lockfile, lock('4.99.10'));
    fs.utimesSync(lockfile, atime, new Date(mtime.getTime() + 5_000));
    assert.equal(new SdkVersions().of('openai', file)?.version, '4.99.10');
    fs.rmSync(lockfile);
    assert.deepEqual(new SdkVersions().of('openai', file), {
      package: 'openai',
      version: '4.20.0',
      source: 'package.json',
    });
  });
});
