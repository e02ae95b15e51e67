// `port-conformance load export|merge`: the profile's load scenarios as k6 scripts (and k6-operator
// manifests), and the exact combined verdict of load measured in several places (the built-in
// engine's hdr files, k6's --out json from several runners). Flags in, lines out; the work is in
// load/ (script.ts, k6/operator.ts, merge.ts, merge-inputs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClientRole } from '../engine/context.ts';
import {
  DEFAULT_CREDENTIAL_ENV,
  apiBaseFromTarget,
  loadMemberConfig,
  httpsUrl,
  type MemberConfig,
} from '../engine/config.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { loadProfile, type Profile } from '../engine/profile.ts';
import { exportK6Script } from '../load/k6/script.ts';
import {
  K8S_NAME,
  MAX_NAME_LENGTH,
  MAX_PARALLELISM,
  k6OperatorManifests,
  manifestYaml,
  scriptKey,
} from '../load/k6/operator.ts';
import { readMergeInputs } from '../load/merge-inputs.ts';
import {
  MergeInputError,
  judgeMerged,
  mergeByScenario,
  pickThresholds,
  unionThresholds,
  type MergedScenarioReport,
} from '../load/merge.ts';
import { ScenarioError, validateScenarios, type LoadScenario } from '../load/scenario.ts';
import { ThresholdError, parseThresholds, type ThresholdMap } from '../load/thresholds.ts';
import { prepareOutputDir } from '../session/output.ts';
import type { Io } from './run.ts';

export const DEFAULT_EXPORT_DIR = 'port-conformance-k6';
export const DEFAULT_K8S_NAME = 'port-conformance';

export interface LoadExportFlags {
  profile?: string;
  target?: string;
  config?: string;
  scenario?: string[];
  out?: string;
  k6Operator?: boolean;
  parallelism?: string;
  namespace?: string;
  name?: string;
  resultsClaim?: string;
}

export interface LoadMergeFlags {
  threshold?: string[];
  profile?: string;
  scenario?: string[];
  json?: boolean;
}

/** The profile's scenarios, all or the ones `--scenario` names (repeatable, or comma-separated). */
function selectScenarios(profile: Profile, names: readonly string[] | undefined): LoadScenario[] {
  let all: LoadScenario[];
  try {
    all = validateScenarios(profile.load?.scenarios ?? [], `profile ${profile.id} load.scenarios`);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(err.message);
    throw err;
  }
  if (all.length === 0) throw new UsageError(`profile ${profile.id} has no load scenarios`);
  const wanted = splitList(names);
  if (wanted.length === 0) return all;
  const unknown = wanted.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length)
    throw new UsageError(
      `--scenario: ${unknown.join(', ')} not in profile ${profile.id} (${all.map((s) => s.name).join(', ')})`,
    );
  return all.filter((s) => wanted.includes(s.name));
}

