// bin/bundle.js: an entry point runs as one bundle, each module keeps its own import.meta.url, and a
// changed source is rebuilt before the next start (never a stale bundle); PORT_CONFORMANCE_NO_BUNDLE=1
// runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
// Inside the project (git-ignored): its package.json makes the sources ES modules for tsx too.
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

function runEntry(entry: string, cache: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [RUN_TS, entry], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PORT_CONFORMANCE_BUNDLE_CACHE: cache, ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { value: string; entryUrl: string; partUrl: string; bundled: boolean };
}

describe('bin/bundle.js', () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(ARTIFACTS, 'bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cache = join(dir, 'cache');
  const entry = join(dir, 'entry.ts');
  const part = join(dir, 'part.ts');
  const writePart = (value: string) =>
    writeFileSync(part, `export const value: string = '${value}';\nexport const partUrl = import.meta.url;\n`);
  writeFileSync(
    entry,
    [
      "import { partUrl, value } from './part.ts';",
      // A bundle's own module URL ends in .mjs; tsx runs the .ts itself.
      'const bundled = !new Error().stack!.includes("entry.ts");',
      'console.log(JSON.stringify({ value, entryUrl: import.meta.url, partUrl, bundled }));',
    ].join('\n'),
  );

  it('runs the bundle, with each module’s own import.meta.url', () => {
    writePart('first');
    expect(runEntry(entry, cache)).toEqual({
      value: 'first',
      entryUrl: pathToFileURL(entry).href,
      partUrl: pathToFileURL(part).href,
      bundled: true,
    });
    const manifest = readdirSync(cache).find((f) => f.endsWith('.json'))!;
    // The sources, and what else shapes the bundle: the launcher's build options and tsconfig.json.
    expect(Object.keys(JSON.parse(readFileSync(join(cache, manifest), 'utf8')).inputs).sort()).toEqual(
      [entry, part, fileURLToPath(new URL('../../bin/bundle.js', import.meta.url)), TSCONFIG].sort(),
    );
  });

  it('rebuilds when an imported source changed, and reuses the bundle when none did', () => {
    writePart('second, longer');
    expect(runEntry(entry, cache).value).toBe('second, longer');
    const bundle = readdirSync(cache).find((f) => f.endsWith('.mjs'))!;
    const built = readFileSync(join(cache, bundle), 'utf8');
    expect(runEntry(entry, cache).value).toBe('second, longer');
    expect(readFileSync(join(cache, bundle), 'utf8')).toBe(built);
  });

  it('PORT_CONFORMANCE_NO_BUNDLE=1 runs the sources through tsx', () => {
    writePart('third');
    expect(runEntry(entry, cache, { PORT_CONFORMANCE_NO_BUNDLE: '1' })).toMatchObject({
      value: 'third',
      bundled: false,
    });
  });
});
