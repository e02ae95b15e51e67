// Baselines and waivers end to end: runs of the flawed port through the run session (as the CLI runs
// them), with seeded defects switched off and on. Assertions are on fingerprints, states, ids, exit
// codes and stable markers of each report (data attributes, JUnit elements, SARIF fields), never on
// rendered sentences.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import type { Results } from '../../engine/types.ts';
import { startFlawedServer, type FixtureServer } from '../../fixtures/index.ts';
import { renderConsoleSummary } from '../../reports/console.ts';
import { validateResults } from '../../reports/schema.ts';
import { runSession, type RunRequest } from '../../session/index.ts';
import { parseXml, type XNode as XmlNode } from '../reports/xml-parser.ts';

// Each seeded defect and the checks that catch it (fixtures/defects/contract.ts).
const ETA = 'eta-after-etd-accepted'; // eta-etd-order
const LOCATION = 'location-header-missing'; // port-call-creation, required-headers
const RECEIPT = 'receipt-id-reused'; // receipt-format
const CHECKS = ['eta-etd-order', 'port-call-creation', 'required-headers', 'receipt-format'];

const dir = mkdtempSync(join(tmpdir(), 'pc-baseline-'));
const servers: FixtureServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function flawed(defects: string[]): Promise<FixtureServer> {
  const s = await startFlawedServer({ host: '127.0.0.1', port: 0, defects });
  servers.push(s);
  return s;
}

let n = 0;
async function run(server: FixtureServer, extra: Partial<RunRequest> = {}) {
  const out = join(dir, `run-${++n}`);
  const outcome = await runSession({
    target: { url: server.origin, env: {} },
    suites: ['contract'],
    checks: CHECKS,
    seed: 1,
    output: { dir: out },
    ...extra,
  });
  if (outcome.cause) throw new Error(outcome.cause.message);
  expect(validateResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')))).toEqual({
    valid: true,
    errors: [],
  });
  return { ...outcome, out, file: join(out, 'results.json') };
}

const findings = (r: Results) => r.checks.flatMap((c) => c.findings.map((f) => ({ check: c.id, ...f })));
const checksWith = (list: Array<{ check: string }>) => [...new Set(list.map((f) => f.check))].sort();

describe('baselines: what is new, what is fixed', () => {
  let first: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    first = await run(await flawed([ETA, LOCATION]));
  }, 120_000);

  it('the first run finds both defects, on fingerprints that do not name its port', () => {
    expect(checksWith(findings(first.results))).toEqual(['eta-etd-order', 'port-call-creation', 'required-headers']);
    const port = new URL(first.results.target.apiBaseUrl).port;
    for (const f of findings(first.results)) expect(f.fingerprint).toMatch(/^pcf1:[0-9a-f]{32}$/);
    expect(JSON.stringify(findings(first.results).map((f) => f.fingerprint))).not.toContain(port);
  });

  it('one defect switched off (another port): its findings are fixed, nothing is new', async () => {
    const second = await run(await flawed([ETA]), { baseline: first.file });
    const b = second.results.baseline!;
    expect(second.results.target.apiBaseUrl).not.toBe(first.results.target.apiBaseUrl);
    expect(b.counts.new).toBe(0);
    expect(findings(second.results).every((f) => f.baselineState === 'unchanged')).toBe(true);
    expect(checksWith(b.fixed)).toEqual(['port-call-creation', 'required-headers']);
    const before = findings(first.results).filter((f) => f.check !== 'eta-etd-order');
    expect(b.fixed.map((f) => f.fingerprint).sort()).toEqual(before.map((f) => f.fingerprint).sort());
    // SARIF: unchanged results, and the fixed ones as absent.
    const sarif = JSON.parse(readFileSync(join(second.out, 'results.sarif'), 'utf8')) as SarifLog;
    const states = sarif.runs[0]!.results.map((x) => x.baselineState);
    expect(states.filter((s) => s === 'absent')).toHaveLength(b.fixed.length);
    expect(states.filter((s) => s === 'new')).toHaveLength(0);
    // --fail-on new: the remaining failure is not new, so the build passes; by default it does not.
    expect(second.exitCode).toBe(1);
    const lenient = await run(servers[1]!, { baseline: first.file, failOn: 'new' });
    expect([lenient.results.verdict.status, lenient.exitCode]).toEqual(['not-conformant', 0]);
  }, 120_000);

  it('one more defect switched on: exactly its findings are new, and lead every report', async () => {
    const third = await run(await flawed([ETA, LOCATION, RECEIPT]), { baseline: first.file, failOn: 'new' });
    const fresh = findings(third.results).filter((f) => f.baselineState === 'new');
    expect(checksWith(fresh)).toEqual(['receipt-format']);
    expect(fresh).toHaveLength(third.results.checks.find((c) => c.id === 'receipt-format')!.findings.length);
    expect(third.results.baseline!.counts).toMatchObject({ new: fresh.length, fixed: 0 });
    expect(third.exitCode).toBe(1);
    // Console: the NEW lines come before the table of counts.
    const text = renderConsoleSummary(third.results, { color: false });
    const newLines = text.split('\n').filter((l) => /^\s+NEW\s/.test(l));
    expect(newLines).toHaveLength(fresh.length);
    expect(newLines.every((l) => l.includes('receipt-format'))).toBe(true);
    expect(text.indexOf('NEW ')).toBeLessThan(text.indexOf('Area'));
    // HTML: the "new" section is the first, and lists the new fingerprints.
    const html = readFileSync(join(third.out, 'report.html'), 'utf8');
    expect(html.indexOf('<section id="new"')).toBeLessThan(html.indexOf('<section id="verdict"'));
    const section = html.slice(
      html.indexOf('<section id="new"'),
      html.indexOf('</section>', html.indexOf('<section id="new"')),
    );
    const listed = [...section.matchAll(/data-baseline-state="new" data-fingerprint="([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(fresh.map((f) => f.fingerprint).sort());
    // SARIF: new on exactly those.
    const sarif = JSON.parse(readFileSync(join(third.out, 'results.sarif'), 'utf8')) as SarifLog;
    const sarifNew = sarif.runs[0]!.results.filter((x) => x.baselineState === 'new');
    expect(sarifNew.map((x) => x.partialFingerprints['portConformance/v2']).sort()).toEqual(
      fresh.map((f) => f.fingerprint).sort(),
    );
    // JUnit: the count of new findings per testcase.
    const junit = parseXml(readFileSync(join(third.out, 'junit.xml'), 'utf8'));
    expect(prop(testcase(junit, 'receipt-format'), 'baseline.new')).toBe(String(fresh.length));
    expect(prop(testcase(junit, 'eta-etd-order'), 'baseline.new')).toBe('0');
  }, 120_000);
});

