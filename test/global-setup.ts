// One temporary folder per `npm test`: TMPDIR points into it before the workers start, so every
// mkdtemp of a test, and of what it spawns (the CLI, testssl.sh, Chromium, Pact's verifier), lands in
// it, and it is removed when the run ends. Tests keep creating folders per case; none outlives the run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'pc-test-run-'));
  // Other users may pass through (not list): the PostgreSQL tests run initdb as `postgres` in a
  // folder of their own below this one.
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
