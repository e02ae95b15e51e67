// Which ZAP the run uses, in the README's order: a daemon (--zap-api or ZAP_API_URL), then the container
// image with docker or podman (already pulled: nothing is downloaded during a run), then zap-api-scan.py
// on PATH when the harness itself runs inside the ZAP image, else none, with the reason. `--zap script`
// and `--zap daemon` insist on theirs (an error when absent); `--zap off` never looks.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ZapEngine } from '../../engine/context.ts';

export const ZAP_IMAGE = 'ghcr.io/zaproxy/zaproxy:stable';
export const ZAP_SCRIPT = 'zap-api-scan.py';

export type ScriptRunner =
  | { kind: 'container'; runtime: 'docker' | 'podman'; executable: string; image: string }
  | { kind: 'local'; script: string };

export type ZapChoice =
  | { way: 'daemon'; apiUrl: string }
  | { way: 'script'; runner: ScriptRunner }
  /** Nothing to run: the checks are skipped with this reason (auto, off). */
  | { way: 'none'; reason: string }
  /** Asked for (script, daemon) but not there: the checks error with this reason. */
  | { way: 'missing'; reason: string };

/** What the choice looks at, injectable for tests. */
export interface ZapProbes {
  /** An executable of that name on PATH. */
  which(name: string): string | undefined;
  /** Whether the container runtime has the image locally (`<runtime> image inspect`). */
  imagePresent(executable: string, image: string): Promise<boolean>;
  /** zap_common.running_in_docker(): the packaged script uses /zap/wrk and its own ZAP only there. */
  inContainer(): boolean;
}

export function describeRunner(r: ScriptRunner): string {
  return r.kind === 'container' ? `${r.runtime} ${r.image} ${ZAP_SCRIPT}` : r.script;
}

export async function chooseZap(settings: ZapEngine, probes: ZapProbes, image = ZAP_IMAGE): Promise<ZapChoice> {
  if (settings.mode === 'off') return { way: 'none', reason: 'ZAP switched off (--zap off)' };
  if (settings.mode === 'daemon' || (settings.mode === 'auto' && settings.apiUrl)) {
    if (settings.apiUrl) return { way: 'daemon', apiUrl: settings.apiUrl };
    return { way: 'missing', reason: '--zap daemon needs --zap-api URL (or ZAP_API_URL)' };
  }
  const looked: string[] = settings.mode === 'auto' ? ['no --zap-api or ZAP_API_URL'] : [];
  for (const runtime of ['docker', 'podman'] as const) {
    const executable = probes.which(runtime);
    if (!executable) {
      looked.push(`no ${runtime}`);
      continue;
    }
    if (await probes.imagePresent(executable, image))
      return { way: 'script', runner: { kind: 'container', runtime, executable, image } };
    looked.push(`${runtime} has no ${image} (docker pull ${image})`);
  }
  const script = probes.which(ZAP_SCRIPT);
  if (script && probes.inContainer()) return { way: 'script', runner: { kind: 'local', script } };
  looked.push(
    script
      ? `${ZAP_SCRIPT} is on PATH but this is not the ZAP container (outside it the script starts its own container)`
      : `no ${ZAP_SCRIPT} on PATH`,
  );
  const reason = `ZAP not found: ${looked.join('; ')}`;
  return settings.mode === 'script' ? { way: 'missing', reason } : { way: 'none', reason };
}

/** The first executable file of that name on PATH. */
export function whichOnPath(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `<runtime> image inspect <image>`: exit 0 within the bound means the image is there. */
export function imageInspect(
  executable: string,
  image: string,
  timeoutMs = 10_000,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const child = spawn(executable, ['image', 'inspect', '--format', '{{.Id}}', image], {
      stdio: 'ignore',
      signal,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

export function systemProbes(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): ZapProbes {
  return {
    which: (name) => whichOnPath(name, env.PATH ?? ''),
    imagePresent: (executable, image) => imageInspect(executable, image, 10_000, signal),
    inContainer: () => existsSync('/.dockerenv') || existsSync('/run/.containerenv') || env.IS_CONTAINERIZED === 'true',
  };
}