describe('waivers', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await flawed([ETA]);
  }, 60_000);

  function waiversFile(name: string, expires: string): string {
    const path = join(dir, name);
    writeFileSync(
      path,
      [
        'waivers:',
        '  - id: PSW-17',
        '    check: eta-etd-order',
        '    reason: ETD validation ships in release 4.2',
        '    owner: platform-team@port.example',
        '    created: 2020-01-01',
        `    expires: ${expires}`,
        '    ticket: https://tracker.port.example/PSW-17',
        '',
      ].join('\n'),
    );
    return path;
  }

  it.each([
    ['a valid waiver', '2999-12-31', { status: 'applied', verdict: 'conformant', exit: 0, waived: true }],
    ['an expired waiver', '2020-06-30', { status: 'expired', verdict: 'not-conformant', exit: 1, waived: false }],
  ])(
    '%s',
    async (name, expires, want) => {
      const r = await run(server, { waivers: waiversFile(`${expires}.yaml`, expires) });
      const eta = r.results.checks.find((c) => c.id === 'eta-etd-order')!;
      expect(eta.outcome).toBe('fail'); // the measurement stays
      expect(r.results.waivers!.map((w) => [w.id, w.status])).toEqual([['PSW-17', want.status]]);
      expect([r.results.verdict.status, r.exitCode]).toEqual([want.verdict, want.exit]);
      expect(Boolean(eta.waiver)).toBe(want.waived);
      // Console: the WAIVED mark on the check's line.
      const line = renderConsoleSummary(r.results, { color: false })
        .split('\n')
        .find((l) => /\beta-etd-order\b/.test(l) && /Fail/.test(l));
      expect([name, /WAIVED by platform-team@port\.example until /.test(line ?? '')]).toEqual([name, want.waived]);
      // HTML: the check's article carries the waiver; the waivers table its status.
      const html = readFileSync(join(r.out, 'report.html'), 'utf8');
      expect(html.includes('data-check="eta-etd-order" data-waived="check"')).toBe(want.waived);
      expect(html).toContain(`data-waiver="PSW-17" data-waiver-status="${want.status}"`);
      // JUnit: skipped with the waiver as the message, or a failure.
      const tc = testcase(parseXml(readFileSync(join(r.out, 'junit.xml'), 'utf8')), 'eta-etd-order');
      const skipped = tc.children.find((k) => k.name === 'skipped');
      expect([Boolean(skipped), Boolean(tc.children.find((k) => k.name === 'failure'))]).toEqual([
        want.waived,
        !want.waived,
      ]);
      if (skipped) expect(skipped.attrs.message).toMatch(/^waived by platform-team@port\.example until 2999-12-31: /);
      // SARIF: every result of the check suppressed (external, accepted, with the justification), or none.
      const sarif = JSON.parse(readFileSync(join(r.out, 'results.sarif'), 'utf8')) as SarifLog;
      const mine = sarif.runs[0]!.results.filter((x) => x.ruleId === 'eta-etd-order');
      expect(mine.length).toBeGreaterThan(0);
      for (const x of mine)
        expect(x.suppressions ?? []).toEqual(
          want.waived
            ? [expect.objectContaining({ kind: 'external', status: 'accepted', justification: eta.waiver!.reason })]
            : [],
        );
    },
    120_000,
  );
});

