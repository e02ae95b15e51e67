// `port-conformance serve reference --port 0` in its own process, for the benches that need a real
// single window out of process (the TLS scan row, the consortium scale bench). Bounded start; the
// caller stops it by its handle.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER_START_MS = 20_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServedReference {
  /** https://127.0.0.1:PORT */
  origin: string;
  apiBaseUrl: string;
  caPath: string;
  pid: number;
  stop(): void;
}

/** Resolves once the server says where it listens; rejects with its last stderr line otherwise. */
export function serveReference(startMs = SERVER_START_MS): Promise<ServedReference> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/port-conformance.js', 'serve', 'reference', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the reference single window did not start within ${startMs / 1000} s: ${err.trim()}`));
    }, startMs);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const origin = /listening at (https:\/\/\S+)/.exec(out)?.[1];
      const apiBaseUrl = /API:\s+(https:\/\/\S+)/.exec(out)?.[1];
      const caPath = /test CA: (\S+)/.exec(out)?.[1];
      if (!origin || !apiBaseUrl || !caPath) return;
      clearTimeout(timer);
      resolve({ origin, apiBaseUrl, caPath, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference single window exited (${code}): ${err.trim().split('\n').pop() ?? ''}`));
    });
  });
}
