// The bench's TLS row: scan time of the Node prober vs testssl.sh on the same loopback server, both
// measured in this run. The reference single window runs in its own process (`port-conformance serve
// reference`), the two engines in another (security/testssl/bench-scan.ts: load/ may not import the TLS
// engines, so they are run, not imported). Without testssl.sh the bench fails with the cause in one line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveReference } from './serve-reference.ts';

/** The whole TLS section: server start, three Node scans, two testssl.sh runs (each bounded at 140 s). */
export const TLS_SCAN_BUDGET_MS = 330_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ScanTimings {
  node: { ms: number; handshakes: number; runs: number };
  testssl: { version: string; sameQuestionsMs: number; fullSetMs: number; fullSetFlags: string[] };
}

/** Runs the engines' timing script; its last stderr line is the cause when it fails. */
function timeEngines(hostPort: string, caPath: string, budgetMs: number): Promise<ScanTimings> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'security/testssl/bench-scan.ts', hostPort, caPath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, budgetMs);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as ScanTimings);
      else
        reject(
          new Error(
            signal
              ? `TLS scan timing stopped after ${budgetMs / 1000} s`
              : `TLS scan timing: ${err.trim().split('\n').pop() ?? `exit ${code}`}`,
          ),
        );
    });
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Section 3; returns the figures for the bench's summary. */
export async function tlsScanTime(): Promise<{ nodeMs: number; testsslMs: number; sameQuestionsMs: number }> {
  console.log(
    '\n3. TLS scan time: Node prober vs testssl.sh on the same loopback server (the reference single window)' +
      '\n   (the same questions: protocol versions, weak suites, certificate; then all testssl.sh asks in a run)\n',
  );
  const started = Date.now();
  const server = await serveReference();
  try {
    const t = await timeEngines(
      new URL(server.origin).host,
      server.caPath,
      TLS_SCAN_BUDGET_MS - (Date.now() - started),
    );
    const w = [56, 8, 12, 15];
    const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
    const ratio = (ms: number) => (ms / t.node.ms).toFixed(1);
    console.log(row(['engine', 'scan s', 'handshakes', 'ratio to Node']));
    console.log(
      row([`Node prober (median of ${t.node.runs} scans)`, seconds(t.node.ms), String(t.node.handshakes), '1.0']),
    );
    console.log(
      row([
        `testssl.sh ${t.testssl.version} -p -E -S (the same questions)`,
        seconds(t.testssl.sameQuestionsMs),
        '',
        ratio(t.testssl.sameQuestionsMs),
      ]),
    );
    console.log(
      row([
        `testssl.sh ${t.testssl.version} ${t.testssl.fullSetFlags.join(' ')} (--tls-engine testssl)`,
        seconds(t.testssl.fullSetMs),
        '',
        ratio(t.testssl.fullSetMs),
      ]),
    );
    console.log(
      `\nTLS scan time: Node prober vs testssl.sh on the same loopback server: 1 : ${ratio(t.testssl.fullSetMs)}` +
        ` (${seconds(t.node.ms)} s vs ${seconds(t.testssl.fullSetMs)} s; the same questions 1 : ${ratio(t.testssl.sameQuestionsMs)})`,
    );
    return { nodeMs: t.node.ms, testsslMs: t.testssl.fullSetMs, sameQuestionsMs: t.testssl.sameQuestionsMs };
  } finally {
    server.stop();
  }
}
