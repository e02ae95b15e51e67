// Minimal results.json objects for the history store's tests: schema-valid (test/history/store.test.ts
// checks that), with the run id, member, start and failing findings a test needs.
import { emptyCounts, type CheckResult, type Results, type Severity } from '../../engine/types.ts';
import { RESULTS_SCHEMA_VERSION } from '../../reports/schema.ts';

export interface BuiltFinding {
  check: string;
  id: string;
  fingerprint: string;
  severity?: Severity;
}

export interface BuildOptions {
  runId: string;
  startedAt: string;
  member?: string;
  profile?: string;
  /** Failing findings; their checks fail (required), every other listed check passes. */
  findings?: BuiltFinding[];
  passing?: string[];
  /** Load p95 per scenario (a load check's metrics). */
  loadP95?: Record<string, number>;
}

function check(id: string, outcome: 'pass' | 'fail', severity: Severity, area: CheckResult['area'] = 'contract') {
  return {
    id,
    title: id,
    area,
    outcome,
    severity,
    required: true,
    requirements: [`REQ-${id}`],
    description: `the ${id} check`,
    durationMs: 5,
    findings: [] as CheckResult['findings'],
    evidence: [],
  } satisfies CheckResult;
}

export function buildResults(o: BuildOptions): Results {
  const checks: CheckResult[] = [];
  for (const f of o.findings ?? []) {
    let c = checks.find((x) => x.id === f.check);
    if (!c) checks.push((c = check(f.check, 'fail', f.severity ?? 'high')));
    c.findings.push({ id: f.id, message: `${f.check}: ${f.id}`, fingerprint: f.fingerprint });
  }
  for (const id of o.passing ?? []) checks.push(check(id, 'pass', 'medium'));
  if (o.loadP95)
    checks.push({
      ...check('load-thresholds', 'pass', 'medium', 'load'),
      metrics: Object.fromEntries(Object.entries(o.loadP95).map(([k, v]) => [`${k}.p95Ms`, v])),
    });
  const counts = emptyCounts();
  for (const c of checks) counts[c.outcome]++;
  const blocking = checks.filter((c) => c.outcome === 'fail').map((c) => c.id);
  const finishedAt = new Date(Date.parse(o.startedAt) + 60_000).toISOString();
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'port-conformance', version: '0.1.0' },
    run: {
      id: o.runId,
      startedAt: o.startedAt,
      finishedAt,
      durationMs: 60_000,
      seed: 1,
      profile: { id: o.profile ?? 'default', title: 'Default', version: '1.0.0' },
      suites: o.loadP95 ? ['contract', 'load'] : ['contract'],
      options: { profile: o.profile ?? 'default' },
    },
    target: {
      apiBaseUrl: 'https://127.0.0.1:8443/api/v1',
      kind: 'remote',
      name: `${o.member ?? 'port-a'} single window`,
      member: o.member ?? 'port-a',
    },
    environment: { node: 'v20.0.0', platform: 'linux', arch: 'x64' },
    verdict: blocking.length
      ? {
          status: 'not-conformant',
          conformant: false,
          exitCode: 1,
          reason: `${blocking.length} required checks failed`,
        }
      : { status: 'conformant', conformant: true, exitCode: 0, reason: 'every required check passed' },
    summary: { counts, byArea: { contract: { counts, durationMs: 5 } }, blocking },
    checks,
    requirements: checks.map((c) => ({
      id: `REQ-${c.id}`,
      text: `requirement of ${c.id}`,
      level: 'MUST' as const,
      severity: c.severity,
      area: c.area,
      source: { standard: 'profile-v1', clause: '1' },
      coveredBy: [c.id],
      status: c.outcome === 'pass' ? ('pass' as const) : ('fail' as const),
    })),
    evidence: {},
    artifacts: [],
    errors: [],
  };
}

/** A date-time `days` after 2025-01-01T00:00:00Z. */
export function day(days: number, hours = 0): string {
  return new Date(Date.UTC(2025, 0, 1 + days, hours)).toISOString();
}
