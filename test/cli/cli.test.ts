// The command line as a user meets it: exit codes, one-line causes, and results.json written in
// every case (valid against the published schema).
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { validateResults } from '../../reports/schema.ts';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env, isTty: false };
  return { io, out, err };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'pc-cli-'));
}

function readResultsFile(dir: string): Results {
  const data = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
  const v = validateResults(data);
  expect(v.errors).toEqual([]);
  return data;
}

describe('usage errors: exit 2, one line, results still written', () => {
  it.each([
    ['an unknown flag', ['run', '--bogus']],
    ['a bad suite', ['run', '--suites', 'contract,nonsense']],
    ['a bad seed', ['run', '--seed', 'abc']],
    ['a bad load engine', ['run', '--load-engine', 'jmeter']],
    ['an unknown profile', ['run', '--profile', 'no-such-profile']],
    ['a missing config file', ['run', '--config', '/nonexistent/member.yaml']],
    ['an unknown check id', ['run', '--checks', 'no-such-check']],
    ['a non-https target', ['run', '--target', 'http://psw.example.org']],
  ])('%s', async (_name, args) => {
    const dir = tmp();
    const { io, err } = capture();
    const code = await main([...args, '--out', dir], io);
    expect(code).toBe(2);
    const causeLines = err.filter((l) => !l.startsWith('Results:'));
    expect(causeLines).toHaveLength(1);
    const results = readResultsFile(dir);
    expect(results.verdict).toMatchObject({ status: 'error', exitCode: 2, conformant: false });
    expect(results.errors[0]?.code).toBe('usage');
  });

  it('a target with user:password@ is refused, and neither the message nor results.json keeps them', async () => {
    const dir = tmp();
    const { io, err } = capture();
    expect(await main(['run', '--target', 'https://agent:S3cr%21t@psw.example.org', '--out', dir], io)).toBe(2);
    const causeLines = err.filter((l) => !l.startsWith('Results:'));
    expect(causeLines).toEqual([
      'error: --target must not hold a user name or password (user:password@); credentials come from environment variables',
    ]);
    const text = readFileSync(join(dir, 'results.json'), 'utf8');
    expect(text).not.toContain('S3cr');
    const results = readResultsFile(dir);
    expect(results.errors[0]?.code).toBe('usage');
    expect(results.target.apiBaseUrl).toBe('https://[REDACTED]@psw.example.org');
  });

  it('a config with a literal secret is refused, naming the setting and the fix', async () => {
    const dir = tmp();
    const config = join(dir, 'member.yaml');
    writeFileSync(
      config,
      'api: https://psw.example.org/api/v1\ncredentials:\n  agentA: { clientId: a, clientSecret: hunter2 }\n',
    );
    const { io, err } = capture();
    expect(await main(['run', '--config', config, '--out', dir], io)).toBe(2);
    expect(err[0]).toMatch(/clientSecret/);
    expect(err.join('\n')).not.toContain('hunter2');
    expect(readResultsFile(dir).errors[0]?.code).toBe('usage');
  });

  it('a profile with a bad load scenario is refused before anything is sent', async () => {
    const dir = tmp();
    const profile = join(dir, 'bad.yaml');
    writeFileSync(
      profile,
      'extends: default\nload:\n  scenarios:\n    - name: x\n      operation: { method: GET, path: /port-calls }\n      executor: constant-arrival-rate\n      rate: -5\n      timeUnit: 1s\n      duration: 5s\n      preAllocatedVUs: 1\n      maxVUs: 1\n      thresholds: { http_req_failed: ["rate<0.01"] }\n',
    );
    const { io, err } = capture();
    expect(await main(['run', '--profile', profile, '--out', dir], io)).toBe(2);
    expect(err[0]).toMatch(/scenarios\[0\]\.rate/);
  });

  it('a remote target without credentials is a usage error naming the variables', async () => {
    const dir = tmp();
    const { io, err } = capture({});
    expect(await main(['run', '--target', 'https://psw.example.org', '--out', dir], io)).toBe(2);
    expect(err[0]).toMatch(/PSW_AGENT_A_CLIENT_ID/);
  });
});

describe('unreachable target', () => {
  it('exits 3 with a one-line cause and a results file saying so', async () => {
    const dir = tmp();
    const { io, err } = capture();
    const code = await main(['run', '--target', 'https://127.0.0.1:9', '--out', dir], io);
    expect(code).toBe(3);
    expect(err.filter((l) => !l.startsWith('Results:'))).toHaveLength(1);
    expect(err[0]).toMatch(/127\.0\.0\.1:9/);
    const results = readResultsFile(dir);
    expect(results.verdict).toMatchObject({ status: 'unreachable', exitCode: 3 });
    expect(results.checks.every((c) => c.outcome === 'skipped')).toBe(true);
  });
});

