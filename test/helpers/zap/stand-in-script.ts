// A stand-in for ZAP's zap-api-scan.py (zaproxy/zaproxy docker/zap-api-scan.py), behaving as documented:
// the same getopt string, the same checks of -t/-f/-c (exit 3 when they fail), files relative to
// /zap/wrk/ inside a container, -z's ZAP options (here: -silent and -configfile with the replacer rule,
// the global URL exclusion and the scan's cap), -J/-x reports in ZAP's formats, the FAIL-NEW summary line
// and exit 0/1/2/3 by the rules file's levels. Instead of attacking, it sends the document's GET
// operations to the target (honouring the exclusion and the replacer rule) and derives ZAP's passive
// alerts from the answers. Every argument, option and request goes to $ZAP_STAND_IN_LOG (JSON lines).
//
// Test-only knobs: ZAP_STAND_IN_EXIT forces an exit code; ZAP_STAND_IN_SLEEP_MS hangs first;
// ZAP_STAND_IN_WRK is the host folder a fake container runtime mounted as /zap/wrk.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { deriveAlerts, fetchOnce, getUrls, traditionalJson, traditionalXml, type StandInExchange } from './alerts.ts';

const GETOPT = 't:f:c:u:g:m:n:r:J:w:x:l:hdaijSp:sz:P:D:T:IO:U:';
const LEVELS = ['PASS', 'IGNORE', 'INFO', 'WARN', 'FAIL'];

