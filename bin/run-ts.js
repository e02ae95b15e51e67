#!/usr/bin/env node
// Runs a TypeScript script of this project (benchmarks, generators): node bin/run-ts.js path/to/script.ts
// Bundled like the CLI (bin/bundle.js).
import { resolve } from 'node:path';
import { loadEntry } from './bundle.js';

const script = process.argv[2];
if (!script) {
  console.error('usage: node bin/run-ts.js <script.ts> [args...]');
  process.exit(2);
}
process.argv.splice(2, 1);
await loadEntry(resolve(script));
