// The consortium scale bench (a script, not a test: `npm run bench:consortium [-- --members 1,5,10]`):
// what a consortium run costs before the consortium runs it. For each size N, N reference single windows
// are started, each in its own process (`port-conformance serve reference --port 0`, fresh for every
// run), and certified by the consortium harness, itself in its own process (bench-harness.ts): first one
// member at a time (concurrency 1), then all N at once (concurrency N, the consortium pool). Printed per
// run: wall time, time per member, the exclusive phases' total, the harness's peak RSS and the servers'
// (each process sampled from outside every 250 ms, so neither counts this script). Each member runs a
// fast selection (contract and security: eta-etd-order, imo-number-validation, tls-protocol-versions,
// rate-limiting); its rate-limit burst is an exclusive phase, and exclusive phases take turns at the load
// gate whatever the concurrency. Loopback only; every server start, every harness run and the whole bench
// are bounded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { UsageError } from '../engine/errors.ts';
import { readProcessRss, RssSampler, runSampledScript } from '../load/bench/rss.ts';
import { serveReference, type ServedReference } from '../load/bench/serve-reference.ts';
import type { HarnessReport } from './bench-harness.ts';
import { parseScaleArgs, speedups, tableHeader, tableRow, type ScaleMode, type ScaleRun } from './bench-plan.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHECKS = ['eta-etd-order', 'imo-number-validation', 'tls-protocol-versions', 'rate-limiting'];
/** Each member's deadline; a member past it (and the consortium's grace) is abandoned as hung. */
const MEMBER_MAX_TIME_MS = 60_000;
/** Ten tsx processes starting at once on two cores take a while. */
const SERVER_START_MS = 60_000;
/** A harness run: every member's deadline one after another (the worst case of the gate), plus slack. */
const harnessLimitMs = (size: number) => size * MEMBER_MAX_TIME_MS + 60_000;
const MB = 1024 * 1024;

async function runHarness(
  membersFile: string,
  concurrency: number,
  outDir: string,
  limitMs: number,
): Promise<{ report: HarnessReport; peakMb: number }> {
  const { report, rss } = await runSampledScript<HarnessReport>(
    ROOT,
    'consortium/bench-harness.ts',
    [membersFile, String(concurrency), outDir, String(MEMBER_MAX_TIME_MS)],
    limitMs,
    'harness',
  );
  // The kernel's high-water mark catches a peak between two samples.
  return { report, peakMb: Math.max(rss.peakMb, report.maxRssBytes / MB) };
}

async function startServers(size: number): Promise<ServedReference[]> {
  const started = await Promise.allSettled(Array.from({ length: size }, () => serveReference(SERVER_START_MS)));
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of servers) s.stop();
    throw failed.reason as Error;
  }
  return servers;
}

async function scaleRun(size: number, mode: ScaleMode, dir: string): Promise<ScaleRun> {
  const servers = await startServers(size);
  const serversRss = new RssSampler(() => servers.reduce((sum, s) => sum + (readProcessRss(s.pid) ?? 0), 0)).start();
  try {
    const runDir = join(dir, `n${size}-${mode}`);
    const membersFile = `${runDir}.yaml`;
    writeFileSync(
      membersFile,
      stringify({
        defaults: { profile: 'default', suites: ['contract', 'security'], checks: CHECKS },
        members: servers.map((s, i) => ({ id: `member-${String(i + 1).padStart(2, '0')}`, api: s.apiBaseUrl })),
      }),
    );
    const { report, peakMb } = await runHarness(
      membersFile,
      mode === 'serial' ? 1 : size,
      runDir,
      harnessLimitMs(size),
    );
    // Why a member is not conformant (on a loaded loopback, usually a timing check): one line each.
    for (const m of report.members.filter((m) => m.status !== 'ran' || m.verdict !== 'conformant'))
      console.log(`  note: N=${size} ${mode} ${m.id}: ${m.verdict ?? m.status}: ${m.reason}`);
    return {
      size,
      mode,
      wallMs: report.wallMs,
      memberMs: report.members.map((m) => m.durationMs),
      exclusiveMs: report.members.reduce((sum, m) => sum + m.exclusiveMs, 0),
      harnessPeakMb: peakMb,
      serversPeakMb: serversRss.stop().peakMb,
      conformant: report.conformant,
    };
  } finally {
    serversRss.stop();
    for (const s of servers) s.stop();
  }
}

async function main(): Promise<void> {
  const plan = parseScaleArgs(process.argv.slice(2));
  const hardLimitMs = plan.sizes.reduce((sum, n) => sum + 2 * (harnessLimitMs(n) + SERVER_START_MS), 0);
  const hardStop = setTimeout(() => {
    console.error(`consortium bench: not done within ${hardLimitMs / 1000} s; stopping`);
    process.exit(1);
  }, hardLimitMs);
  hardStop.unref();
  console.log(
    `Consortium scale bench: N = ${plan.sizes.join(', ')} reference single windows on loopback, each its own process; ` +
      `checks ${CHECKS.join(', ')}; ${availableParallelism()} CPUs; each N serially (concurrency 1), then in parallel (concurrency N)\n`,
  );
  console.log(tableHeader());
  const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-bench-'));
  const runs: ScaleRun[] = [];
  try {
    for (const size of plan.sizes)
      for (const mode of ['serial', 'parallel'] as const) {
        const run = await scaleRun(size, mode, dir);
        runs.push(run);
        console.log(tableRow(run));
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(hardStop);
  }
  console.log(
    `\nserial / parallel wall time: ${speedups(runs)
      .map((s) => `N=${s.size} ${s.ratio.toFixed(2)}`)
      .join(', ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(
    err instanceof UsageError
      ? err.message
      : `consortium bench failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(err instanceof UsageError ? 2 : 1);
});
