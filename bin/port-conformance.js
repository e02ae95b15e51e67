#!/usr/bin/env node
// The CLI: the TypeScript sources as one bundle, rebuilt whenever a source changed (bin/bundle.js).
import { loadEntry } from './bundle.js';

const { cliEntry } = await loadEntry('cli/main.ts');
await cliEntry();