describe('other commands', () => {
  it('serve --defects list lists every seeded defect and the check that catches it', async () => {
    const { io, out } = capture();
    expect(await main(['serve', 'flawed', '--defects', 'list'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/stale-etag-accepted\s+contract\s+caught by stale-etag-rejected/);
  });

  it.each([
    [['serve', 'flawed', '--defects', 'no-such-defect'], /no-such-defect/],
    [['serve', 'production'], /reference.*flawed/],
    [['serve', 'reference', '--host', '0.0.0.0'], /loopback/],
  ])('serve %j is a usage error', async (args, message) => {
    const { io, err } = capture();
    expect(await main(args, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('catalog shows what nothing covers yet', async () => {
    const { io, out } = capture();
    expect(await main(['catalog'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/NOT TESTED/);
    const json = capture();
    expect(await main(['catalog', '--json'], json.io)).toBe(0);
    const data = JSON.parse(json.out.join('\n')) as { requirements: { id: string; coveredBy: string[] }[] };
    expect(data.requirements.find((r) => r.id === 'PSW-API-005')?.coveredBy).toContain('stale-etag-rejected');
  });

  it('catalog --profile dcsa-port-call lists the DCSA requirements and the DCSA checks covering them', async () => {
    const json = capture();
    expect(await main(['catalog', '--profile', 'dcsa-port-call', '--json'], json.io)).toBe(0);
    const data = JSON.parse(json.out.join('\n')) as {
      standard: string;
      requirements: { id: string; coveredBy: string[] }[];
      checks: { id: string }[];
    };
    expect(data.standard).toBe('dcsa-port-call-v2');
    expect(Object.fromEntries(data.requirements.map((r) => [r.id, r.coveredBy]))).toEqual({
      'DCSA-PC-HDR-001': ['dcsa-api-version-header'],
      'DCSA-PC-EVT-001': ['dcsa-event-fields'],
      'DCSA-PC-EVT-002': ['dcsa-event-fields'],
      'DCSA-PC-EVT-003': ['dcsa-event-fields'],
      'DCSA-PC-EVT-004': ['dcsa-event-fields'],
      'DCSA-PC-ERR-001': ['dcsa-error-body'],
    });
    const ids = data.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['tls-protocol-versions', 'response-schema', 'dcsa-event-fields']));
    expect(ids).not.toContain('imo-number-validation');
    const plain = capture();
    expect(await main(['catalog'], plain.io)).toBe(0);
    expect(plain.out.join('\n')).not.toMatch(/DCSA-PC-/);
  });

  it('report --from re-renders an earlier run; a broken file is a usage error', async () => {
    const dir = tmp();
    await main(['run', '--target', 'https://127.0.0.1:9', '--out', dir], capture().io);
    const again = tmp();
    const { io } = capture();
    expect(await main(['report', '--from', join(dir, 'results.json'), '--out', again], io)).toBe(0);
    for (const f of ['junit.xml', 'results.sarif', 'report.html']) expect(existsSync(join(again, f))).toBe(true);
    const broken = join(again, 'broken.json');
    writeFileSync(broken, '{"schemaVersion": "1.0.0"}');
    expect(await main(['report', '--from', broken], capture().io)).toBe(2);
  });
});

describe('plan', () => {
  it('lists requirement × place for profile v1, and as JSON', async () => {
    const { io, out } = capture();
    expect(await main(['plan'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/PSW-SEC-HDR-004\s+SHOULD\s+\d+ place/);
    const json = capture();
    expect(await main(['plan', '--json'], json.io)).toBe(0);
    const data = JSON.parse(json.out.join('\n')) as { places: Record<string, { id: string }[]> };
    expect(data.places['PSW-API-001']?.map((p) => p.id)).toContain('createPortCall');
  });

  it('derives from another OpenAPI document; an unreadable one is a usage error', async () => {
    const { io, out } = capture();
    const jit = new URL('../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url).pathname;
    expect(await main(['plan', '--openapi', jit], io)).toBe(0);
    expect(out[0]).toMatch(/JIT|Port Call/i);
    expect(await main(['plan', '--openapi', '/nonexistent.yaml'], capture().io)).toBe(2);
  });
});
