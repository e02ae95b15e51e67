// Runs ZAP's packaged API scan, zap-api-scan.py, from the container image (docker/podman) or inside it
// (local), on a work folder holding the staged OpenAPI document, the member's rules file and ZAP's
// options file; reads the -J report it writes (or the -x one). The token reaches ZAP only through the
// options file (ZAP's replacer rule, as the packaged scan docs show with -config), never on a command
// line; the child runs in its own process group and ends with the collector's signal.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ScanProgress } from '../../engine/context.ts';
import type { Target } from '../../engine/target.ts';
import type { StagedDocument } from './document.ts';
import { parseZapReport, type ZapReport } from './report.ts';
import { includeRegexFor, outsideAllowListRegex } from './scope.ts';
import { ZAP_SCRIPT, type ScriptRunner } from './select.ts';

/** Where the packaged scripts look for files inside the container. */
export const CONTAINER_WORK_DIR = '/zap/wrk';
export const REPORT_JSON = 'report.json';
export const REPORT_XML = 'report.xml';
export const OPTIONS_FILE = 'zap-options.prop';
export const RULES_FILE = 'rules.tsv';
/** The replacer rule's description: ZAP identifies rules by it. */
export const TOKEN_RULE = 'port-conformance bearer token';

export class ZapScriptError extends Error {
  override name = 'ZapScriptError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly outputTail: string,
  ) {
    super(message);
  }
}

/** A Java properties value: backslashes escaped; line breaks would end it. */
function propValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\r?\n/g, ' ');
}

/**
 * ZAP's options for the scan, in a -configfile properties file: the bearer token as a replacer rule on
 * the Authorization request header (for the API base only, where ZAP supports a rule's url), every
 * URL off the allow-list globally excluded, and the active scan's longest duration.
 */
export function zapOptions(opts: {
  token?: string;
  target: Pick<Target, 'apiBaseUrl' | 'allowedHosts'>;
  minutes: number;
}): Record<string, string> {
  const props: Record<string, string> = {
    'globalexcludeurl.url_list.url(0).regex': outsideAllowListRegex(opts.target),
    'globalexcludeurl.url_list.url(0).description': 'outside the allowed hosts (port-conformance)',
    'globalexcludeurl.url_list.url(0).enabled': 'true',
    'scanner.maxScanDurationInMins': String(Math.max(1, Math.floor(opts.minutes))),
  };
  if (opts.token) {
    Object.assign(props, {
      'replacer.full_list(0).description': TOKEN_RULE,
      'replacer.full_list(0).enabled': 'true',
      'replacer.full_list(0).matchtype': 'REQ_HEADER',
      'replacer.full_list(0).matchstr': 'Authorization',
      'replacer.full_list(0).regex': 'false',
      'replacer.full_list(0).replacement': `Bearer ${opts.token}`,
      'replacer.full_list(0).url': includeRegexFor(new URL(opts.target.apiBaseUrl).origin),
    });
  }
  return props;
}

export function writeOptionsFile(file: string, props: Record<string, string>): void {
  const lines = Object.entries(props).map(([k, v]) => `${k}=${propValue(v)}`);
  writeFileSync(file, `# ZAP options for one port-conformance scan\n${lines.join('\n')}\n`, { mode: 0o644 });
}

export interface ScriptScanOptions {
  runner: ScriptRunner;
  /** Host folder given to ZAP as /zap/wrk (the document, rules and options are in it). */
  workDir: string;
  document: StagedDocument;
  /** The member's rules file, already copied into workDir. */
  rulesFile?: string;
  token?: string;
  target: Pick<Target, 'apiBaseUrl' | 'allowedHosts'>;
  /** The active scan's cap (ZAP's scanner.maxScanDurationInMins) and -T. */
  minutes: number;
  /** The whole child process; its group is killed past it. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Environment of the child; default process.env. */
  env?: NodeJS.ProcessEnv;
  onProgress?(p: ScanProgress): void;
}

export interface ScriptScanResult {
  report: ZapReport;
  /** The report file's text as ZAP wrote it (the caller redacts before keeping it). */
  reportText: string;
  reportFile: string;
  exitCode: number;
  /** The command line, the token never in it. */
  command: string[];
  outputTail: string;
  durationMs: number;
}

const TAIL_BYTES = 8192;
const KILL_GRACE_MS = 3000;

