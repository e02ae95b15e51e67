// Loads one of the project's TypeScript entry points as a single ES module built by esbuild, instead of
// ~360 modules through tsx's loader hooks: start-up drops from ~1.9 s to well under a second, which every
// run, CI step and consortium member pays. The bundle is rebuilt whenever a source file it was built from
// changed (size or mtime), so there is no build step to forget; a failed or impossible build falls back
// to tsx with a one-line note. PORT_CONFORMANCE_NO_BUNDLE=1 always uses tsx (stack traces name .ts lines);
// PORT_CONFORMANCE_BUNDLE_CACHE names the folder bundles are kept in (default node_modules/.cache).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What shapes a bundle besides its sources: this file's build options and the TypeScript settings. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'tsconfig.json')];

function cacheDir() {
  const dir = process.env.PORT_CONFORMANCE_BUNDLE_CACHE || join(ROOT, 'node_modules', '.cache', 'port-conformance');
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    // not writable (a read-only global install): a folder of the temporary directory, one per checkout
    const fallback = join(tmpdir(), `port-conformance-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/** A manifest records each input's size and mtime (BUILD_INPUTS too); any difference or missing file means stale. */
function isFresh(manifestFile, bundleFile, esbuildVersion) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    statSync(bundleFile);
  } catch {
    return false;
  }
  if (manifest.esbuild !== esbuildVersion) return false;
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const s = statSync(file);
      if (s.size !== size || s.mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Each module keeps its own import.meta.url (its files, schemas and createRequire resolve beside it). */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

async function build(esbuild, entryFile, bundleFile, manifestFile) {
  const result = await esbuild.build({
    entryPoints: [entryFile],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: bundleFile,
    plugins: [keepModuleUrls],
  });
  const inputs = {};
  for (const file of [...BUILD_INPUTS, ...Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input))]) {
    const s = statSync(file);
    inputs[file] = [s.size, s.mtimeMs];
  }
  // Written beside and renamed: a process starting meanwhile sees the old bundle or the new, never half.
  const part = `.${process.pid}.part`;
  writeFileSync(bundleFile + part, result.outputFiles[0].contents);
  renameSync(bundleFile + part, bundleFile);
  writeFileSync(manifestFile + part, JSON.stringify({ esbuild: esbuild.version, inputs }));
  renameSync(manifestFile + part, manifestFile);
}

async function viaTsx(entryFile) {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(entryFile).href);
}

/** The module namespace of `entry` (absolute, or relative to the project root), bundled when possible. */
export async function loadEntry(entry) {
  const entryFile = resolve(ROOT, entry);
  if (process.env.PORT_CONFORMANCE_NO_BUNDLE === '1') return viaTsx(entryFile);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    process.stderr.write(`note: running through tsx, esbuild is not loadable (${err.message.split('\n')[0]})\n`);
    return viaTsx(entryFile);
  }
  const name = relative(ROOT, entryFile)
    .replace(/\.ts$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-');
  const dir = cacheDir();
  const bundleFile = join(dir, `${name}.mjs`);
  const manifestFile = join(dir, `${name}.json`);
  if (!isFresh(manifestFile, bundleFile, esbuild.version)) {
    try {
      await build(esbuild, entryFile, bundleFile, manifestFile);
    } catch (err) {
      process.stderr.write(`note: running through tsx, the bundle did not build (${err.message.split('\n')[0]})\n`);
      return viaTsx(entryFile);
    }
  }
  return import(pathToFileURL(bundleFile).href);
}
