// A complete (certifiable) run on disk, built from the reporters' sample: results.json and its evidence
// files in a fresh folder, and a key pair beside it.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairFiles } from '../../certify/keys.ts';
import type { Results } from '../../engine/types.ts';
import { sampleResults } from '../reports/sample-results.ts';

export const SCREENSHOT_BYTES = Buffer.from('\x89PNG\r\n\x1a\n not really a picture, but bytes to hash', 'binary');
export const SCREENSHOT_SHA = createHash('sha256').update(SCREENSHOT_BYTES).digest('hex');
export const SCREENSHOT_PATH = `evidence/${SCREENSHOT_SHA}.png`;

/**
 * The sample run made complete: the built-in default profile, no collector or required check in error,
 * no unprobed place the profile counts, its one screenshot with its true SHA-256. Not conformant (a
 * required check failed), which a certificate states.
 */
export function completeResults(): Results {
  const r = sampleResults();
  r.run.profile = { id: 'psw-v1-default', title: 'Port Single Window profile v1 (CI)', version: '1.0.0' };
  r.run.options = { profile: 'psw-v1-default', checks: null, openapi: null };
  r.target.tokenUrl = 'https://psw.example-port.test/oauth/token';
  for (const c of r.checks) if (c.outcome === 'error') c.outcome = 'fail';
  // A complete run: every required check judged (the sample has one needing review).
  for (const c of r.checks) if (c.required && c.outcome === 'needs-review') c.outcome = 'pass';
  r.summary.blocking = r.checks.filter((c) => c.required && c.outcome === 'fail').map((c) => c.id);
  r.artifacts = r.artifacts.map((a) =>
    a.status === 'error' ? { name: a.name, status: 'ok', durationMs: a.durationMs } : a,
  );
  const shot = r.evidence['ev-0005'];
  if (shot?.kind !== 'file') throw new Error('the sample lost its file evidence');
  shot.path = SCREENSHOT_PATH;
  shot.sha256 = SCREENSHOT_SHA;
  return r;
}

export interface RunOnDisk {
  dir: string;
  resultsPath: string;
  keys: Awaited<ReturnType<typeof generateKeyPairFiles>>;
}

export async function writeRun(results: Results = completeResults()): Promise<RunOnDisk> {
  const root = mkdtempSync(join(tmpdir(), 'pc-cert-'));
  const dir = join(root, 'run');
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  writeFileSync(join(dir, SCREENSHOT_PATH), SCREENSHOT_BYTES);
  const resultsPath = join(dir, 'results.json');
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  const keys = await generateKeyPairFiles(join(root, 'keys'));
  return { dir, resultsPath, keys };
}

/** Flips one bit of one byte of a file (the middle one by default). */
export function flipByte(path: string, at?: number): void {
  const bytes = readFileSync(path);
  const i = at ?? Math.floor(bytes.length / 2);
  bytes[i] = bytes[i]! ^ 0x01;
  writeFileSync(path, bytes);
}

/**
 * Changes one character in the middle of one part of a compact JWS to another base64url character: still
 * a well-formed JWS, so only the signature (or the header's content) can tell.
 */
export function alterJws(path: string, part: 'payload' | 'signature'): void {
  const text = readFileSync(path, 'utf8').trimEnd();
  const [h, p, sig] = text.split('.') as [string, string, string];
  const at =
    part === 'payload' ? h.length + 1 + Math.floor(p.length / 2) : h.length + p.length + 2 + Math.floor(sig.length / 2);
  const swapped = text[at] === 'A' ? 'B' : 'A';
  writeFileSync(path, text.slice(0, at) + swapped + text.slice(at + 1));
}
