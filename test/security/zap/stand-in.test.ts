// The "done when" for ZAP, through the run session the CLI uses, on the flawed port (its header
// and disclosure defects): without ZAP the check is skipped in one console line; with the zap-api-scan.py
// stand-in on PATH (local, or through a docker stand-in) or the loopback daemon stand-in, ZAP's findings
// reach results.json, the console, HTML, JUnit and SARIF; a rules file entry set to IGNORE removes one;
// nothing ZAP is told or sends leaves the allow-list; the token appears in no output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger, ZapEngine } from '../../../engine/context.ts';
import { loadProfile, type Profile } from '../../../engine/profile.ts';
import { isAllowed } from '../../../engine/target.ts';
import type { CheckResult, Results } from '../../../engine/types.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../../../fixtures/index.ts';
import { renderConsoleSummary } from '../../../reports/console.ts';
import { validateResults } from '../../../reports/schema.ts';
import { runSession, type TargetRequest } from '../../../session/index.ts';
import { ZAP_IMAGE } from '../../../security/zap/select.ts';
import { startFakeDaemon, type FakeDaemon } from '../../helpers/zap/fake-daemon.ts';
import { installStandIns, isolatedPath, type StandInBin } from '../../helpers/zap/install.ts';

/** The flawed port's defects a ZAP API scan sees in its answers (headers, banner, stack traces). */
const DEFECTS = ['security-headers-missing', 'stack-trace-in-errors', 'hsts-missing'];
const EXPECTED_FINDINGS = ['zap-10021', 'zap-10035', 'zap-10037', 'zap-90022'];
/** The CWE ZAP gives each of those rules (test/helpers/zap/alerts.ts, as ZAP's rules do). */
const CWE_OF: Record<string, string> = {
  'zap-10021': 'CWE-693',
  'zap-10035': 'CWE-319',
  'zap-10037': 'CWE-497',
  'zap-90022': 'CWE-550',
};

const ENV_KEYS = [
  'PATH',
  'IS_CONTAINERIZED',
  'ZAP_STAND_IN_LOG',
  'ZAP_STAND_IN_WRK',
  'ZAP_API_URL',
  'ZAP_IMAGE',
  'FAKE_DOCKER_IMAGES',
];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let server: FixtureServer;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const k of ENV_KEYS) delete process.env[k];
  for (const [k, v] of Object.entries(values)) if (v !== undefined) process.env[k] = v;
}

interface Run {
  results: Results;
  check: CheckResult;
  out: string;
  lines: string[];
  files: Record<'json' | 'junit' | 'sarif' | 'html', string>;
}

async function run(
  zap: ZapEngine,
  target: TargetRequest = { url: server.origin, env: {} },
  profile?: Profile,
): Promise<Run> {
  const out = tempDir('pc-zap-out-');
  const lines: string[] = [];
  const log: Logger = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
  const outcome = await runSession({
    target,
    checks: ['zap-api-scan'],
    suites: ['security'],
    seed: 1,
    ...(profile ? { profile } : {}),
    engines: { zap },
    log,
    output: { dir: out, formats: ['json', 'junit', 'sarif', 'html'] },
  });
  if (outcome.cause) throw new Error(outcome.cause.message);
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return {
    results: outcome.results,
    check: outcome.results.checks.find((c) => c.id === 'zap-api-scan')!,
    out,
    lines,
    files: {
      json: read('results.json'),
      junit: read('junit.xml'),
      sarif: read('results.sarif'),
      html: read('report.html'),
    },
  };
}

const findingIds = (c: CheckResult) => [...new Set(c.findings.map((f) => f.id))].sort();

/** The JUnit testcase of the check, its body. */
function junitCase(junit: string): string {
  return /<testcase[^>]*name="zap-api-scan:[^"]*"[^>]*>([\s\S]*?)<\/testcase>/.exec(junit)?.[1] ?? '';
}

/** ZAP's findings in every output the run writes, and the console. */
function expectEverywhere(r: Run, ids: string[]): void {
  expect(r.check.outcome).toBe('fail');
  expect(findingIds(r.check)).toEqual(ids);
  const json = JSON.parse(r.files.json) as Results;
  expect(validateResults(json).errors).toEqual([]);
  expect(findingIds(json.checks.find((c) => c.id === 'zap-api-scan')!)).toEqual(ids);
  expect(renderConsoleSummary(r.results, { color: false })).toMatch(/zap-api-scan/);
  expect(r.files.html).toContain('data-check="zap-api-scan"');
  for (const id of ids) expect(r.files.html).toContain(`data-finding="${id}"`);
  expect(junitCase(r.files.junit)).toMatch(/<failure message="ZAP /);
  for (const id of ids) expect(junitCase(r.files.junit)).toContain(`[${id}]`);
  const sarif = JSON.parse(r.files.sarif) as {
    runs: {
      tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } };
      results: { ruleId: string; properties: { findingId: string } }[];
    }[];
  };
  const rule = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'zap-api-scan')!;
  expect(rule.properties.tags.filter((t) => t.startsWith('CWE-')).sort()).toEqual(ids.map((id) => CWE_OF[id]).sort());
  expect(rule.properties.tags).toContain('API8:2023');
  const sarifIds = sarif.runs[0]!.results.filter((x) => x.ruleId === 'zap-api-scan').map((x) => x.properties.findingId);
  expect([...new Set(sarifIds)].sort()).toEqual(ids);
}

