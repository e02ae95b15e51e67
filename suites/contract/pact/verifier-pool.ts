// Verifier child processes kept warm between verification runs. Starting one (Node, the TypeScript
// loader, pact-js and its native library) costs about as much as verifying a consumer's pacts, so a run
// verifies all its consumers in one child, and later runs in the same process (the fixture tests, a
// consortium) reuse it. Each verification still has a child to itself: a child is handed out to one
// run at a time, and comes back only after a clean end (its report received, nothing of the run still
// pending); a run that times out, is interrupted or loses its child kills it. Idle children are bounded
// in number and time, hold no reference on the event loop, and are killed when this process exits.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CHILD = fileURLToPath(new URL('./verifier-child.ts', import.meta.url));
/** The child runs TypeScript through the same loader as the harness. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/** An idle child is ended after this long. */
export const IDLE_MS = 30_000;
/** Idle children kept at most (several runs at once rarely verify at the same moment). */
export const MAX_IDLE = 2;
/** Verifications per child before it is replaced, bounding whatever the native verifier keeps. */
export const MAX_RUNS = 25;

export interface VerifierChild {
  readonly process: ChildProcess;
  /** Verifications handed to it before this one (0: a fresh child). */
  readonly runs: number;
}

interface Pooled {
  process: ChildProcess;
  runs: number;
  /** The environment and directory it was started with: a child is only reused under the same. */
  key: string;
  idleTimer?: NodeJS.Timeout;
}

const idle: Pooled[] = [];
const handedOut = new Map<ChildProcess, Pooled>();
const alive = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The child's environment: no PACT_* from the caller (pact-core would read them behind our options), no telemetry. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^PACT_/i.test(k)) env[k] = v;
  env.PACT_DO_NOT_TRACK = 'true';
  return env;
}

function keyOf(env: NodeJS.ProcessEnv): string {
  return JSON.stringify([process.cwd(), Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

/** Whether the child keeps this process running (an idle one must not). */
function setRef(child: ChildProcess, on: boolean): void {
  const handles = [child, child.channel, child.stdout as Socket | null, child.stderr as Socket | null];
  for (const h of handles) {
    if (!h) continue;
    if (on) h.ref?.();
    else h.unref?.();
  }
}

function forget(child: ChildProcess): void {
  alive.delete(child);
  handedOut.delete(child);
  const i = idle.findIndex((p) => p.process === child);
  if (i >= 0) {
    clearTimeout(idle[i]!.idleTimer);
    idle.splice(i, 1);
  }
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function spawn(env: NodeJS.ProcessEnv, key: string): Pooled {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Synchronous, so it runs on process.exit too; a child whose parent dies anyway exits on disconnect.
    process.on('exit', () => {
      for (const c of alive) kill(c);
    });
  }
  const child = fork(CHILD, [], {
    execArgv: ['--import', TSX],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  alive.add(child);
  child.once('exit', () => forget(child));
  // A child that could not start is reported by the run it was handed to ('error' there); none is left unheard.
  child.on('error', () => undefined);
  return { process: child, runs: 0, key };
}

/** A child for one verification: a warm idle one started under the same environment, else a new one. */
export function acquireVerifier(): VerifierChild {
  const env = childEnv();
  const key = keyOf(env);
  let pooled: Pooled | undefined;
  while (idle.length > 0 && !pooled) {
    const p = idle.pop()!;
    clearTimeout(p.idleTimer);
    if (p.key === key && p.process.connected && p.process.exitCode === null && p.process.signalCode === null)
      pooled = p;
    else kill(p.process);
  }
  pooled ??= spawn(env, key);
  setRef(pooled.process, true);
  handedOut.set(pooled.process, pooled);
  return { process: pooled.process, runs: pooled.runs };
}

/**
 * Gives a child back after its verification. `reusable` only when the run ended cleanly (its report in
 * hand, nothing of it pending); otherwise, or when the pool is full or the child has served enough, it is
 * killed.
 */
export function releaseVerifier(child: VerifierChild, reusable: boolean): void {
  const pooled = handedOut.get(child.process);
  handedOut.delete(child.process);
  if (!pooled) return kill(child.process);
  pooled.runs += 1;
  if (
    !reusable ||
    pooled.runs >= MAX_RUNS ||
    idle.length >= MAX_IDLE ||
    !child.process.connected ||
    child.process.exitCode !== null ||
    child.process.signalCode !== null
  )
    return kill(child.process);
  setRef(child.process, false);
  pooled.idleTimer = setTimeout(() => {
    forget(child.process);
    kill(child.process);
  }, IDLE_MS);
  pooled.idleTimer.unref();
  idle.push(pooled);
}

/** Ends every idle child now (tests; a caller that wants no child left behind). */
export function closeIdleVerifiers(): void {
  for (const p of idle.splice(0)) {
    clearTimeout(p.idleTimer);
    kill(p.process);
  }
}

/** The process ids of the children alive now, idle or handed out (tests). */
export function verifierChildren(): { idle: number[]; handedOut: number[] } {
  return { idle: idle.map((p) => p.process.pid ?? -1), handedOut: [...handedOut.keys()].map((c) => c.pid ?? -1) };
}
