import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { aliasSpecifier, helperModulePath } from '../../../src/core/fixes/helper-location';

const ROOT = path.resolve('/work/app');
const at = (relative: string): string => path.join(ROOT, ...relative.split('/'));

describe('helper-location: the orchestration helper follows the project layout', () => {
  it('keeps src/ai/call-model.ts for code under src/, uses lib/ai/ for a project without src/', () => {
    assert.equal(helperModulePath(ROOT, at('src/chat.ts'), 'src/ai/call-model.ts'), 'src/ai/call-model.ts');
    assert.equal(helperModulePath(ROOT, at('app/api/chat/route.ts'), 'src/ai/call-model.ts'), 'lib/ai/call-model.ts');
    assert.equal(helperModulePath(ROOT, at('route.ts'), 'src/ai/call-model.ts'), 'lib/ai/call-model.ts');
  });

  it('never overrides a configured path', () => {
    assert.equal(helperModulePath(ROOT, at('app/route.ts'), 'shared/llm.ts'), 'shared/llm.ts');
  });

  it('imports through a paths alias that covers the helper (Next.js "@/*": ["./*"])', () => {
    const options = { paths: { '@/*': ['./*'] }, pathsBasePath: ROOT };
    assert.equal(aliasSpecifier(at('lib/ai/call-model.ts'), options, ROOT), '@/lib/ai/call-model');
  });

  it('resolves paths against baseUrl, and takes the shortest alias', () => {
    const options = { baseUrl: ROOT, paths: { '~/*': ['./src/*'], '@root/*': ['./*'] } };
    assert.equal(aliasSpecifier(at('src/ai/call-model.ts'), options, ROOT), '~/ai/call-model');
  });

  it('gives no alias when none covers the helper, or there are no paths', () => {
    assert.equal(
      aliasSpecifier(at('lib/ai/call-model.ts'), { paths: { '@/*': ['./src/*'] }, baseUrl: ROOT }, ROOT),
      undefined,
    );
    assert.equal(aliasSpecifier(at('lib/ai/call-model.ts'), {}, ROOT), undefined);
    assert.equal(
      aliasSpecifier(at('lib/ai/call-model.ts'), { paths: { 'exact-name': ['./lib/x.ts'] } }, ROOT),
      undefined,
    );
  });
});