/** No output of the run, nor its log, holds a token ZAP was given. */
function expectNoToken(r: Run, tokens: string[]): void {
  expect(tokens.length).toBeGreaterThan(0);
  const outputs = [...Object.values(r.files), r.lines.join('\n')];
  for (const t of tokens) for (const o of outputs) expect(o.includes(t)).toBe(false);
}

beforeAll(async () => {
  server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects: DEFECTS });
});
afterAll(async () => {
  await server?.close();
  setEnv(saved);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('no ZAP present', () => {
  it('skips zap-api-scan, saying why in one console line (not an error, not a pass)', async () => {
    setEnv({ PATH: isolatedPath() });
    const r = await run({ mode: 'auto' });
    expect(r.check.outcome).toBe('skipped');
    expect(r.check.summary).toBe(
      'ZAP not found: no --zap-api or ZAP_API_URL; no docker; no podman; no zap-api-scan.py on PATH',
    );
    expect(r.lines.filter((l) => /ZAP/.test(l))).toEqual([`ZAP checks skipped: ${r.check.summary}`]);
    expect(r.results.artifacts.find((a) => a.name === 'ZapScan')?.status).toBe('ok');
    expect(junitCase(r.files.junit)).toMatch(/<skipped message="ZAP not found/);
    expect(r.check.required).toBe(false);
  });

  it('is an error, not a skip, when the profile requires the ZAP check (no certificate by omission)', async () => {
    setEnv({ PATH: isolatedPath() });
    const p = loadProfile('certification');
    const r = await run({ mode: 'auto' }, undefined, {
      ...p,
      checks: { ...p.checks, 'zap-api-scan': { required: true } },
    });
    expect(r.check).toMatchObject({ outcome: 'error', required: true });
    expect(r.check.summary).toMatch(/ZAP not found: .*; profile psw-v1-certification requires zap-api-scan/);
    expect(r.results.verdict.status).toBe('incomplete');
  });
});

describe('the zap-api-scan.py stand-in on PATH', () => {
  let bin: StandInBin;
  beforeAll(() => {
    bin = installStandIns({ script: true });
    // Inside the ZAP image: a container, with /zap/wrk (a folder plays it).
    setEnv({
      PATH: isolatedPath(bin.dir),
      IS_CONTAINERIZED: 'true',
      ZAP_STAND_IN_LOG: bin.log,
      ZAP_STAND_IN_WRK: tempDir('pc-zap-wrk-'),
    });
  });
  afterAll(() => bin.remove());

  it("finds the flawed port's defects, in results.json, console, HTML, JUnit and SARIF", async () => {
    const r = await run({ mode: 'auto' });
    expectEverywhere(r, EXPECTED_FINDINGS);
    expect(r.check.summary).toMatch(
      /^ZAP 2\.16\.1 via .*zap-api-scan\.py: 5 alerts: 0 FAIL, 4 WARN, 1 INFO, 0 ignored$/,
    );
    const f = r.check.findings.find((x) => x.id === 'zap-10021')!;
    expect(f.location).toMatchObject({ method: 'GET', header: 'x-content-type-options' });
    expect(f.data).toMatchObject({
      pluginId: '10021',
      risk: 'Low',
      severity: 'low',
      confidence: 'Medium',
      cwe: 693,
      wasc: 15,
      owasp: 'API8:2023',
      level: 'WARN',
    });
    expect(r.results.evidence[f.evidence![0]!]).toMatchObject({ kind: 'text' });

    // Scope: every request ZAP sent, and what it was told, stays on the allow-list.
    const target = { allowedHosts: [new URL(server.origin).host] };
    const events = bin.events();
    const requests = events.filter((e) => e.event === 'request').map((e) => String(e.url));
    expect(requests.length).toBeGreaterThan(0);
    for (const u of requests) expect(isAllowed(target, u), u).toBe(true);
    const opts = events.find((e) => e.event === 'options') as { silent: boolean; props: Record<string, string> };
    expect(opts.silent).toBe(true);
    const exclude = new RegExp(opts.props['globalexcludeurl.url_list.url(0).regex']!);
    expect(exclude.test(`${server.origin}/api/v1/port-calls`)).toBe(false);
    expect(exclude.test('https://example.org/')).toBe(true);
    expectNoToken(r, [opts.props['replacer.full_list(0).replacement']!.replace(/^Bearer /, '')]);
  });

  it('passes on the reference single window (its answers raise no counted alert)', async () => {
    const reference = await startReferenceServer({ host: '127.0.0.1', port: 0 });
    try {
      const r = await run({ mode: 'auto' }, { url: reference.origin, env: {} });
      expect(r.check.outcome).toBe('pass');
      expect(r.check.findings).toEqual([]);
      expect(r.check.metrics).toMatchObject({ fail: 0, warn: 0 });
    } finally {
      await reference.close();
    }
  });

  it("a rules file entry set to IGNORE (member config zapRules) removes that alert's findings", async () => {
    const dir = tempDir('pc-zap-config-');
    writeFileSync(
      join(dir, 'zap-rules.tsv'),
      [
        '# the member accepts its banner until the next release',
        '10037\tIGNORE\t(Server Leaks Information via "X-Powered-By" HTTP Response Header Field(s))',
        '10021\tFAIL\t(X-Content-Type-Options Header Missing)',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'member.yaml'), `api: ${server.origin}/api/v1\nzapRules: zap-rules.tsv\n`);
    const r = await run({ mode: 'auto' }, { config: join(dir, 'member.yaml'), env: {} });
    expectEverywhere(
      r,
      EXPECTED_FINDINGS.filter((id) => id !== 'zap-10037'),
    );
    expect(r.check.summary).toMatch(/1 FAIL, 2 WARN, 1 INFO, 1 ignored/);
    expect(r.check.findings.find((x) => x.id === 'zap-10021')?.data?.level).toBe('FAIL');
    const ext = r.results.extensions?.['zap-api-scan'] as {
      exitCode: number;
      alerts: { alertRef: string; level: string }[];
    };
    expect(ext.exitCode).toBe(1);
    expect(ext.alerts.find((a) => a.alertRef === '10037')?.level).toBe('IGNORE');
    expect(r.results.run.options.zapRules).toBe(join(dir, 'zap-rules.tsv'));
  });
});

describe('the container image through a docker stand-in', () => {
  let bin: StandInBin;
  beforeAll(() => {
    bin = installStandIns({ docker: true });
    setEnv({ PATH: isolatedPath(bin.dir), ZAP_STAND_IN_LOG: bin.log, FAKE_DOCKER_IMAGES: ZAP_IMAGE });
  });
  afterAll(() => bin.remove());

  it('is chosen when the image is pulled, and finds the same', async () => {
    const r = await run({ mode: 'auto' });
    expectEverywhere(r, EXPECTED_FINDINGS);
    expect(r.check.summary).toContain(`via docker ${ZAP_IMAGE} zap-api-scan.py`);
    const runArgs = bin.events().find((e) => e.event === 'docker' && (e.argv as string[])[0] === 'run')!
      .argv as string[];
    expect(runArgs).toEqual(expect.arrayContaining(['--network', 'host', ZAP_IMAGE, 'zap-api-scan.py']));
    for (const e of bin.events().filter((x) => x.event === 'request'))
      expect(isAllowed({ allowedHosts: [new URL(server.origin).host] }, String(e.url))).toBe(true);
  });
});

describe('the loopback ZAP daemon stand-in', () => {
  let daemon: FakeDaemon;
  beforeAll(async () => {
    setEnv({ PATH: isolatedPath() });
    daemon = await startFakeDaemon({ apiKey: 'k-123' });
  });
  afterAll(() => daemon?.close());

  it('--zap-api: imports, scans, and its alerts become the same findings; only allowed URLs', async () => {
    const r = await run({ mode: 'auto', apiUrl: daemon.url, apiKey: 'k-123' });
    expectEverywhere(r, EXPECTED_FINDINGS);
    expect(r.check.summary).toMatch(
      /^ZAP 2\.16\.1 via daemon http:\/\/127\.0\.0\.1:\d+: 5 alerts: 0 FAIL, 4 WARN, 1 INFO, 0 ignored$/,
    );
    const target = { allowedHosts: [new URL(server.origin).host] };
    for (const t of daemon.told) expect(isAllowed(target, t.url), `${t.what} ${t.url}`).toBe(true);
    for (const regex of [...daemon.includes.values()].flat())
      expect(regex.startsWith(`^https://127\\.0\\.0\\.1:`)).toBe(true);
    for (const s of daemon.sent) expect(isAllowed(target, s.url)).toBe(true);
    expect(daemon.calls.every((c) => c.keyOk)).toBe(true);
    expect(r.results.run.options).toMatchObject({ zap: 'auto', zapApi: daemon.url });
    expect(r.files.json).not.toContain('k-123');
    const tokens = daemon.calls
      .filter((c) => c.name === 'addRule')
      .map((c) => c.params.replacement!.replace(/^Bearer /, ''));
    expectNoToken(r, tokens);
  });

  it('--zap off skips even with a daemon', async () => {
    const r = await run({ mode: 'off', apiUrl: daemon.url });
    expect(r.check).toMatchObject({ outcome: 'skipped', summary: 'ZAP switched off (--zap off)' });
  });
});
