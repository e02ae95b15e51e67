// npm run pacts: regenerates contracts/pact/pacts/ from the consumer tests (commit the result).
import { fileURLToPath } from 'node:url';
import { generatePacts } from './generator.ts';
import { PACT_DIR } from './names.ts';

const out = process.argv[2] ?? fileURLToPath(PACT_DIR);
try {
  const files = await generatePacts(out);
  for (const f of files) console.log(`wrote ${f}`);
} catch (err) {
  console.error(`pact generation failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
