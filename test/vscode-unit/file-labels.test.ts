import * as assert from 'node:assert/strict';
import { distinguishingLabels } from '../../src/vscode/file-labels';

describe('file-labels: the Model Calls tree tells same-named files apart', () => {
  it('keeps a unique base name and lengthens same-named ones until they differ', () => {
    const labels = distinguishingLabels([
      'app/api/chat/openai/route.ts',
      'app/api/chat/anthropic/route.ts',
      'app/api/title/route.ts',
      'lib/ai.ts',
    ]);
    assert.deepEqual(Object.fromEntries(labels), {
      'app/api/chat/openai/route.ts': 'openai/route.ts',
      'app/api/chat/anthropic/route.ts': 'anthropic/route.ts',
      'app/api/title/route.ts': 'title/route.ts',
      'lib/ai.ts': 'ai.ts',
    });
  });

  it('goes up as far as needed, to the whole path', () => {
    const labels = distinguishingLabels(['a/x/route.ts', 'b/x/route.ts', 'route.ts']);
    assert.deepEqual(Object.fromEntries(labels), {
      'a/x/route.ts': 'a/x/route.ts',
      'b/x/route.ts': 'b/x/route.ts',
      'route.ts': 'route.ts',
    });
  });
});