function log(event: Record<string, unknown>): void {
  const file = process.env.ZAP_STAND_IN_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...event })}\n`);
}

function exit(code: number, why?: string): never {
  if (why) console.log(why);
  log({ event: 'exit', code, why });
  process.exit(code);
}

/** Python getopt: short options, an argument attached or next; stops at the first non-option. */
function getopt(argv: string[]): { opts: [string, string][]; error?: string } {
  const opts: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const [name] = a.slice(2).split('=');
      if (name !== 'hook' && name !== 'schema') return { opts, error: `option ${a} not recognized` };
      opts.push([`--${name}`, a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[++i] ?? '')]);
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    const c = a[1]!;
    const at = GETOPT.indexOf(c);
    if (at < 0 || c === ':') return { opts, error: `option -${c} not recognized` };
    if (GETOPT[at + 1] === ':') {
      const value = a.length > 2 ? a.slice(2) : argv[++i];
      if (value === undefined) return { opts, error: `option -${c} requires argument` };
      opts.push([`-${c}`, value]);
    } else opts.push([`-${c}`, '']);
  }
  return { opts };
}

/** shlex.split, enough for -z: whitespace, single and double quotes. */
function shlexSplit(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** A Java properties file: key=value lines, backslash escapes. */
function readProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*[#!]/.test(line)) continue;
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  log({ event: 'start', argv, cwd: process.cwd() });
  const sleep = Number(process.env.ZAP_STAND_IN_SLEEP_MS ?? 0);
  if (sleep > 0) await new Promise((r) => setTimeout(r, sleep));
  const { opts, error } = getopt(argv);
  if (error) exit(3, `Invalid option: ${error}`);
  const opt = (o: string) => opts.find(([k]) => k === o)?.[1];
  const has = (o: string) => opts.some(([k]) => k === o);
  if (has('-h')) exit(0, 'Usage: zap-api-scan.py -t <target> -f <format> [options]');

  const inDocker =
    existsSync('/.dockerenv') || existsSync('/run/.containerenv') || process.env.IS_CONTAINERIZED === 'true';
  const wrk = process.env.ZAP_STAND_IN_WRK;
  // os.path.join('/zap/wrk/', p): an absolute p stays itself. A fake runtime's mount maps /zap/wrk to wrk.
  const baseDir = inDocker ? (wrk ?? '/zap/wrk/') : '';
  const fromWrk = (p: string) =>
    wrk && p.startsWith('/zap/wrk/') ? join(wrk, p.slice('/zap/wrk/'.length)) : isAbsolute(p) ? p : join(baseDir, p);

  const target = opt('-t') ?? '';
  const format = opt('-f') ?? '';
  if (!target) exit(3, 'Usage: zap-api-scan.py -t <target> -f <format> [options]');
  if (!['openapi', 'soap', 'graphql'].includes(format))
    exit(3, "Format must be either 'openapi', 'soap', or 'graphql'");
  if (inDocker && (opt('-c') || opt('-J') || opt('-x') || opt('-r')) && !existsSync(baseDir))
    exit(3, "A file based option has been specified but the directory '/zap/wrk' is not mounted");
  const targetFile = /^https?:\/\//.test(target) ? undefined : fromWrk(target);
  if (targetFile !== undefined && !existsSync(targetFile)) exit(3, `File does not exist: ${targetFile}`);

  // load_config: at least three tab-separated fields, a known level (or OUTOFSCOPE).
  const config = new Map<string, string>();
  const configFile = opt('-c');
  if (configFile) {
    const path = fromWrk(configFile);
    if (!existsSync(path)) exit(3, `Failed to load config file ${path}`);
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.startsWith('#') || !line.trim()) continue;
      if ((line.match(/\t/g) ?? []).length < 2)
        exit(3, `Failed to load config file ${path} Unexpected number of tokens`);
      const [key = '', val = ''] = line.trimEnd().split('\t');
      if (val === 'OUTOFSCOPE') continue;
      if (!LEVELS.includes(val)) exit(3, `Failed to load config file ${path} Level ${val} is not a supported level`);
      config.set(key, val);
    }
  }

  // -z: ZAP's own command-line options.
  const zapOptions = shlexSplit(opt('-z') ?? '');
  const props: Record<string, string> = {};
  for (let i = 0; i < zapOptions.length; i++) {
    if (zapOptions[i] === '-configfile') {
      const path = fromWrk(zapOptions[++i] ?? '');
      if (!existsSync(path)) exit(3, `ZAP could not read -configfile ${path}`);
      Object.assign(props, readProperties(readFileSync(path, 'utf8')));
    } else if (zapOptions[i] === '-config') {
      const [k = '', ...v] = (zapOptions[++i] ?? '').split('=');
      props[k] = v.join('=');
    }
  }
  log({
    event: 'options',
    silent: zapOptions.includes('-silent'),
    props,
    config: Object.fromEntries(config),
    inDocker,
  });

  const docText = targetFile ? readFileSync(targetFile, 'utf8') : '';
  let doc: Record<string, unknown>;
  try {
    doc = (targetFile?.endsWith('.json') ? JSON.parse(docText) : parseYaml(docText)) as Record<string, unknown>;
  } catch {
    exit(3, 'Failed to import any URLs');
  }
  const excluded = props['globalexcludeurl.url_list.url(0).regex'];
  const exclude =
    excluded && props['globalexcludeurl.url_list.url(0).enabled'] !== 'false' ? new RegExp(excluded) : undefined;
  const replacement = props['replacer.full_list(0).replacement'];
  const ruleUrl = props['replacer.full_list(0).url'];
  const exchanges: StandInExchange[] = [];
  const urls = getUrls(doc);
  if (urls.length === 0) exit(3, 'Failed to import any URLs');
  for (const url of urls) {
    if (exclude?.test(url)) {
      log({ event: 'excluded', url });
      continue;
    }
    const headers: Record<string, string> = { 'User-Agent': 'ZAP stand-in' };
    if (replacement && (!ruleUrl || new RegExp(ruleUrl).test(url))) headers.Authorization = replacement;
    try {
      const ex = await fetchOnce(url, headers);
      log({ event: 'request', url, status: ex.status, authorized: Boolean(headers.Authorization) });
      exchanges.push(ex);
    } catch (err) {
      log({ event: 'request-failed', url, error: (err as Error).message });
    }
  }
  const alerts = deriveAlerts(exchanges);
  if (opt('-J')) writeFileSync(fromWrk(opt('-J')!), traditionalJson(alerts));
  if (opt('-x')) writeFileSync(fromWrk(opt('-x')!), traditionalXml(alerts));

  // print_rules: informational alerts never count; a rule not in the file is WARN (INFO with -i).
  const counted = new Map<string, string>();
  for (const a of alerts)
    if (a.risk !== 'Informational') counted.set(a.pluginId, config.get(a.pluginId) ?? (has('-i') ? 'INFO' : 'WARN'));
  const n = (level: string) => [...counted.values()].filter((l) => l === level).length;
  console.log(
    `FAIL-NEW: ${n('FAIL')}\tFAIL-INPROG: 0\tWARN-NEW: ${n('WARN')}\tWARN-INPROG: 0\tINFO: ${n('INFO')}\tIGNORE: ${n('IGNORE')}\tPASS: 50`,
  );
  const forced = process.env.ZAP_STAND_IN_EXIT;
  if (forced !== undefined) exit(Number(forced));
  exit(n('FAIL') > 0 ? 1 : !has('-I') && n('WARN') > 0 ? 2 : 0);
}

main().catch((err: unknown) => exit(3, `ERROR ${(err as Error).message}`));
