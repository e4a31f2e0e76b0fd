/**
 * Writes the JSON Schemas that are generated from code. Run `npm run schemas` after adding a rule
 * or changing the config schema; test/core/config.test.ts fails while the committed file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configJsonSchemaText } from '../src/core/config';

const target = path.join(__dirname, '..', 'schemas', 'orchestration-audit.schema.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
