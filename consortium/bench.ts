// Benchmark of the consortium command (a script, not a test: `npm run bench:consortium`): ten members,
// each the reference single window served on loopback by the command, run one at a time and then four
// at a time; prints the wall time of each and their ratio. Each member runs a fast selection (contract
// and security: eta-etd-order, imo-number-validation, tls-protocol-versions, rate-limiting), whose
// rate-limit burst is an exclusive phase: those take turns at the load gate whatever the concurrency,
// so the ratio shows what parallel members gain with their load phases kept apart. The fixtures are
// served in the command's own process: harness and ten servers share one event loop, so this measures
// the consortium's overhead and the gate's serialisation on CPU-bound loopback members; against remote
// members, whose runs mostly wait on the network, concurrency gains more. Loopback only, bounded as a whole.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Results } from '../engine/types.ts';
import { loadMembersFile } from './members.ts';
import { runConsortium, type ConsortiumProgress } from './run.ts';

const MEMBERS = 10;
const CONCURRENCIES = [1, 4];
const CHECKS = ['eta-etd-order', 'imo-number-validation', 'tls-protocol-versions', 'rate-limiting'];
const HARD_LIMIT_MS = 300_000;
const MEMBER_MAX_TIME_MS = 120_000;

const hardStop = setTimeout(() => {
  console.error(`consortium bench: not done within ${HARD_LIMIT_MS / 1000} s; stopping`);
  process.exit(1);
}, HARD_LIMIT_MS);
hardStop.unref();

const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-bench-'));
try {
  const file = join(dir, 'members.yaml');
  writeFileSync(
    file,
    stringify({
      defaults: { profile: 'default', suites: ['contract', 'security'], checks: CHECKS },
      members: Array.from({ length: MEMBERS }, (_, i) => ({
        id: `member-${String(i + 1).padStart(2, '0')}`,
        fixture: 'reference',
      })),
    }),
  );
  const { members } = loadMembersFile(file);
  console.log(
    `Consortium bench: ${MEMBERS} reference members on loopback, checks ${CHECKS.join(', ')}; ` +
      `${availableParallelism()} CPUs`,
  );
  const walls = new Map<number, number>();
  for (const concurrency of CONCURRENCIES) {
    const durations: number[] = [];
    const started = performance.now();
    const { summary } = await runConsortium({
      members,
      concurrency,
      outDir: join(dir, `c${concurrency}`),
      formats: ['json'],
      env: {},
      seed: 1,
      maxTimeMs: MEMBER_MAX_TIME_MS,
      onProgress: (e: ConsortiumProgress) => {
        if (e.type === 'member-finished') durations.push(e.durationMs);
      },
    });
    const wall = (performance.now() - started) / 1000;
    walls.set(concurrency, wall);
    const mean = durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length) / 1000;
    // The exclusive phases take turns at the load gate: their sum is a floor under any concurrency.
    let exclusiveMs = 0;
    for (const m of summary.members) {
      const results = JSON.parse(readFileSync(join(dir, `c${concurrency}`, m.resultsPath!), 'utf8')) as Results;
      exclusiveMs += results.artifacts.find((a) => a.name === 'RateLimitBurst')?.durationMs ?? 0;
    }
    console.log(
      `  concurrency ${concurrency}: wall ${wall.toFixed(1)} s, member run ${mean.toFixed(1)} s on average, ` +
        `rate-limit bursts ${(exclusiveMs / 1000).toFixed(1)} s in all (one at a time), ` +
        `${summary.totals.conformant}/${summary.totals.members} conformant (exit ${summary.exitCode})`,
    );
  }
  const [one, four] = CONCURRENCIES.map((c) => walls.get(c)!);
  console.log(`  ratio (concurrency 1 / 4): ${(one! / four!).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(hardStop);
}
