import * as assert from 'node:assert/strict';
import { npmModule } from '../../src/core/imports';

describe('npmModule: the npm module a Deno-style specifier names', () => {
  for (const [specifier, module] of [
    ['npm:openai@4.20.0', 'openai'],
    ['npm:@anthropic-ai/sdk@0.20.0', '@anthropic-ai/sdk'],
    ['npm:openai@4/helpers/zod', 'openai/helpers/zod'],
    ['npm:ai', 'ai'],
    ['https://esm.sh/openai@4.20.0', 'openai'],
    ['https://esm.sh/@anthropic-ai/sdk@0.24.0?target=deno', '@anthropic-ai/sdk'],
    ['https://esm.sh/ai@3/rsc', 'ai/rsc'],
    ['https://deno.land/x/openai@v4.24.0/mod.ts', 'openai'],
    ['https://cdn.jsdelivr.net/npm/openai@4/+esm', 'openai'],
    // Not a package registry or CDN: kept as written.
    ['https://example.com/openai.js', 'https://example.com/openai.js'],
    ['openai', 'openai'],
    ['./openai', './openai'],
  ]) {
    it(`${specifier} → ${module}`, () => assert.equal(npmModule(specifier), module));
  }
});
