// The check model and the results contract. Everything a reporter needs is in these types;
// reporters import only from here (and reports/), never from the runner or the checks.

/**
 * The version of reports/results.schema.json this build writes. The versioning policy is README's
 * "Results contract": a minor version only adds (an optional field, a section, an enum value; readers of
 * the same major ignore unknown fields and treat unknown enum values as unknown); a major one removes,
 * renames, changes a field's type or meaning, or makes a field required.
 */
export const RESULTS_SCHEMA_VERSION = '1.5.0';

/** The fixed outcome set. Spellings are public API: never rename, only add. */
export const OUTCOMES = ['pass', 'fail', 'needs-review', 'not-applicable', 'skipped', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const AREAS = ['contract', 'security', 'load', 'portal'] as const;
export type Area = (typeof AREAS)[number];

/** Severity belongs to a requirement; definitions in contracts/severity.md. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** OWASP API Security Top 10 (2023) identifiers. */
export type OwaspApi2023 =
  | 'API1:2023'
  | 'API2:2023'
  | 'API3:2023'
  | 'API4:2023'
  | 'API5:2023'
  | 'API6:2023'
  | 'API7:2023'
  | 'API8:2023'
  | 'API9:2023'
  | 'API10:2023';

/**
 * Where a requirement applies, as a kind of place the probe plan derives from the profile's data
 * (contracts/plan/): e.g. `{ kind: identifier-field, identifier: imo }` is every request field that
 * carries an IMO number, in every operation that accepts one.
 */
export interface AppliesTo {
  kind: string;
  [parameter: string]: string;
}

/** One place a requirement applies to: an operation, a field of a message, a boundary, a resource... */
export interface Place {
  /** Stable within its requirement and readable, e.g. "createPortCall /ship/imoNumber". */
  id: string;
  /** The deriver that produced it (AppliesTo.kind). */
  kind: string;
  operationId?: string;
  method?: string;
  /** Path template of the operation, or the path probed. */
  path?: string;
  /** RFC 6901 pointer into the request body. */
  pointer?: string;
  /** What distinguishes places of the same field or operation: create/update, first/later item, A→B... */
  variant?: string;
}

/**
 * Why a planned place was not probed. budget: the probe budget ran out (sampling is seeded);
 * not-exposed: the member does not serve what the place needs; not-applicable: the place does not apply
 * to this member; stopped: the run stopped first; precondition-failed: what the probe needed (a port
 * call, a token) could not be had; not-reached: no check reported it.
 */
export const NOT_PROBED_REASONS = [
  'budget',
  'not-exposed',
  'not-applicable',
  'stopped',
  'precondition-failed',
  'not-reached',
] as const;
export type NotProbedReason = (typeof NOT_PROBED_REASONS)[number];

export interface PlacesReport {
  /** Place ids probed. */
  probed: string[];
  notProbed?: { id: string; why: NotProbedReason; detail?: string }[];
}

/** The probe plan of a run: requirement id → the places it applies to. */
export interface ProbePlan {
  places: Record<string, Place[]>;
}

/** The artifact that holds the run's probe plan; the runner always collects it when a collector provides it. */
export const PLAN_ARTIFACT = 'ProbePlan';

export interface Requirement {
  /** Stable id, e.g. PSW-ID-001. Never reused, never renamed. */
  id: string;
  text: string;
  level: Level;
  severity: Severity;
  area: Area;
  source: { standard: string; clause: string; url?: string };
  /** Why no check covers it yet, when that is deliberate. */
  notTestedReason?: string;
  /** The places it applies to, derived from the profile (contracts/plan/). */
  appliesTo?: AppliesTo[];
}

/** Where a finding points. Every field optional; fill what applies. */
export interface FindingLocation {
  method?: string;
  url?: string;
  operationId?: string;
  /** RFC 6901 pointer into the request or response body. */
  jsonPointer?: string;
  /** Which side jsonPointer refers to. */
  in?: 'request' | 'response';
  /** CSS selector (portal checks). */
  selector?: string;
  /** Metric name (load checks), e.g. http_req_duration. */
  metric?: string;
  host?: string;
  header?: string;
  /** Since 1.5.0: the place in an EDIFACT interchange (checks of the EDIFACT channel). */
  edifact?: EdifactLocation;
}

/**
 * Since 1.5.0: where in an EDIFACT interchange a finding points, as ISO 9735 counts: the message, the
 * segment (its tag and its position in the message, UNH = 1; for UNB/UNZ, in the interchange), the data
 * element and component (1-based, the tag not counted).
 */
export interface EdifactLocation {
  /** Message type (BERMAN, IFTDGN, WASDIS); absent for the interchange's own segments (UNB, UNZ). */
  message?: string;
  /** UNH 0062 of the message this run sent (generated per run: not part of the fingerprint). */
  messageRef?: string;
  /** Segment tag, e.g. TDT, LOC, UNT. */
  segment: string;
  position?: number;
  element?: number;
  component?: number;
}

export interface Finding {
  /** Message id from the check's `messages`; tests assert on this, never the text. */
  id: string;
  /** Rendered message. */
  message: string;
  data?: Record<string, string | number | boolean | null>;
  location?: FindingLocation;
  /** Evidence ids (keys of Results.evidence). */
  evidence?: string[];
  /**
   * Since 1.2.0: a stable identity of the finding across runs (engine/fingerprint.ts): check id, finding
   * id and its normalised location; never its message, data, evidence or the target's origin.
   */
  fingerprint?: string;
  /** Since 1.2.0, when the run was compared with a baseline: whether the baseline had this finding. */
  baselineState?: FindingBaselineState;
  /** Since 1.2.0: the waiver (by fingerprint) that accepts this one finding. */
  waiver?: WaiverMark;
}

/** Since 1.2.0. A finding of this run against the baseline's: new, or there already. */
export const FINDING_BASELINE_STATES = ['new', 'unchanged'] as const;
export type FindingBaselineState = (typeof FINDING_BASELINE_STATES)[number];

/** A waiver as recorded on what it waives (a check, or one finding). */
export interface WaiverMark {
  reason: string;
  owner: string;
  /** ISO 8601 date (valid through that day, UTC) or date-time. */
  expires: string;
  /** Since 1.2.0: the waiver's id in its file (Results.waivers). */
  id?: string;
  /** Since 1.2.0: the tracking ticket. */
  ticket?: string;
  /** Since 1.2.0: whether it was applied to the whole check or to its findings by fingerprint. */
  scope?: 'check' | 'findings';
}

// ---------------------------------------------------------------- evidence

export interface HttpMessageRecord {
  method?: string;
  url?: string;
  status?: number;
  /** Header name (lower case) → value; a header sent several times has its values joined (Set-Cookie by newline, others by ", "). */
  headers: Record<string, string>;
  /**
   * Since 1.2.0: the separate values of each header that appeared more than once (several Set-Cookie
   * lines), redacted one by one. `headers` keeps the joined value, so 1.x readers still see a string.
   */
  repeatedHeaders?: Record<string, string[]>;
  /** Redacted body as text (JSON pretty-printed when parseable); truncated beyond a limit. */
  body?: string;
  bodyTruncated?: boolean;
}

export interface HttpEvidence {
  kind: 'http';
  id: string;
  /** What the exchange was for, e.g. "lifecycle: stale update". */
  label?: string;
  operationId?: string;
  startedAt: string;
  durationMs: number;
  request: HttpMessageRecord;
  response?: HttpMessageRecord;
  /** Transport error, when there was no response. */
  error?: string;
}

export interface TextEvidence {
  kind: 'text';
  id: string;
  label?: string;
  contentType: string;
  text: string;
}

export interface FileEvidence {
  kind: 'file';
  id: string;
  label?: string;
  contentType: string;
  /** Path relative to the results directory (content-addressed: evidence/<sha256>.<ext>). */
  path: string;
  sha256: string;
}

export type Evidence = HttpEvidence | TextEvidence | FileEvidence;

// ---------------------------------------------------------------- results

export interface CheckResult {
  id: string;
  /** title when it passed, failureTitle otherwise. */
  title: string;
  area: Area;
  outcome: Outcome;
  /** Highest severity of the requirements it cites. */
  severity: Severity;
  /** Whether the profile requires it for conformance. */
  required: boolean;
  requirements: string[];
  cwe?: number[];
  owasp?: OwaspApi2023[];
  description: string;
  /** Since 1.3.0: what to change in the member's system when the check fails (one or two sentences). */
  remediation?: string;
  durationMs: number;
  /** One line saying what was found (or why not applicable / skipped / error). */
  summary?: string;
  findings: Finding[];
  evidence: string[];
  error?: { message: string; cause?: string; stack?: string };
  /** Numbers a check measured (load figures, counts). */
  metrics?: Record<string, number>;
  /** Per requirement it cites: the places it probed and the ones it could not (since 1.1.0). */
  places?: Record<string, PlacesReport>;
  /** Since 1.4.0: the items two engines judged (e.g. Node's TLS prober and testssl.sh), with each one's verdict. */
  engines?: EngineItem[];
  /**
   * Waiver applied to this result, if any (outcome stays as measured): the check's failure no longer
   * blocks the verdict. Set by a waiver of the check, or when waivers by fingerprint accept every finding.
   */
  waiver?: WaiverMark;
}

/** An engine's verdict on one item: it passes, it fails, or the engine tried and could not tell. */
export const ENGINE_VERDICTS = ['pass', 'fail', 'unknown'] as const;
export type EngineVerdict = (typeof ENGINE_VERDICTS)[number];

/**
 * Since 1.4.0: one item a check judged with more than one engine (`--tls-engine testssl`: Node's TLS
 * prober and testssl.sh), each engine's verdict under the check's rule, and whether they agree.
 */
export interface EngineItem {
  /** Where it was judged, e.g. 127.0.0.1:8443. */
  host: string;
  /** What was judged, e.g. TLSv1, chain-of-trust, certificate #0 key, heartbleed, an IANA suite name. */
  item: string;
  /** The verdict of each engine that judged the item, by engine name (node, testssl). */
  verdicts: Record<string, EngineVerdict>;
  /**
   * Two engines gave pass or fail: whether it was the same (false is a disagreement, reported as a
   * needs-review finding). Absent when fewer than two engines could tell.
   */
  agree?: boolean;
}

export type OutcomeCounts = Record<Outcome, number>;

// ---------------------------------------------------------------- load charts (since 1.3.0)

/** One point of a latency percentile distribution: `valueMs` is the latency `percentile` % of requests stayed within. */
export interface LatencyPercentilePoint {
  /** 0 (the fastest request) to 100 (the slowest). */
  percentile: number;
  valueMs: number;
}

/** Requests that completed in one second of the run, counted by when they completed. */
export interface RateSecond {
  /** Seconds since the schedule started (this second covers [second, second + 1)). */
  second: number;
  /** Requests that completed in it (failed ones included). */
  completed: number;
  /** Of those, the ones that failed (unexpected status or transport error). */
  failed: number;
}

/** The schedule's target arrival rate, a piecewise-linear line through these points. */
export interface TargetRatePoint {
  second: number;
  perSecond: number;
}

/** A threshold of the scenario as the charts draw it. */
export interface LoadThresholdLine {
  /** Metric key, e.g. http_req_duration or http_req_duration{expected_response:true}. */
  metric: string;
  /** k6 syntax, e.g. p(95)<300. */
  source: string;
  ok: boolean;
}

/**
 * Since 1.3.0: what the load charts of one scenario draw. Built-in engine: the percentile ladder of
 * its HDR histogram (HdrHistogram's outputPercentileDistribution steps) and a count per second;
 * k6: only the percentiles its summary holds (min, med, p(N), max) and no series.
 */
export interface LoadScenarioChartData {
  name: string;
  engine: string;
  operation: { method: string; path: string };
  thresholds: LoadThresholdLine[];
  latencyPercentiles: LatencyPercentilePoint[];
  /** Absent for k6 runs: its end-of-test summary has no time series. */
  ratePerSecond?: RateSecond[];
  targetRate: TargetRatePoint[];
}

/** Since 1.3.0: results.extensions['load-latency'], the load charts' data per scenario. */
export interface LoadChartsExtension {
  scenarios: LoadScenarioChartData[];
}

export type VerdictStatus = 'conformant' | 'not-conformant' | 'incomplete' | 'unreachable' | 'error';

export interface RunStopRecord {
  /** deadline: --max-time passed; interrupted: SIGINT/SIGTERM; unresponsive: the target stopped answering. */
  kind: 'deadline' | 'interrupted' | 'unresponsive';
  message: string;
  /** When the stop happened. */
  at: string;
}

export interface RunErrorRecord {
  code: string;
  message: string;
}

export interface ArtifactRecord {
  name: string;
  status: 'ok' | 'error' | 'skipped';
  durationMs: number;
  error?: string;
}

/**
 * Since 1.2.0. What became of one waiver of the waivers file in this run. applied: it waives a failure
 * (of the whole check, or of a finding); expired: its expiry day was over when the run started;
 * not-applicable: it names another member; unused: nothing it names failed (the check passed, was not
 * run, or the finding is absent); not-applied: it names an error, which no waiver can turn into a pass.
 */
export const WAIVER_STATUSES = ['applied', 'expired', 'not-applicable', 'unused', 'not-applied'] as const;
export type WaiverStatus = (typeof WAIVER_STATUSES)[number];

export interface WaiverRecord {
  /** The entry's id in the file (its `id`, else `#<n>`, its position from 1). */
  id: string;
  check?: string;
  fingerprint?: string;
  member?: string;
  reason: string;
  owner: string;
  created: string;
  expires: string;
  ticket?: string;
  status: WaiverStatus;
  /** Why, in a few words ("cannot waive an error", "expired on 2025-01-31"). */
  note?: string;
  /** The checks it applied to (a fingerprint waiver: the one whose finding it accepts). */
  appliedTo?: string[];
}

/** Since 1.2.0: a finding of the baseline that this run no longer has. */
export interface FixedFinding {
  check: string;
  /** Finding id (message id). */
  id: string;
  fingerprint: string;
  /** The message in the baseline run. */
  message: string;
  location?: FindingLocation;
}

/** Since 1.2.0: the comparison with an earlier run's results. */
export interface BaselineComparison {
  /** Where the baseline came from (the path given) and which run it was. */
  from: string;
  runId: string;
  startedAt: string;
  /** Findings of the baseline this run does not have, among checks this run judged. */
  fixed: FixedFinding[];
  counts: {
    new: number;
    unchanged: number;
    fixed: number;
    /** Findings of the baseline whose check this run did not judge (skipped, errored, not run): not called fixed. */
    notRechecked: number;
  };
}

export interface RequirementStatus extends Requirement {
  coveredBy: string[];
  /** Derived from the outcomes of the checks that cover it in this run. */
  status: 'pass' | 'fail' | 'not-tested' | 'inconclusive';
  /**
   * Since 1.1.0, for requirements with a probe plan: how many places the profile gives, which the run
   * probed, and which it did not, with why.
   */
  places?: {
    planned: Place[];
    probed: string[];
    notProbed: { id: string; why: NotProbedReason; detail?: string }[];
  };
}

export interface Results {
  schemaVersion: string;
  tool: { name: string; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    seed: number;
    profile: { id: string; title: string; version: string };
    suites: Area[];
    /** How the run was asked for, secrets never included. */
    options: Record<string, string | number | boolean | string[] | null>;
    /** Set when the run was stopped before it finished (since 1.1.0). */
    stop?: RunStopRecord;
  };
  target: {
    apiBaseUrl: string;
    portalUrl?: string;
    /** The OAuth2 token endpoint the run used (since 1.2.0; the certificate names it). */
    tokenUrl?: string;
    /** embedded-reference when the harness started its own reference single window. */
    kind: 'embedded-reference' | 'remote';
    name?: string;
    /** Since 1.2.0: the member's id (member config `member`); waivers naming another member do not apply. */
    member?: string;
  };
  environment: { node: string; platform: string; arch: string };
  verdict: {
    status: VerdictStatus;
    conformant: boolean;
    exitCode: number;
    reason: string;
  };
  summary: {
    counts: OutcomeCounts;
    byArea: Partial<Record<Area, { counts: OutcomeCounts; durationMs: number }>>;
    /** Required checks that failed (unwaived) or errored: what makes the verdict. */
    blocking: string[];
    /** Since 1.2.0: required checks whose failure a waiver accepts (not blocking). */
    waived?: string[];
  };
  checks: CheckResult[];
  requirements: RequirementStatus[];
  evidence: Record<string, Evidence>;
  artifacts: ArtifactRecord[];
  errors: RunErrorRecord[];
  /** Since 1.2.0, when a waivers file was given: every waiver and what became of it. */
  waivers?: WaiverRecord[];
  /** Since 1.2.0, when a baseline was given: what is new, unchanged and fixed since. */
  baseline?: BaselineComparison;
  /** Area-specific extra data (e.g. contract.operationCoverage). Added, never renamed. */
  extensions?: Record<string, unknown>;
}

export function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, 'needs-review': 0, 'not-applicable': 0, skipped: 0, error: 0 };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export function maxSeverity(list: Severity[]): Severity {
  let best: Severity = 'info';
  for (const s of list) if (SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  return best;
}
export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}
