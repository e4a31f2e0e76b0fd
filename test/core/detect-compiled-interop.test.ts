import assert from 'node:assert/strict';
import { auditSources, DEFAULT_CONFIG } from '../../src/core/index';

/**
 * CommonJS written by a compiler: the SDK's module wrapped in an interop helper and its default
 * export read as `default` (`new openai_1.default()`), and the same by hand (`new sdk.default()`).
 */
const SOURCES = {
  'src/clients.js': `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ask = ask;
const openai_1 = __importDefault(require("openai"));
const sdk_1 = tslib_1.__importDefault(require("@anthropic-ai/sdk"));
const anthropic = require("@anthropic-ai/sdk");
const tslib_1 = require("tslib");
const openai = new openai_1.default({ timeout: 10000 });
const claude = new sdk_1.default();
const byHand = new anthropic.default();
async function ask(question) {
    const answer = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
    const review = await claude.messages.create({ model: "claude-sonnet-4-5", max_tokens: 200, messages: [{ role: "user", content: question }] });
    const second = await byHand.messages.create({ model: "claude-sonnet-4-5", max_tokens: 200, messages: [{ role: "user", content: question }] });
    return [answer, review, second];
}
`,
};

describe('detect: compiled CommonJS interop', function () {
  this.timeout(300_000);
  for (const sdkTypes of [false, true]) {
    it(`finds calls on clients made from an interop helper's default (${sdkTypes ? 'with' : 'without'} the SDK typings)`, async () => {
      const result = await auditSources(SOURCES, { config: { ...DEFAULT_CONFIG, sdkTypes } });
      const calls = result.profiles.map(
        (profile) => `${profile.call.range.line} ${profile.call.sdk} ${profile.call.operation}`,
      );
      assert.deepEqual(calls.sort(), [
        '15 openai chat.completions.create',
        '16 anthropic messages.create',
        '17 anthropic messages.create',
      ]);
    });
  }
});
