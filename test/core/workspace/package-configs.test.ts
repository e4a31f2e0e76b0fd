import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PackageConfigs } from '../../../src/core/workspace/package-configs';
import { TempWorkspaces } from './temp-workspace';

const config = (compilerOptions: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ compilerOptions, ...extra });

describe('workspace/package-configs', () => {
  const temp = new TempWorkspaces();
  after(() => temp.cleanUp());

  it("gives a package's files the aliases of the tsconfig nearest them, each resolved from its own folder", () => {
    const root = temp.make('outside', {
      'apps/web/tsconfig.json': config({ paths: { '@/*': ['./*'] } }),
      'apps/web/utils/ai/summary.ts': '',
      'apps/worker/tsconfig.json': config({ baseUrl: '.', paths: { '@/*': ['src/*'] } }),
      'apps/worker/src/jobs/digest.ts': '',
    });
    const configs = new PackageConfigs(root);
    const web = configs.of(path.join(root, 'apps/web/utils/ai/summary.ts'));
    assert.equal(web?.file, path.join(root, 'apps/web/tsconfig.json'));
    assert.deepEqual(web?.aliases.resolve('@/utils/llms'), [path.join(root, 'apps/web/utils/llms')]);
    const worker = configs.of(path.join(root, 'apps/worker/src/jobs/digest.ts'));
    assert.deepEqual(worker?.aliases.resolve('@/llm/complete'), [path.join(root, 'apps/worker/src/llm/complete')]);
    assert.equal(worker?.resolution.baseUrl, path.join(root, 'apps/worker'));
  });

  it("leaves to the workspace's options the files under no package config, and the root's own", () => {
    const root = temp.make('outside', {
      'tsconfig.json': config({ paths: { '~/*': ['./src/*'] } }),
      'src/index.ts': '',
      'packages/shared/src/llm.ts': '',
    });
    const configs = new PackageConfigs(root);
    assert.equal(configs.of(path.join(root, 'src/index.ts')), undefined);
    assert.equal(configs.of(path.join(root, 'packages/shared/src/llm.ts')), undefined);
  });

  it('reads the aliases a config sets itself when what it extends is not installed', () => {
    const root = temp.make('outside', {
      'apps/web/tsconfig.json': config(
        { baseUrl: './', paths: { '@/*': ['./*'] } },
        { extends: 'tsconfig/nextjs.json' },
      ),
      'apps/web/app/page.ts': '',
    });
    const found = new PackageConfigs(root).of(path.join(root, 'apps/web/app/page.ts'));
    assert.deepEqual(found?.aliases.resolve('@/utils/llms'), [path.join(root, 'apps/web/utils/llms')]);
  });

  it('takes aliases a package config inherits from a config it extends by path', () => {
    const root = temp.make('outside', {
      'tsconfig.base.json': config({ baseUrl: '.', paths: { '@acme/shared/*': ['packages/shared/src/*'] } }),
      'apps/api/tsconfig.json': config({}, { extends: '../../tsconfig.base.json' }),
      'apps/api/src/route.ts': '',
    });
    const found = new PackageConfigs(root).of(path.join(root, 'apps/api/src/route.ts'));
    assert.deepEqual(found?.aliases.resolve('@acme/shared/llm'), [path.join(root, 'packages/shared/src/llm')]);
  });

  it('skips a package config that does not parse or names no aliases, for the one above it', () => {
    const root = temp.make('outside', {
      'apps/web/tsconfig.json': config({ paths: { '@/*': ['./*'] } }),
      'apps/web/legacy/tsconfig.json': '{ "compilerOptions": { "strict": true, ',
      'apps/web/legacy/old.ts': '',
      'apps/web/scripts/tsconfig.json': config({ strict: true }),
      'apps/web/scripts/seed.ts': '',
    });
    const configs = new PackageConfigs(root);
    const web = path.join(root, 'apps/web/tsconfig.json');
    assert.equal(configs.of(path.join(root, 'apps/web/legacy/old.ts'))?.file, web);
    assert.equal(configs.of(path.join(root, 'apps/web/scripts/seed.ts'))?.file, web);
  });
});
