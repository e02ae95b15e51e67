// What `load merge` reads, told apart by content: hdr files (load/hdr-file.ts), a run's results.json
// (its hdr files are the file evidence of HDR_CONTENT_TYPE beside it), and k6 `--out json` output
// (load/k6/points.ts, plain or gzipped). Every file is bounded in size; any problem names the file.
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { HDR_CONTENT_TYPE, MAX_HDR_FILE_BYTES, isHdrFile, parseHdrFile } from './hdr-file.ts';
import { isGzip, isK6OutputLine, readK6Points, type PointsLimits } from './k6/points.ts';
import { MergeInputError, type ScenarioMetrics } from './merge.ts';
import type { ThresholdMap } from './thresholds.ts';

export type MergeInputKind = 'hdr' | 'results' | 'k6-json';

export interface MergeInput {
  /** The file as given, or `results.json → evidence/….hdr.json` for one found through a results file. */
  label: string;
  kind: 'hdr' | 'k6-json';
  scenarios: ScenarioMetrics[];
  /** Thresholds the input recorded: an hdr file's (its scenario's), k6's Metric lines (every scenario's). */
  recorded: ThresholdMap;
  /** What the reader left out (k6: points outside scenarios, gauges). */
  notes: string[];
}

export interface ReadMergeInputsOptions {
  /** Submetrics to compute from k6 points, besides the ones the inputs declare (the thresholds' keys). */
  submetrics?: readonly string[];
  pointsLimits?: Partial<PointsLimits>;
}

/** Tells what a file is by its first line (k6 output) or its whole JSON (hdr file, results.json). */
export async function kindOf(path: string): Promise<MergeInputKind> {
  let head: string;
  try {
    if (await isGzip(path)) return 'k6-json';
    const fh = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new MergeInputError(`${path}: ${readError(err)}`);
  }
  const newline = head.indexOf('\n');
  if (newline !== -1) {
    try {
      if (isK6OutputLine(JSON.parse(head.slice(0, newline)))) return 'k6-json';
    } catch {
      // a pretty-printed JSON document: decided below
    }
  }
  const json = await readJson(path);
  if (isK6OutputLine(json)) return 'k6-json'; // a single line, no newline after it
  if (isHdrFile(json)) return 'hdr';
  if (isResults(json)) return 'results';
  throw new MergeInputError(`${path}: not an hdr file, a results.json or k6 --out json output`);
}

// A k6 output line is far shorter; anything else is judged as a whole JSON document.
const HEAD_BYTES = 64 * 1024;

function readError(err: unknown): string {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
}

/** Reads every file: hdr files and results.json first, so their thresholds' submetrics are computed from k6 points too. */
export async function readMergeInputs(
  paths: readonly string[],
  opts: ReadMergeInputsOptions = {},
): Promise<MergeInput[]> {
  // One at a time: each may hold a 16 MiB JSON document while it is told apart.
  const kinds: { path: string; kind: MergeInputKind }[] = [];
  for (const p of paths) kinds.push({ path: p, kind: await kindOf(p) });
  // A file given twice (or also through its results.json) would count its samples twice.
  const seen = new Set<string>();
  const once = async (path: string, label: string): Promise<void> => {
    const real = await realpath(path).catch(() => path);
    if (seen.has(real)) throw new MergeInputError(`${label}: given twice (its samples would count twice)`);
    seen.add(real);
  };
  const out: MergeInput[] = [];
  for (const { path, kind } of kinds) {
    if (kind === 'hdr') {
      await once(path, path);
      out.push(hdrInput(await readJson(path), path));
    } else if (kind === 'results') {
      const files = hdrEvidence((await readJson(path)) as Obj, path);
      if (files.length === 0)
        throw new MergeInputError(`${path}: the run stored no load histograms (built-in engine runs do)`);
      for (const f of files) {
        await once(f.path, f.label);
        out.push(hdrInput(await readJson(f.path, f.label), f.label));
      }
    } else await once(path, path);
  }
  const submetrics = new Set(opts.submetrics ?? []);
  for (const input of out) for (const key of Object.keys(input.recorded)) submetrics.add(key);
  for (const { path, kind } of kinds) {
    if (kind !== 'k6-json') continue;
    const file = await readK6Points(path, {
      submetrics: [...submetrics],
      ...(opts.pointsLimits ? { limits: opts.pointsLimits } : {}),
    });
    const notes: string[] = [];
    if (file.scenarios.length === 0) notes.push(`${path}: no point tagged with a scenario`);
    if (file.outsideScenarios > 0)
      notes.push(`${path}: ${file.outsideScenarios} point(s) outside any scenario (setup, teardown) left out`);
    out.push({ label: path, kind: 'k6-json', scenarios: file.scenarios, recorded: file.declared, notes });
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function isResults(json: unknown): json is Obj {
  return isObj(json) && typeof json.schemaVersion === 'string' && isObj(json.evidence);
}

function hdrInput(json: unknown, label: string): MergeInput {
  const { metrics, thresholds } = parseHdrFile(json, label);
  return { label, kind: 'hdr', scenarios: [metrics], recorded: thresholds, notes: [] };
}

/** The hdr files a results.json references, each resolved inside its folder. */
function hdrEvidence(results: Obj, resultsPath: string): { path: string; label: string }[] {
  const out: { path: string; label: string }[] = [];
  for (const ev of Object.values(results.evidence as Obj)) {
    if (!isObj(ev) || ev.kind !== 'file' || ev.contentType !== HDR_CONTENT_TYPE) continue;
    const rel = ev.path;
    if (typeof rel !== 'string' || isAbsolute(rel) || normalize(rel).split(sep).includes('..'))
      throw new MergeInputError(`${resultsPath}: evidence ${String(ev.id)} has a path outside its folder`);
    out.push({ path: join(dirname(resultsPath), rel), label: `${resultsPath} → ${rel}` });
  }
  return out;
}

async function readJson(path: string, label = path): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new MergeInputError(`${label}: ${readError(err)}`);
  }
  if (size > MAX_HDR_FILE_BYTES)
    throw new MergeInputError(
      `${label}: ${size} bytes, more than the ${MAX_HDR_FILE_BYTES} an hdr file or results.json may have`,
    );
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new MergeInputError(`${label}: not JSON (${(err as Error).message})`);
  }
}
