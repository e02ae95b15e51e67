// The consortium scale bench's harness process (consortium/bench.ts runs it, and samples its RSS from
// outside): one consortium run over a members file, then one JSON line with each member's time. A script:
//   node bin/run-ts.js consortium/bench-harness.ts MEMBERS_FILE CONCURRENCY OUT_DIR MEMBER_MAX_TIME_MS
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../engine/types.ts';
import { loadMembersFile } from './members.ts';
import { runConsortium } from './run.ts';

export interface HarnessReport {
  wallMs: number;
  exitCode: number;
  conformant: number;
  members: { id: string; status: string; verdict?: string; reason: string; durationMs: number; exclusiveMs: number }[];
  /** process.resourceUsage().maxRSS: the kernel's high-water mark of this process, bytes. */
  maxRssBytes: number;
}

/** The bench's selection has one exclusive phase, the rate-limit burst: members take turns at it. */
const EXCLUSIVE_ARTIFACTS = ['RateLimitBurst'];

/** Time the member spent in exclusive phases, from its results.json. */
function exclusiveMs(file: string | undefined): number {
  if (!file) return 0;
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  return results.artifacts
    .filter((a) => EXCLUSIVE_ARTIFACTS.includes(a.name))
    .reduce((sum, a) => sum + a.durationMs, 0);
}

async function main(): Promise<void> {
  const [file, concurrencyArg, outDir, maxTimeArg] = process.argv.slice(2);
  if (!file || !outDir || !(Number(concurrencyArg) > 0) || !(Number(maxTimeArg) > 0))
    throw new Error('usage: consortium/bench-harness.ts MEMBERS_FILE CONCURRENCY OUT_DIR MEMBER_MAX_TIME_MS');
  const { members } = loadMembersFile(file);
  const durations = new Map<string, number>();
  const started = performance.now();
  const { summary } = await runConsortium({
    members,
    concurrency: Number(concurrencyArg),
    outDir,
    formats: ['json'],
    env: {},
    seed: 1,
    maxTimeMs: Number(maxTimeArg),
    onProgress: (e) => {
      if (e.type === 'member-finished') durations.set(e.member, e.durationMs);
    },
  });
  const report: HarnessReport = {
    wallMs: performance.now() - started,
    exitCode: summary.exitCode,
    conformant: summary.totals.conformant,
    members: summary.members.map((m) => ({
      id: m.id,
      status: m.status,
      ...(m.verdict ? { verdict: m.verdict } : {}),
      reason: m.reason,
      durationMs: durations.get(m.id) ?? NaN,
      exclusiveMs: exclusiveMs(m.resultsPath ? join(outDir, m.resultsPath) : undefined),
    })),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(report));
}

main().catch((err: unknown) => {
  console.error(`consortium bench harness: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
