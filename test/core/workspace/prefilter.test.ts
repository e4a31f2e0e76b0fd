import * as assert from 'node:assert/strict';
import { mayContainModelCall } from '../../../src/core/workspace/prefilter';

describe('workspace/prefilter', () => {
  describe('keeps files that name an SDK package', () => {
    for (const text of [
      "import OpenAI from 'openai';",
      'import OpenAI from "openai";',
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { generateText } from 'ai';",
      "import { openai } from '@ai-sdk/openai';",
      "import { ChatOpenAI } from '@langchain/openai';",
      "import { ChatPromptTemplate } from '@langchain/core/prompts';",
      "import { GoogleGenAI } from '@google/genai';",
      "import { GoogleGenerativeAI } from '@google/generative-ai';",
      "import { Mistral } from '@mistralai/mistralai';",
      "import Groq from 'groq-sdk';",
      "import { CohereClient } from 'cohere-ai';",
      "import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';",
      "import ollama from 'ollama';",
      "const OpenAI = require('openai');",
      "const { default: OpenAI } = await import('openai');",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(`// header\n${text}\nexport {};\n`), true));
    }
  });

  it('keeps an endpoint after an import of a module named like one', () => {
    const text = "import { formatResponse } from './prompts/responses';\nawait fetch(`${base}/responses`, init);\n";
    assert.equal(mayContainModelCall(text), true);
  });

  describe('keeps every form of import', () => {
    for (const text of [
      "export * from '@ai-sdk/openai';",
      "export { default as OpenAI } from 'openai';",
      "import 'openai/shims/node';",
      "import OpenAI = require('openai');",
      "import type { ChatCompletion } from'openai';",
      "declare module 'openai' {\n  interface ClientOptions { region?: string }\n}",
      "const { generateText } = await import(/* webpackIgnore: true */ 'ai');",
      "/** @param {import('openai').OpenAI} client */\nfunction ask(client) {}",
      "const Anthropic = require(\n  '@anthropic-ai/sdk'\n);",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps subpath imports of an SDK package', () => {
    for (const text of [
      "import { zodResponseFormat } from 'openai/helpers/zod';",
      "import type { ChatCompletion } from 'openai/resources/chat/completions';",
      "import { createStreamableUI } from 'ai/rsc';",
      "import { BedrockClient } from 'cohere-ai/aws';",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps raw HTTP calls to model endpoints', () => {
    for (const text of [
      "await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST' });",
      "await fetch('https://contoso-eu.openai.azure.com/openai/deployments/gpt4o/chat/completions');",
      "await axios.post('https://api.anthropic.com/v1/messages', body);",
      "const url = 'https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent';",
      "await fetch('https://api.eu.mistral.ai/v1/chat/completions');",
      "await fetch('https://api.groq.com/openai/v1/chat/completions');",
      "await fetch('https://openrouter.ai/api/v1/chat/completions');",
      "await fetch('http://localhost:11434/api/chat');",
      "await fetch('https://api.cohere.com/v2/chat');",
      "await fetch('https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse');",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps model endpoint paths on any host, however the URL is written', () => {
    for (const text of [
      "await fetch('https://llm.internal.example/v1/chat/completions');",
      'await fetch(`${base}/chat/completions`, init);',
      'const endpoint = new URL("chat/completions", this.apiBase);',
      'const endpoint = new URL("fim/completions", base);',
      "const url = baseUrl + '/responses';",
      'await fetch(`${host}/api/chat`, init);',
      'const url = new URL("api/generate", base);',
      'await fetch(`${root}/v1/messages`, init);',
      'const url = `${base}/models/${model}:streamGenerateContent?alt=sse`;',
      'const url = `${endpoint}/openai/deployments/${deployment}/chat/completions`;',
      'const socket = new WebSocket(`${base}/v1/realtime?model=${model}`);',
      'const url = `${this.baseUrl}/chat-messages`;',
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps HTTP payloads that name a model and a prompt, whatever the URL', () => {
    for (const text of [
      'await fetch(`${api}/query`, { body: JSON.stringify({ model: id, system_prompt: system, message }) });',
      'await client.post(url, { model, messages });',
      "await axios.post(url, { 'model': 'local', \"prompt\": text });",
      'const body = {\n  model,\n  input: chunks,\n};\nawait request(url, { body });',
      "const payload = { ['model']: id, ['contents']: parts };\nawait send(payload);",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe("keeps HTTP payloads with a key only model APIs use (Claude on Vertex AI's `anthropic_version`)", () => {
    for (const text of [
      "await fetch(gatewayUrl, { method: 'POST', body: JSON.stringify({ anthropic_version: 'vertex-2023-10-16', messages }) });",
      "const body = { 'anthropic_version': version, max_tokens: 512 };\nawait axios.post(url, body);",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
    it('but not the key alone, with nothing sent', () => {
      assert.equal(
        mayContainModelCall("export const ANTHROPIC_VERSION = { anthropic_version: 'vertex-2023-10-16' };"),
        false,
      );
    });
  });

  describe('keeps files that declare a fetch shim', () => {
    for (const text of [
      '  protected async fetch(url: URL | string, init?: RequestInit): Promise<Response> {',
      '  fetch(url, init) {',
      'export async function fetchWithRetry(input: string, init: RequestInit) {',
      'const customFetch = async (input: URL, init: any) => {',
      'export const proxiedFetch = (url) => undici.fetch(url);',
      'export async function fetchWithCache<T>(url: string, options: RequestInit = {}) {',
      'export const fetchJson = async <T,>(url: string): Promise<T> => {',
      '  async fetchTyped<T extends object>(url: string): Promise<T> {',
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps files that fetch a URL held in a variable and send JSON (a transport of any name)', () => {
    for (const text of [
      'const { url, body } = request;\nconst response = await fetch(url, { method: "POST", body: JSON.stringify(body) });',
      'return fetch(config.url, { ...init, body: JSON.stringify(payload) });',
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
    it('but not a fetch of a literal URL, nor one that sends no JSON', () => {
      assert.equal(mayContainModelCall("await fetch('/api/todos', { body: JSON.stringify(todo) });"), false);
      assert.equal(mayContainModelCall('const response = await fetch(url, { signal });'), false);
    });
  });

  describe('keeps MCP files that name a model-backed operation', () => {
    for (const text of [
      "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nawait client.callTool({ name: 'search', arguments: {} });",
      "import type { Server } from '@modelcontextprotocol/sdk/server/index.js';\nawait server.createMessage(params);",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe("keeps a VS Code extension's files that name the Language Model API", () => {
    for (const text of [
      "import * as vscode from 'vscode';\nconst [model] = await vscode.lm.selectChatModels({ family: 'gpt-4o' });",
      "import * as vscode from 'vscode';\nconst response = await this.model.sendRequest(messages, {}, token);",
      "import type { LanguageModelChat } from 'vscode';\nexport function answer(model: LanguageModelChat) {}",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps Deno code that imports an SDK by npm: specifier or CDN URL', () => {
    for (const text of [
      "import OpenAI from 'npm:openai@4.20.0';\n",
      'import Anthropic from "https://esm.sh/@anthropic-ai/sdk@0.24.0?target=deno";\n',
      "import OpenAI from 'https://deno.land/x/openai@v4.24.0/mod.ts';\n",
      "import { zodResponseFormat } from 'npm:openai@4/helpers/zod';\n",
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('keeps helpers given the client by their callers, with no SDK import', () => {
    for (const text of [
      'export async function complete(client, messages) {\n  return client.chat.completions.create({ messages });\n}\n',
      'const reply = await anthropic\n  .messages\n  .create(request);\n',
      'return ai?.models?.generateContent({ model, contents });\n',
    ]) {
      it(text, () => assert.equal(mayContainModelCall(text), true));
    }
  });

  describe('drops files that cannot contain a model call of their own', () => {
    for (const [why, text] of [
      ['no imports at all', 'export const answer = 42;\n'],
      [
        'other packages',
        "import express from 'express';\nimport { z } from 'zod';\nimport axios from 'axios-retry';\n",
      ],
      [
        'a package whose name only contains an SDK name',
        "import x from 'openai-compatible';\nimport y from 'my-openai';\nimport z from '@acme/openai';\n",
      ],
      [
        'SDK names in prose and identifiers',
        '// We call OpenAI and Anthropic elsewhere.\nconst openaiKey = process.env.OPENAI_API_KEY;\n',
      ],
      ['fetch to another host and path', "await fetch('https://openai.example.com/v1/forecast');\n"],
      ['an ollama model list', "await fetch('http://localhost:8080/api/tags');\n"],
      [
        'a payload with a model but no prompt',
        "await fetch(hook, { method: 'POST', body: JSON.stringify({ text, model: 'announcement' }) });\n",
      ],
      ['a model and a prompt but no request', "const row = { model: 'gpt-4o', prompt: text };\n"],
      [
        // Every file of an LLM app says `model` and `messages`; a payload has them as keys.
        'a request, and the words model and prompt outside object keys',
        'const reply = await sendToChat(this.model, messages);\nrequest.log(prompt);\n',
      ],
      ['calls of fetch-named functions', 'const users = await fetchUsers(page);\nprefetch(route);\n'],
      // One name is no path: `create` and `invoke` are called on everything.
      ['single method names of SDKs', 'await repository.create(row);\nawait handler.invoke(event);\nchat.stream();\n'],
      [
        'Deno imports of other packages, one named like an SDK',
        "import { serve } from 'https://deno.land/std@0.168.0/http/server.ts';\nimport x from 'npm:openai-compatible@1';\n",
      ],
      ['a relative import named like an SDK', "import { ask } from './openai';\nimport { client } from '../ollama';\n"],
      [
        // An endpoint path in an import specifier names a module of the workspace.
        'modules named like endpoint paths',
        "import { formatResponse } from '@core/prompts/responses';\nimport { embed } from \"../embeddings\";\nconst m = require('./chat/completions');\n",
      ],
      [
        // LLM apps name providers and models in strings everywhere; only an import is an SDK's.
        'provider and model names in strings',
        "if (provider === 'openai') return 'openai/gpt-4o';\nconst providers = ['anthropic', \"ollama\", 'ai'];\n",
      ],
      [
        'an MCP server that registers tools and calls none',
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ name: 'docs', version: '1.0.0' });\nserver.tool('search', async () => ({ content: [] }));\n",
      ],
      [
        // Every file of an extension imports `vscode`: only the ones naming the LM API can call it.
        'a VS Code extension file that never names the Language Model API',
        "import * as vscode from 'vscode';\nvscode.window.showInformationMessage('Saved');\nconst chat = vscode.chat;\n",
      ],
    ] as const) {
      it(why, () => assert.equal(mayContainModelCall(text), false));
    }
  });
});
