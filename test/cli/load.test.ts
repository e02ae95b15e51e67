// `port-conformance load export|merge` as a user meets them. The k6-operator export is read back with
// the yaml package and held to the documented fields (k6-operator's TestRun CRD, k6.io/v1alpha1; a
// ConfigMap holding the script under the TestRun's file key, byte for byte the plain export's).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import { HDR_CONTENT_TYPE, hdrFileOf } from '../../load/hdr-file.ts';
import { CA_KEY, K6_OPERATOR_API_VERSION } from '../../load/k6/operator.ts';
import { DEFAULT_SMOKE_SCENARIOS } from '../../load/scenario.ts';
import { MetricSet } from '../../load/sinks.ts';
import { sampleResults } from '../reports/sample-results.ts';

const SENTINEL_SECRET = 'S3CRET-must-not-leak';
const ENV = { PSW_AGENT_A_CLIENT_ID: 'agent-a-id-must-not-leak', PSW_AGENT_A_CLIENT_SECRET: SENTINEL_SECRET };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: ENV, isTty: false };
  return { io, out, err };
}

const root = mkdtempSync(join(tmpdir(), 'pc-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `d${n++}`);

async function cli(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, ...c };
}

const TARGET = 'https://psw.example.org';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
}
/** What the tests read of the manifests (parsed back from YAML). */
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: {
    parallelism: number;
    script: { configMap: { name: string; file: string } };
    arguments: string;
    runner: { env: EnvVar[]; volumes: unknown[]; volumeMounts: unknown[] };
  };
  data: Record<string, string>;
}

/** A TestRun's runner env by variable name. */
function envOf(testRun: Manifest): Record<string, EnvVar> {
  return Object.fromEntries(testRun.spec.runner.env.map((e) => [e.name, e]));
}
const SCENARIOS = DEFAULT_SMOKE_SCENARIOS.map((s) => s.name);

