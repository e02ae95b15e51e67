// Times the two TLS engines on one endpoint, for the load bench's TLS row (load/bench/tls-scan.ts runs
// this in its own process: load/ may not import security/). A script, not a module to import:
//   node bin/run-ts.js security/testssl/bench-scan.ts HOST:PORT CA_FILE
// Prints one JSON line: the Node prober's time (median of three scans), testssl.sh's on the same
// questions (-p -E -S: protocols, suites, certificate) and on the full set --tls-engine testssl runs.
// Exits 1 with a one-line cause when it cannot measure (testssl.sh not installed, no server).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { probeTls } from '../tls/probe.ts';
import { TESTSSL_CHECKS } from './findings.ts';
import { findTestssl, runTestssl, splitHostPort } from './run.ts';

const NODE_RUNS = 3;
const TESTSSL_TIMEOUT_MS = 140_000;

export interface ScanTimings {
  node: { ms: number; handshakes: number; runs: number };
  testssl: { version: string; sameQuestionsMs: number; fullSetMs: number; fullSetFlags: string[] };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function testsslVersion(binary: string): string {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /testssl\S*\s+(\d[\w.+~-]*)/.exec(`${out.stdout}`)?.[1] ?? 'unknown version';
}

async function main(): Promise<void> {
  const [hostPort, caFile] = process.argv.slice(2);
  if (!hostPort || !caFile)
    throw new Error('usage: node bin/run-ts.js security/testssl/bench-scan.ts HOST:PORT CA_FILE');
  const binary = findTestssl();
  if (!binary) throw new Error('testssl.sh is not installed (Debian: apt-get install testssl.sh)');
  const { host, port } = splitHostPort(hostPort);
  const ca = readFileSync(caFile, 'utf8');

  const node: { ms: number; handshakes: number }[] = [];
  for (let i = 0; i < NODE_RUNS; i++) {
    const { value, ms } = await timed(() => probeTls({ host, port, extraCa: [ca] }));
    if (!value.reachable) throw new Error(`the Node prober could not reach ${hostPort}: ${value.failure?.message}`);
    node.push({ ms, handshakes: value.handshakes });
  }
  node.sort((a, b) => a.ms - b.ms);
  const same = await timed(() =>
    runTestssl(hostPort, {
      checks: ['protocols', 'ciphers', 'server-defaults'],
      caPems: [ca],
      timeoutMs: TESTSSL_TIMEOUT_MS,
    }),
  );
  const full = await timed(() =>
    runTestssl(hostPort, { checks: TESTSSL_CHECKS, caPems: [ca], timeoutMs: TESTSSL_TIMEOUT_MS }),
  );
  const median = node[Math.floor(node.length / 2)]!;
  const timings: ScanTimings = {
    node: { ms: median.ms, handshakes: median.handshakes, runs: NODE_RUNS },
    testssl: {
      version: testsslVersion(binary),
      sameQuestionsMs: same.ms,
      fullSetMs: full.ms,
      fullSetFlags: full.value.command.filter((a) => /^-[A-Za-z]{1,2}$/.test(a)),
    },
  };
  console.log(JSON.stringify(timings));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