/** The command: the runtime's `run` around the script for a container, the script itself otherwise. */
export function scriptCommand(
  o: Pick<ScriptScanOptions, 'runner' | 'workDir' | 'document' | 'rulesFile' | 'minutes'>,
  containerName: string,
): string[] {
  // Inside the container the script joins names to /zap/wrk/; outside it (local) absolute paths keep it there.
  const inWork = (abs: string) => (o.runner.kind === 'container' ? relative(o.workDir, abs) : abs);
  const optionsPath =
    o.runner.kind === 'container' ? `${CONTAINER_WORK_DIR}/${OPTIONS_FILE}` : join(o.workDir, OPTIONS_FILE);
  const args = [
    '-t',
    inWork(o.document.file),
    '-f',
    'openapi',
    '-J',
    inWork(join(o.workDir, REPORT_JSON)),
    '-x',
    inWork(join(o.workDir, REPORT_XML)),
    ...(o.rulesFile ? ['-c', inWork(o.rulesFile)] : []),
    '-T',
    String(Math.max(1, Math.floor(o.minutes))),
    // -silent: ZAP makes no request of its own (no add-on updates, no news); the options file holds the rest.
    '-z',
    `-silent -configfile ${optionsPath}`,
  ];
  if (o.runner.kind === 'local') return [o.runner.script, ...args];
  return [
    o.runner.executable,
    'run',
    '--rm',
    '--name',
    containerName,
    '--network',
    'host',
    '-v',
    `${o.workDir}:${CONTAINER_WORK_DIR}/:rw`,
    o.runner.image,
    ZAP_SCRIPT,
    ...args,
  ];
}

export async function runScriptScan(o: ScriptScanOptions): Promise<ScriptScanResult> {
  writeOptionsFile(join(o.workDir, OPTIONS_FILE), zapOptions(o));
  const containerName = `port-conformance-zap-${randomBytes(6).toString('hex')}`;
  const command = scriptCommand(o, containerName);
  const scrub = (s: string) => (o.token ? s.split(o.token).join('[REDACTED]') : s);
  const started = Date.now();
  const { code, tail } = await spawnBounded(command, o, containerName);
  const outputTail = scrub(tail);
  const durationMs = Date.now() - started;
  const last = outputTail.trim().split('\n').slice(-1)[0] ?? '';
  if (code === null) throw new ZapScriptError(`${ZAP_SCRIPT} was stopped: ${last}`, null, outputTail);
  if (code === 3 || (code !== 0 && code !== 1 && code !== 2))
    throw new ZapScriptError(
      `${ZAP_SCRIPT} exited ${code} (${code === 3 ? 'ZAP: any other failure' : "not one of ZAP's exit codes"}): ${last}`,
      code,
      outputTail,
    );
  for (const name of [REPORT_JSON, REPORT_XML]) {
    const file = join(o.workDir, name);
    if (!existsSync(file)) continue;
    const reportText = readFileSync(file, 'utf8');
    return {
      report: parseZapReport(reportText),
      reportText,
      reportFile: name,
      exitCode: code,
      command,
      outputTail,
      durationMs,
    };
  }
  throw new ZapScriptError(
    `${ZAP_SCRIPT} exited ${code} but wrote no report (${REPORT_JSON} or ${REPORT_XML}): ${last}`,
    code,
    outputTail,
  );
}

/** Spawns in its own process group; a timeout or abort ends the group (and the container, by name). */
function spawnBounded(
  command: string[],
  o: ScriptScanOptions,
  containerName: string,
): Promise<{ code: number | null; tail: string }> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(new ZapScriptError(`${ZAP_SCRIPT} not started: ${String(o.signal.reason ?? 'aborted')}`, null, ''));
      return;
    }
    const [cmd, ...args] = command;
    const child = spawn(cmd!, args, {
      cwd: o.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...(o.env ?? process.env), TERM: 'dumb' },
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const started = Date.now();
    const progress = setInterval(() => {
      try {
        o.onProgress?.({ engine: 'zap', phase: ZAP_SCRIPT, elapsedS: (Date.now() - started) / 1000 });
      } catch {
        // a display's failure is not the scan's
      }
    }, 5000);
    progress.unref();
    let killed = false;
    const killGroup = () => {
      if (killed || child.pid === undefined) return;
      killed = true;
      // The CLI's death does not stop a container: stop it by name, bounded.
      if (o.runner.kind === 'container') {
        const stop = spawn(o.runner.executable, ['kill', containerName], {
          stdio: 'ignore',
          env: o.env ?? process.env,
        });
        stop.once('error', () => undefined);
        setTimeout(() => stop.kill('SIGKILL'), 10_000).unref();
      }
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(killGroup, o.timeoutMs);
    o.signal?.addEventListener('abort', killGroup, { once: true });
    const done = () => {
      clearTimeout(timer);
      clearInterval(progress);
      o.signal?.removeEventListener('abort', killGroup);
    };
    child.once('error', (err) => {
      done();
      reject(new ZapScriptError(`cannot run ${cmd}: ${err.message}`, null, tail));
    });
    child.once('close', (code) => {
      done();
      resolve({ code: killed ? null : code, tail });
    });
  });
}