describe('load export', () => {
  // The scripts embed a seeded port call dated from `now`: one clock for both exports compared.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it("writes each of the profile's scenarios as a plain k6 script, with no secret in it", async () => {
    const out = fresh();
    const r = await cli(['load', 'export', '--target', TARGET, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(SCENARIOS.map((s) => `${s}.js`).sort());
    for (const f of readdirSync(out)) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text).toContain('__ENV.PSW_CLIENT_SECRET');
      expect(text).not.toContain(SENTINEL_SECRET);
      expect(text).not.toContain(ENV.PSW_AGENT_A_CLIENT_ID);
      expect(text).toContain('"https://psw.example.org/api/v1"');
    }
  });

  describe('--k6-operator', () => {
    const plain = fresh();
    const op = fresh();
    let files: string[];
    beforeEach(async () => {
      if (files) return;
      expect((await cli(['load', 'export', '--target', TARGET, '--out', plain])).code).toBe(0);
      const r = await cli([
        'load',
        'export',
        '--target',
        TARGET,
        '--out',
        op,
        '--k6-operator',
        '--parallelism',
        '4',
        '--namespace',
        'load-tests',
        '--name',
        'psw-load',
      ]);
      expect(r.code).toBe(0);
      files = readdirSync(op).sort();
    });

    const yamlOf = (file: string): Manifest => {
      const text = readFileSync(join(op, file), 'utf8');
      const docs = parseAllDocuments(text);
      expect(docs).toHaveLength(1);
      expect(docs[0]!.errors).toEqual([]);
      return parseYaml(text) as Manifest;
    };

    it('writes the scripts, one ConfigMap and one TestRun per scenario', () => {
      expect(files).toEqual(
        ['configmap.yaml', ...SCENARIOS.map((s) => `${s}.js`), ...SCENARIOS.map((s) => `testrun-${s}.yaml`)].sort(),
      );
    });

    it.each(SCENARIOS)('TestRun of %s has the documented fields', (scenario) => {
      const t = yamlOf(`testrun-${scenario}.yaml`);
      expect(t.apiVersion).toBe(K6_OPERATOR_API_VERSION);
      expect(t.apiVersion).toBe('k6.io/v1alpha1');
      expect(t.kind).toBe('TestRun');
      expect(t.metadata).toMatchObject({ name: `psw-load-${scenario.toLowerCase()}`, namespace: 'load-tests' });
      expect(t.spec.parallelism).toBe(4);
      expect(t.spec.script).toEqual({ configMap: { name: 'psw-load-scripts', file: `${scenario}.js` } });
      expect(t.spec.arguments).toBe(`--out json=/results/${t.metadata.name}-$(POD_NAME).json`);
      const env = envOf(t);
      expect(env.PSW_API_BASE).toEqual({ name: 'PSW_API_BASE', value: 'https://psw.example.org/api/v1' });
      expect(env.PSW_TOKEN_URL).toEqual({ name: 'PSW_TOKEN_URL', value: 'https://psw.example.org/oauth/token' });
      // Credentials by reference to a Secret whose keys are the member's variable names.
      expect(env.PSW_CLIENT_ID).toEqual({
        name: 'PSW_CLIENT_ID',
        valueFrom: { secretKeyRef: { name: 'psw-load-credentials', key: 'PSW_AGENT_A_CLIENT_ID' } },
      });
      expect(env.PSW_CLIENT_SECRET).toEqual({
        name: 'PSW_CLIENT_SECRET',
        valueFrom: { secretKeyRef: { name: 'psw-load-credentials', key: 'PSW_AGENT_A_CLIENT_SECRET' } },
      });
      expect(env.POD_NAME).toEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
      expect(t.spec.runner.volumes).toEqual([
        { name: 'results', persistentVolumeClaim: { claimName: 'psw-load-results' } },
      ]);
      expect(t.spec.runner.volumeMounts).toEqual([{ name: 'results', mountPath: '/results' }]);
    });

    it('the ConfigMap holds each script under its TestRun’s file key, the same as the plain export', () => {
      const cm = yamlOf('configmap.yaml');
      expect(cm).toMatchObject({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'psw-load-scripts', namespace: 'load-tests' },
      });
      expect(Object.keys(cm.data).sort()).toEqual(SCENARIOS.map((s) => `${s}.js`).sort());
      for (const s of SCENARIOS) {
        const file = yamlOf(`testrun-${s}.yaml`).spec.script.configMap.file as string;
        expect(cm.data[file]).toBe(readFileSync(join(plain, `${s}.js`), 'utf8'));
        expect(cm.data[file]).toBe(readFileSync(join(op, `${s}.js`), 'utf8'));
      }
    });

    it('no secret anywhere in what was written', () => {
      for (const f of files) {
        const text = readFileSync(join(op, f), 'utf8');
        expect(text).not.toContain(SENTINEL_SECRET);
        expect(text).not.toContain(ENV.PSW_AGENT_A_CLIENT_ID);
      }
    });
  });

  it("a member config's credential names become the Secret's keys, its CA goes into the ConfigMap", async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(
      join(dir, 'member.yaml'),
      [
        'name: Port of Example',
        'api: https://psw.example.org/api/v1',
        'tokenEndpoint: https://login.example.org/token',
        'ca: ./ca.pem',
        'credentials:',
        '  agentA: { clientIdEnv: EX_A_ID, clientSecretEnv: EX_A_SECRET }',
      ].join('\n'),
    );
    const out = join(dir, 'k6');
    const r = await cli([
      'load',
      'export',
      '--config',
      join(dir, 'member.yaml'),
      '--out',
      out,
      '--k6-operator',
      '--scenario',
      SCENARIOS[0]!,
    ]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('--from-literal=EX_A_ID="$EX_A_ID" --from-literal=EX_A_SECRET="$EX_A_SECRET"');
    const t = parseYaml(readFileSync(join(out, `testrun-${SCENARIOS[0]}.yaml`), 'utf8')) as Manifest;
    const env = envOf(t);
    expect(env.PSW_CLIENT_ID!.valueFrom!.secretKeyRef!.key).toBe('EX_A_ID');
    expect(env.PSW_TOKEN_URL!.value).toBe('https://login.example.org/token');
    expect(env.SSL_CERT_FILE!.value).toBe(`/test/${CA_KEY}`);
    const cm = parseYaml(readFileSync(join(out, 'configmap.yaml'), 'utf8')) as Manifest;
    expect(cm.data[CA_KEY]).toContain('BEGIN CERTIFICATE');
    expect(Object.keys(cm.data)).toEqual([`${SCENARIOS[0]}.js`, CA_KEY]);
  });

  it.each([
    ['no target', ['load', 'export']],
    ['a plain-http remote target', ['load', 'export', '--target', 'http://psw.example.org']],
    ['a target with user:password@', ['load', 'export', '--target', 'https://u:S3cr%21t@psw.example.org']],
    ['--parallelism without --k6-operator', ['load', 'export', '--target', TARGET, '--parallelism', '2']],
    ['--parallelism 0', ['load', 'export', '--target', TARGET, '--k6-operator', '--parallelism', '0']],
    ['--parallelism too high', ['load', 'export', '--target', TARGET, '--k6-operator', '--parallelism', '101']],
    ['a --name Kubernetes refuses', ['load', 'export', '--target', TARGET, '--k6-operator', '--name', 'PSW_Load']],
    ['an unknown scenario', ['load', 'export', '--target', TARGET, '--scenario', 'nope']],
    ['an unknown profile', ['load', 'export', '--target', TARGET, '--profile', 'no-such-profile']],
  ])('%s: exit 2, one line, nothing written', async (_n, args) => {
    const out = fresh();
    const r = await cli([...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).not.toContain('S3cr');
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('load merge', () => {
  const FIXTURES = join(import.meta.dirname, '../load/k6/fixtures');
  const runners = [join(FIXTURES, 'runner-0.json'), join(FIXTURES, 'runner-1.json')];

  it("judges k6 runners' points together on the thresholds they declared: exit 1 when one fails", async () => {
    const r = await cli(['load', 'merge', ...runners]);
    expect(r.code).toBe(1);
    const text = r.out.join('\n');
    expect(text).toMatch(
      /^listPortCalls-smoke: 2 input\(s\), 22 requests in 2\.8 s \(8\.0\/s\), 2 failed \(9\.09 %\), 2 dropped$/m,
    );
    expect(text).toMatch(/thresholds: recorded by the inputs/);
    expect(text).toMatch(/FAIL\s+http_req_duration p\(95\)<300/);
    expect(text).toMatch(/ok\s+http_req_failed rate<0\.1/);
    expect(text).toMatch(/note: .*runner-0\.json: 3 point\(s\) outside any scenario/);
  });

  it('--threshold replaces them (exit 0 when all hold); --json says the same', async () => {
    const r = await cli([
      'load',
      'merge',
      ...runners,
      '--threshold',
      'http_req_duration:p(99)<700',
      '--threshold',
      'http_req_duration{expected_response:true}:max<300',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.join('\n')) as {
      ok: boolean;
      scenarios: { thresholdsFrom: string; thresholds: { metric: string; ok: boolean }[] }[];
    };
    expect(json.ok).toBe(true);
    expect(json.scenarios[0]!.thresholdsFrom).toBe('flag');
    expect(json.scenarios[0]!.thresholds.map((t) => [t.metric, t.ok])).toEqual([
      ['http_req_duration', true],
      ['http_req_duration{expected_response:true}', true],
    ]);
  });

  it("--profile judges a scenario on the profile's thresholds for it", async () => {
    const r = await cli(['load', 'merge', ...runners, '--profile', 'default', '--json']);
    const json = JSON.parse(r.out.join('\n')) as {
      scenarios: { thresholdsFrom: string; thresholds: { source: string }[] }[];
    };
    expect(json.scenarios[0]!.thresholdsFrom).toBe('profile');
    expect(json.scenarios[0]!.thresholds.map((t) => t.source)).toEqual(['p(95)<300', 'rate<0.01', 'count==0']);
    expect(r.code).toBe(1);
  });

  it("finds a run's hdr files through its results.json", async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'evidence'), { recursive: true });
    const results = sampleResults();
    for (const [i, ms] of [3, 7].entries()) {
      const m = new MetricSet();
      m.define('http_reqs');
      m.define('http_req_duration');
      for (let k = 0; k < 10; k++) {
        m.add('http_reqs', 1);
        m.add('http_req_duration', ms + k);
      }
      const hdr = hdrFileOf({
        scenario: 'smoke',
        engine: 'builtin',
        startedAtMs: Date.parse('2026-03-02T09:15:00Z') + i * 5000,
        durationMs: 5000,
        metrics: m.mergeable(),
        thresholds: { http_req_duration: ['max<20'] },
      });
      const path = `evidence/h${i}.hdr.json`;
      writeFileSync(join(dir, path), JSON.stringify(hdr));
      results.evidence[`file-h${i}`] = {
        kind: 'file',
        id: `file-h${i}`,
        label: 'hdr',
        contentType: HDR_CONTENT_TYPE,
        path,
        sha256: '0'.repeat(64),
      };
    }
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    const r = await cli(['load', 'merge', join(dir, 'results.json'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.join('\n')) as {
      scenarios: { requests: number; inputs: string[]; latencyMs: { min: number; max: number } }[];
    };
    expect(json.scenarios[0]).toMatchObject({ requests: 20, latencyMs: { min: 3, max: 16 } });
    expect(json.scenarios[0]!.inputs).toEqual([
      `${join(dir, 'results.json')} → evidence/h0.hdr.json`,
      `${join(dir, 'results.json')} → evidence/h1.hdr.json`,
    ]);
  });

  it.each([
    ['a file that is not there', () => [join(root, 'missing.json')], 'missing.json: no such file'],
    [
      'a malformed k6 line',
      () => {
        const f = join(root, 'broken.json');
        writeFileSync(
          f,
          `${readFileSync(runners[0]!, 'utf8').split('\n').slice(0, 6).join('\n')}\n{"type":"Point","data":{"time":"x","value":1},"metric":"http_reqs"}\n`,
        );
        return [f];
      },
      'broken.json:7: "time" is not an RFC 3339 date-time',
    ],
    [
      'something else entirely',
      () => {
        const f = join(root, 'other.json');
        writeFileSync(f, '{"hello": "world"}');
        return [f];
      },
      'other.json: not an hdr file, a results.json or k6 --out json output',
    ],
    ['a bad --threshold', () => [...runners, '--threshold', 'http_req_duration<300'], 'expected METRIC:EXPRESSION'],
    ['a file given twice', () => [...runners, runners[0]!], 'runner-0.json: given twice'],
    ['a --scenario not in the inputs', () => [...runners, '--scenario', 'nope'], '--scenario: nope not in the inputs'],
    [
      'a results.json with no histograms',
      () => {
        const f = join(root, 'results.json');
        writeFileSync(f, JSON.stringify(sampleResults()));
        return [f];
      },
      'the run stored no load histograms',
    ],
  ])('%s: exit 2, one line naming it', async (_n, args, message) => {
    const r = await cli(['load', 'merge', ...args()]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
  });
});
