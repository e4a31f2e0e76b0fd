import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditSources } from '../../../src/core/audit';
import type { DecisionProfile } from '../../../src/core/types';
import { profileAt } from './profile-at';

/**
 * The profile of the call marked `// UNCAUGHT` in an app whose package.json declares `express`:
 * the version decides whether a rejected async route reaches the error middleware.
 */
async function uncaughtWith(express: string, source: string): Promise<DecisionProfile> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'express-version-'));
  try {
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', dependencies: { express } }));
    // The SDK's and Express's types, as an installed app has them.
    fs.symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'), 'dir');
    const result = await auditSources({ 'src/app.ts': source }, { root });
    const line = source.split('\n').findIndex((text) => text.includes('// UNCAUGHT')) + 1;
    const profile = result.profiles.find((item) => item.call.range.line === line);
    assert.ok(profile, 'the marked call is found');
    return profile;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const ROUTES = (
  catchBlock: string,
  middleware: string,
) => `import express, { type NextFunction, type Request, type Response } from 'express';
import OpenAI from 'openai';

const client = new OpenAI();
const app = express();

app.post('/chat', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: String(req.body.q) }] }); // CALL
    res.json({ reply: completion.choices[0]?.message.content ?? '' });
  } catch (error) {
    ${catchBlock}
  }
});

app.post('/title', async (req: Request, res: Response) => {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: String(req.body.q) }] }); // UNCAUGHT
  res.json({ title: completion.choices[0]?.message.content ?? '' });
});

${middleware}
`;

const LOGGING_MIDDLEWARE = `app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error('request failed', error);
  res.status(500).json({ error: 'internal error' });
});`;

describe("engine: Express's error middleware", () => {
  it('answers what a route passes to next(error)', async () => {
    const profile = await profileAt({ 'src/app.ts': ROUTES('next(error);', LOGGING_MIDDLEWARE) }, '// CALL');
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.where?.line, 21);
    assert.equal(profile.failure.logged, true);
    assert.equal(profile.failure.reaction, 'logs and returns HTTP 500');
  });

  it('gets a rejected async route on Express 5, not on Express 4', async () => {
    const source = ROUTES('next(error);', LOGGING_MIDDLEWARE);
    assert.equal((await uncaughtWith('^4.21.2', source)).failure.handledBy, 'none');
    const current = await uncaughtWith('^5.1.0', source);
    assert.equal(current.failure.handledBy, 'caller');
    assert.equal(current.failure.logged, true);
  });

  it('gets a rejected async route on Express 4 patched by express-async-errors', async () => {
    const source = `import 'express-async-errors';\n${ROUTES('next(error);', LOGGING_MIDDLEWARE)}`;
    assert.equal((await uncaughtWith('^4.21.2', source)).failure.handledBy, 'caller');
  });

  it('gets what an async wrapper of a route passes to next (asyncHandler, catchAsync)', async () => {
    const profile = await profileAt(
      {
        'src/app.ts': `import express, { type NextFunction, type Request, type Response } from 'express';
import asyncHandler from 'express-async-handler';
import OpenAI from 'openai';

const client = new OpenAI();
const app = express();

app.get(
  '/joke',
  asyncHandler(async (_req: Request, res: Response) => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'A joke.' }); // CALL
    res.json({ joke: response.output_text });
  }),
);

${LOGGING_MIDDLEWARE}
`,
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'caller');
    assert.equal(profile.failure.logged, true);
  });

  it('is not a middleware of three parameters, and `return next(error)` returns no default', async () => {
    const profile = await profileAt(
      {
        'src/app.ts': ROUTES(
          'return next(error);',
          `app.use((req: Request, _res: Response, next: NextFunction) => {
  console.log(req.path);
  next();
});`,
        ),
      },
      '// CALL',
    );
    assert.equal(profile.failure.handledBy, 'local');
    assert.equal(profile.failure.reaction, 'rethrows it');
    assert.equal(profile.fallback.kind, 'none');
  });
});
