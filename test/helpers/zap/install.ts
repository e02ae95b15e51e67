// Puts the ZAP stand-ins on a PATH for a test: a bin folder with `zap-api-scan.py` and/or `docker`, each a
// two-line shell script running the TypeScript stand-in through tsx.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const RUN_TS = resolve(HERE, '../../../bin/run-ts.js');

export interface StandInBin {
  dir: string;
  /** The JSON-lines log the stand-ins append to. */
  log: string;
  events(): Record<string, unknown>[];
  remove(): void;
}

export function installStandIns(which: { script?: boolean; docker?: boolean }): StandInBin {
  const dir = mkdtempSync(join(tmpdir(), 'pc-zap-bin-'));
  const stub = (name: string, entry: string) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${RUN_TS}" "${join(HERE, entry)}" "$@"\n`);
    chmodSync(file, 0o755);
  };
  if (which.script) stub('zap-api-scan.py', 'stand-in-script.ts');
  if (which.docker) stub('docker', 'fake-docker.ts');
  const log = join(dir, 'stand-in.log');
  writeFileSync(log, '');
  return {
    dir,
    log,
    events: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A PATH holding only the stand-ins' folder, or an empty one: no docker, podman or ZAP of the machine. */
export function isolatedPath(bin?: string): string {
  return bin ?? mkdtempSync(join(tmpdir(), 'pc-zap-empty-path-'));
}