describe('waivers and the member', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await flawed([ETA]);
  }, 60_000);

  it.each([
    ['the same member', 'port-a', 'applied'],
    ['another member', 'port-b', 'not-applicable'],
    ['any member', '"*"', 'applied'],
  ])(
    'a waiver for %s: %s',
    async (_, member, status) => {
      const config = join(dir, `member-${status}-${member.replace(/\W/g, '')}.yaml`);
      const waivers = join(dir, `waivers-${member.replace(/\W/g, '')}.yaml`);
      writeFileSync(
        waivers,
        `waivers:\n  - check: eta-etd-order\n    member: ${member}\n    reason: r\n    owner: o\n    created: 2020-01-01\n    expires: 2999-12-31\n`,
      );
      writeFileSync(config, `api: ${server.origin}/api/v1\nmember: port-a\nwaivers: ${waivers}\n`);
      const r = await run(server, { target: { config, env: {} } });
      expect(r.results.target.member).toBe('port-a');
      expect(r.results.waivers!.map((w) => w.status)).toEqual([status]);
      expect(r.exitCode).toBe(status === 'applied' ? 0 : 1);
    },
    120_000,
  );
});

describe('a bad waivers file is a usage error', () => {
  const entry = (over: string) =>
    `waivers:\n  - check: eta-etd-order\n    reason: r\n    owner: o\n    created: 2026-01-01\n    expires: 2026-02-01\n${over}`;
  it.each([
    [
      'an unknown check',
      entry(
        '  - check: no-such-check\n    reason: r\n    owner: o\n    created: 2026-01-01\n    expires: 2026-02-01\n',
      ),
      /entry 2 \(check no-such-check\): unknown check "no-such-check"/,
    ],
    [
      'a missing owner',
      'waivers:\n  - check: eta-etd-order\n    reason: r\n    created: 2026-01-01\n    expires: 2026-02-01\n',
      /entry 1 \(check eta-etd-order\): missing "owner"/,
    ],
    [
      'a malformed date',
      entry(
        '  - id: W9\n    check: eta-etd-order\n    reason: r\n    owner: o\n    created: 2026-01-01\n    expires: 31/12/2026\n',
      ),
      /entry 2 \(id W9, check eta-etd-order\): "expires"/,
    ],
    [
      'neither check nor fingerprint',
      'waivers:\n  - reason: r\n    owner: o\n    created: 2026-01-01\n    expires: 2026-02-01\n',
      /entry 1: needs "check" or "fingerprint"/,
    ],
    ['not a list', 'waivers: yes\n', /waivers/],
  ])('%s: exit 2, one line naming the entry', async (_, text, cause) => {
    const out = mkdtempSync(join(dir, 'bad-'));
    const file = join(out, 'waivers.yaml');
    writeFileSync(file, text);
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, isTty: false };
    expect(await main(['run', '--waivers', file, '--out', out], io)).toBe(2);
    const causes = lines.filter((l) => !l.startsWith('Results:'));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatch(cause);
  });
});

// ---------------------------------------------------------------- helpers

interface SarifLog {
  runs: Array<{
    results: Array<{
      ruleId: string;
      baselineState?: string;
      partialFingerprints: Record<string, string>;
      suppressions?: Array<Record<string, unknown>>;
    }>;
  }>;
}

function testcase(root: XmlNode, checkId: string): XmlNode {
  const all: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    if (n.name === 'testcase') all.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return all.find((t) => t.attrs.name?.startsWith(`${checkId}:`))!;
}

function prop(tc: XmlNode, name: string): string | undefined {
  return tc.children.find((k) => k.name === 'properties')?.children.find((p) => p.attrs.name === name)?.attrs.value;
}
