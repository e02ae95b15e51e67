// Builders of run records, stored runs and consortium summaries for the KPI and dashboard tests: a record
// is the contract (history/record.ts), so building one through its type breaks here first if it changes.
import { SEVERITIES, type Severity } from '../../engine/types.ts';
import type { RecordedFinding, RunRecord } from '../../history/record.ts';
import type { CertificateRecord, StoredRun } from '../../history/store.ts';
import { CONSORTIUM_SUMMARY_VERSION, type ConsortiumSummary, type RequirementRow } from '../../consortium/types.ts';
import { memberRowOf } from '../../consortium/history-summary.ts';

export const zero = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

export const day = (n: number): string => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

export function finding(fingerprint: string, severity: Severity = 'high', waived = false): RecordedFinding {
  return { fingerprint, check: `check-${fingerprint}`, finding: 'f', severity, waived };
}

export interface RecordSpec {
  member?: string;
  runId?: string;
  /** Days after 2026-01-01. */
  day?: number;
  required?: [passed: number, judged: number];
  findings?: RecordedFinding[];
  requirements?: Partial<RunRecord['requirements']>;
  loadP95Ms?: Record<string, number>;
  areas?: Partial<RunRecord['areas']>;
  certificate?: Pick<CertificateRecord, 'validFrom' | 'validUntil'>;
}

export function record(spec: RecordSpec = {}): StoredRun {
  const member = spec.member ?? 'm1';
  const d = spec.day ?? 0;
  const findings = spec.findings ?? [];
  const openFindings = zero();
  for (const f of findings) if (!f.waived) openFindings[f.severity]++;
  const [passed, judged] = spec.required ?? [1, 1];
  const conformant = judged > 0 && passed === judged;
  const runId = spec.runId ?? `${member}-r${d}`;
  return {
    runId,
    member,
    memberName: `Member ${member}`,
    profile: 'psw-v1-default',
    profileVersion: '1.0.0',
    startedAt: day(d),
    finishedAt: day(d),
    durationMs: 1000,
    verdict: conformant ? 'conformant' : 'not-conformant',
    conformant,
    exitCode: conformant ? 0 : 1,
    reason: conformant ? 'all required checks passed' : 'a required check failed',
    areas: {
      contract: conformant ? 'pass' : 'fail',
      security: 'pass',
      load: 'not-run',
      portal: 'not-run',
      ...spec.areas,
    },
    required: { judged, passed },
    openFindings,
    failedChecks: zero(),
    requirements: { total: 10, pass: 6, fail: 1, notTested: 3, inconclusive: 0, ...spec.requirements },
    loadP95Ms: spec.loadP95Ms ?? {},
    findings,
    recordedAt: day(d),
    ...(spec.certificate ? { certificate: { id: `cert-${runId}`, runId, member, ...spec.certificate } } : {}),
  };
}

/** A summary of the given latest records, with the given requirement rows. */
export function summaryOf(latest: RunRecord[], requirements: RequirementRow[] = []): ConsortiumSummary {
  const members = latest.map(memberRowOf);
  const openFindings = zero();
  for (const r of latest) for (const s of SEVERITIES) openFindings[s] += r.openFindings[s];
  return {
    schemaVersion: CONSORTIUM_SUMMARY_VERSION,
    generatedAt: day(30),
    source: 'run',
    members,
    areas: Object.fromEntries(latest.map((r) => [r.member, r.areas])),
    requirements,
    totals: {
      members: members.length,
      conformant: members.filter((m) => m.conformant).length,
      notConformant: members.filter((m) => !m.conformant).length,
      unreachable: 0,
      notRun: 0,
      openFindings,
    },
    exitCode: members.every((m) => m.conformant) ? 0 : 1,
  };
}

export function requirement(id: string, byMember: RequirementRow['byMember']): RequirementRow {
  return {
    id,
    text: `Requirement ${id}`,
    level: 'MUST',
    severity: 'high',
    area: 'contract',
    byMember,
    failing: Object.values(byMember).filter((c) => c === 'fail').length,
  };
}