function splitList(values: readonly string[] | undefined): string[] {
  return [
    ...new Set(
      (values ?? [])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

interface ExportTarget {
  name: string;
  apiBaseUrl: string;
  tokenUrl: string;
  credentialKeys: Record<ClientRole, { clientIdEnv: string; clientSecretEnv: string }>;
  ca: string[];
}

/** Where the scripts send their requests: --target, or the member config's URLs (no credentials needed). */
function exportTarget(flags: LoadExportFlags): ExportTarget {
  if (!flags.target && !flags.config) throw new UsageError('load export: give --target URL or --config FILE');
  const config: (MemberConfig & { baseDir: string }) | undefined = flags.config
    ? loadMemberConfig(flags.config)
    : undefined;
  const raw = flags.target ?? config!.api;
  const subject = flags.target ? '--target' : `config ${flags.config}: "api"`;
  const apiBaseUrl = apiBaseFromTarget(httpsUrl(raw, subject));
  const origin = new URL(apiBaseUrl).origin;
  const credentialKeys = { ...DEFAULT_CREDENTIAL_ENV, ...config?.credentials };
  const ca: string[] = [];
  for (const p of config?.ca === undefined ? [] : Array.isArray(config.ca) ? config.ca : [config.ca]) {
    const file = resolve(config!.baseDir, p);
    try {
      ca.push(readFileSync(file, 'utf8'));
    } catch {
      throw new UsageError(`config: CA file not found: ${file}`);
    }
  }
  return {
    name: config?.name ?? new URL(apiBaseUrl).host,
    apiBaseUrl,
    tokenUrl: config?.tokenEndpoint ?? `${origin}/oauth/token`,
    credentialKeys,
    ca,
  };
}

function k8sName(value: string, flag: string, max: number): string {
  if (value.length > max || !K8S_NAME.test(value))
    throw new UsageError(
      `${flag} "${value}" must be lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${max} characters`,
    );
  return value;
}

function parseParallelism(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PARALLELISM)
    throw new UsageError(`--parallelism must be a whole number from 1 to ${MAX_PARALLELISM}`);
  return Number(value);
}

export async function loadExportCommand(flags: LoadExportFlags, io: Io): Promise<number> {
  if (!flags.k6Operator) {
    for (const [flag, v] of [
      ['--parallelism', flags.parallelism],
      ['--namespace', flags.namespace],
      ['--name', flags.name],
      ['--results-claim', flags.resultsClaim],
    ] as const)
      if (v !== undefined) throw new UsageError(`${flag} goes with --k6-operator`);
  }
  const profile = loadProfile(flags.profile ?? 'default');
  const scenarios = selectScenarios(profile, flags.scenario);
  const target = exportTarget(flags);
  const parallelism = parseParallelism(flags.parallelism);
  const name = k8sName(flags.name ?? DEFAULT_K8S_NAME, '--name', MAX_NAME_LENGTH);
  const namespace = flags.namespace === undefined ? undefined : k8sName(flags.namespace, '--namespace', 63);
  const resultsClaim = k8sName(flags.resultsClaim ?? `${name}-results`, '--results-claim', 63);
  const out = prepareOutputDir(flags.out ?? DEFAULT_EXPORT_DIR);

  // One `now` for every script, so the ConfigMap's copies are the very files written beside it.
  const now = new Date();
  const scripts = scenarios.map((scenario) => ({ scenario, script: exportK6Script(scenario, target, { now }) }));
  for (const { scenario, script } of scripts) {
    const file = join(out, scriptKey(scenario));
    writeFileSync(file, script);
    io.out(`k6 script: ${file}`);
  }
  if (!flags.k6Operator) {
    io.out(
      `Run one with: k6 run --summary-export summary.json --out json=points.json ${join(out, scriptKey(scenarios[0]!))}`,
    );
    return 0;
  }

  const secretName = `${name}-credentials`;
  const m = k6OperatorManifests({
    name,
    ...(namespace ? { namespace } : {}),
    parallelism,
    scenarios: scripts,
    apiBaseUrl: target.apiBaseUrl,
    tokenUrl: target.tokenUrl,
    secret: { name: secretName, keys: target.credentialKeys },
    resultsClaim,
    ca: target.ca,
  });
  const configMapFile = join(out, 'configmap.yaml');
  writeFileSync(
    configMapFile,
    manifestYaml(m.configMap, [
      `port-conformance load export --k6-operator: the k6 scripts of profile ${profile.id}, for ${target.name}.`,
      "Each key is one scenario's script, the same as the .js file beside this one.",
    ]),
  );
  io.out(`ConfigMap: ${configMapFile}`);
  const ns = namespace ? ` -n ${namespace}` : '';
  for (const t of m.testRuns) {
    const file = join(out, `testrun-${t.scenario}.yaml`);
    writeFileSync(
      file,
      manifestYaml(t.manifest, [
        `Load scenario ${t.scenario} of profile ${profile.id} on ${parallelism} k6 runner(s).`,
        'The k6-operator gives each runner an equal execution segment (--execution-segment): a share of',
        "the arrival rate and of the VUs. The script keeps the whole scenario and the profile's thresholds,",
        "which each runner judges on its share only; judge the whole run on every runner's points with",
        `  port-conformance load merge <the ${t.name}-*.json files from the ${resultsClaim} volume>`,
        m.secretKeys.length
          ? `Credentials: Secret ${secretName} (keys ${m.secretKeys.join(', ')}), never this file.`
          : 'No credentials: the scenario runs anonymously.',
      ]),
    );
    io.out(`TestRun: ${file} (${t.name}, ${parallelism} runner(s), points to ${t.pointsFile})`);
  }
  io.out('');
  io.out('Before applying:');
  if (m.secretKeys.length)
    io.out(
      `  kubectl${ns} create secret generic ${secretName} ${m.secretKeys.map((k) => `--from-literal=${k}="$${k}"`).join(' ')}`,
    );
  io.out(`  a PersistentVolumeClaim ${resultsClaim} the runners can all write to (ReadWriteMany across nodes)`);
  io.out(`  kubectl${ns} apply -f ${configMapFile}`);
  io.out('Then one TestRun at a time (the profile runs its scenarios one after the other):');
  for (const t of m.testRuns)
    io.out(
      `  kubectl${ns} apply -f ${join(out, `testrun-${t.scenario}.yaml`)} && kubectl${ns} wait --for=jsonpath='{.status.stage}'=finished testrun/${t.name} --timeout=1h`,
    );
  return 0;
}

/**
 * `--threshold 'http_req_duration:p(95)<300'`: the metric key (a submetric's braces may hold colons),
 * a colon, k6's expression.
 */
export function parseThresholdFlag(value: string): ThresholdMap {
  const brace = value.indexOf('{');
  const close = brace === -1 ? -1 : value.indexOf('}', brace);
  const colon = value.indexOf(':', Math.max(0, close));
  if (colon <= 0)
    throw new UsageError(`--threshold "${value}": expected METRIC:EXPRESSION, e.g. http_req_duration:p(95)<300`);
  const map = { [value.slice(0, colon).trim()]: [value.slice(colon + 1).trim()] };
  try {
    parseThresholds(map);
  } catch (err) {
    throw new UsageError(`--threshold "${value}": ${errorMessage(err)}`);
  }
  return map;
}

export async function loadMergeCommand(files: string[], flags: LoadMergeFlags, io: Io): Promise<number> {
  const flagThresholds = unionThresholds((flags.threshold ?? []).map(parseThresholdFlag));
  const profileScenarios = flags.profile
    ? new Map(selectScenarios(loadProfile(flags.profile), undefined).map((s) => [s.name, s.thresholds]))
    : undefined;
  const only = splitList(flags.scenario);
  const submetrics = [
    ...Object.keys(flagThresholds),
    ...[...(profileScenarios?.values() ?? [])].flatMap((t) => Object.keys(t)),
  ];

  let inputs;
  try {
    inputs = await readMergeInputs(files, { submetrics });
  } catch (err) {
    if (err instanceof MergeInputError || err instanceof ThresholdError) throw new UsageError(err.message);
    throw err;
  }
  let merged;
  try {
    merged = mergeByScenario(inputs.map((i) => i.scenarios));
  } catch (err) {
    if (err instanceof MergeInputError) throw new UsageError(err.message);
    throw err;
  }
  const names = [...merged.keys()].filter((n) => only.length === 0 || only.includes(n)).sort();
  const missing = only.filter((n) => !merged.has(n));
  if (missing.length)
    throw new UsageError(
      `--scenario: ${missing.join(', ')} not in the inputs (${[...merged.keys()].join(', ') || 'none'})`,
    );
  if (names.length === 0) throw new UsageError('load merge: the inputs hold no load scenario');

  const reports: MergedScenarioReport[] = [];
  for (const name of names) {
    const recorded = unionThresholds(
      inputs.filter((i) => i.scenarios.some((s) => s.scenario === name)).map((i) => i.recorded),
    );
    const { thresholds, from } = pickThresholds({
      flag: flagThresholds,
      ...(profileScenarios?.has(name) ? { profile: profileScenarios.get(name)! } : {}),
      recorded,
    });
    try {
      reports.push(judgeMerged(merged.get(name)!, thresholds, from));
    } catch (err) {
      if (err instanceof ThresholdError) throw new UsageError(`scenario ${name}: ${err.message}`);
      throw err;
    }
  }
  const notes = inputs.flatMap((i) => i.notes);
  const ok = reports.every((r) => r.ok);
  if (flags.json) io.out(JSON.stringify({ ok, scenarios: reports, notes }, null, 2));
  else printMerge(reports, notes, io);
  return ok ? 0 : 1;
}

const FROM: Record<MergedScenarioReport['thresholdsFrom'], string> = {
  flag: 'given with --threshold',
  profile: "the profile's",
  recorded: 'recorded by the inputs',
  none: 'none',
};

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`;
}

function printMerge(reports: readonly MergedScenarioReport[], notes: readonly string[], io: Io): void {
  for (const r of reports) {
    const rate = r.requestRate === null ? '' : ` (${r.requestRate.toFixed(1)}/s)`;
    const errors = r.errorRate === null ? '' : `, ${r.failedRequests} failed (${(r.errorRate * 100).toFixed(2)} %)`;
    io.out(
      `${r.scenario}: ${r.inputs.length} input(s), ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s${rate}${errors}, ${r.droppedIterations} dropped`,
    );
    const l = r.latencyMs;
    io.out(
      l
        ? `  http_req_duration  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (${l.count} samples)`
        : '  http_req_duration  no samples',
    );
    io.out(`  thresholds: ${FROM[r.thresholdsFrom]}`);
    for (const t of r.thresholds) {
      const observed = t.observed === null ? (t.reason ?? 'none') : String(Number(t.observed.toFixed(4)));
      io.out(`    ${t.ok ? 'ok  ' : 'FAIL'}  ${t.metric} ${t.source}  (${observed})`);
    }
    for (const key of r.incomplete) io.out(`  note: ${key} was not recorded by every input: left out`);
  }
  for (const n of notes) io.out(`note: ${n}`);
  const failed = reports.flatMap((r) => r.thresholds.filter((t) => !t.ok));
  io.out(
    failed.length === 0
      ? `${reports.length} scenario(s): every threshold holds`
      : `${reports.length} scenario(s): ${failed.length} threshold(s) failed`,
  );
}
