// Checks and collectors: "collect, then judge".
// A collector talks to the target and produces one named, typed artifact.
// A check is a function of the artifacts it declares; it never talks to the target.
import type { Area, EngineItem, Finding, FindingLocation, Outcome, OwaspApi2023, PlacesReport } from './types.ts';
import type { CollectContext } from './context.ts';

/**
 * The artifact map. Each collector module adds its artifact by declaration merging:
 *
 *   declare module '../../engine/check.ts' { interface ArtifactMap { TlsScan: TlsScan } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ArtifactMap {}
export type ArtifactName = keyof ArtifactMap & string;

export interface CollectorDefinition<N extends ArtifactName = ArtifactName> {
  name: N;
  description: string;
  /** Other artifacts this collector needs first. */
  dependsOn?: readonly ArtifactName[];
  /** Runs with nothing else in flight (load runs, rate-limit bursts), after the ordinary collectors. */
  exclusive?: boolean;
  /**
   * It waits on the target's clock (a token expiring) through `ctx.waitOnTargetClock`: started before
   * the other ordinary collectors, which start once it calls `ctx.targetClockStarted` (or ends), so its
   * wait begins with the run (engine/schedule.ts).
   */
  waitsOnTargetClock?: boolean;
  /**
   * Roughly how long it takes against a quick target (ms), for the long ones: the schedule starts the
   * longest ordinary collectors first, so the ordinary phase, and the exclusive one after it, end early.
   */
  expectedMs?: number;
  /** Runs after every other collector (e.g. the log of all exchanges). */
  runsLast?: boolean;
  /** Hard limit; the artifact becomes an error past it. Default 120 s. */
  timeoutMs?: number;
  /**
   * The standard (profile `standard`) whose conventions it relies on, e.g. psw-v1 for collectors that
   * create port calls; absent: it works from any OpenAPI document. Checks needing it are not applicable
   * to a run of another standard.
   */
  standard?: string;
  collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<ArtifactMap[N]>;
}

export function defineCollector<N extends ArtifactName>(def: CollectorDefinition<N>): CollectorDefinition<N> {
  return def;
}

/** What a check returns. The engine adds timing, severity and the rest. */
export interface CheckProduct {
  outcome: Outcome;
  summary?: string;
  findings?: Finding[];
  /** Evidence ids supporting a pass (failing findings carry their own). */
  evidence?: string[];
  metrics?: Record<string, number>;
  /** Extra structured data for results.extensions[<check id>] (e.g. a coverage table). */
  extension?: unknown;
  /** Per requirement id it cites: the probe plan's places it judged, and those it could not. */
  places?: Record<string, PlacesReport>;
  /**
   * CWE ids and OWASP API Top 10 entries this run's findings add to the check's own (a check relaying an
   * external scanner's alerts: each alert names its CWE), so reporters (SARIF tags, HTML) show them.
   */
  cwe?: number[];
  owasp?: OwaspApi2023[];
  /** The items more than one engine judged, with each one's verdict (CheckResult.engines). */
  engines?: EngineItem[];
}

export interface CheckContext<O> {
  options: O;
  /** Build a finding from a message id; placeholders {{name}} are filled from data. */
  finding(
    messageId: string,
    data?: Record<string, string | number | boolean | null>,
    location?: FindingLocation,
    evidence?: string[],
  ): Finding;
  pass(summary?: string, evidence?: string[], metrics?: Record<string, number>): CheckProduct;
  fail(findings: Finding[], summary?: string, metrics?: Record<string, number>): CheckProduct;
  notApplicable(summary: string): CheckProduct;
  needsReview(summary: string, findings?: Finding[]): CheckProduct;
}

export interface CheckMeta<R extends ArtifactName, O> {
  /** kebab-case, equals the file name, names what is inspected; never changes. */
  id: string;
  /** Present tense, passing state. */
  title: string;
  /** Present tense, failing state. */
  failureTitle: string;
  /** Why it matters; markdown. */
  description: string;
  /** What to change in the member's system when it fails: one or two concrete sentences (CheckResult.remediation). */
  remediation?: string;
  area: Area;
  /** As for collectors: the standard it belongs to; absent when it judges any OpenAPI document. */
  standard?: string;
  /** Requirement ids from the catalog in contracts/. */
  requirements: readonly string[];
  requires: readonly R[];
  cwe?: readonly number[];
  owasp?: readonly OwaspApi2023[];
  messages: Record<string, string>;
  defaultOptions: O;
}

export interface CheckDefinition<R extends ArtifactName = ArtifactName, O = unknown> extends CheckMeta<R, O> {
  run(artifacts: Pick<ArtifactMap, R>, ctx: CheckContext<O>): CheckProduct | Promise<CheckProduct>;
}

// Any check, whatever its artifacts and options (the registry holds a mix).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = CheckDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCollector = CollectorDefinition<any>;

export function defineCheck<R extends ArtifactName, O extends object = Record<string, never>>(
  def: CheckDefinition<R, O>,
): CheckDefinition<R, O> {
  return def;
}

/** Fill {{placeholders}}; unknown placeholders stay visible so tests catch them. */
export function renderMessage(template: string, data?: Record<string, unknown>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    data && key in data ? String(data[key]) : whole,
  );
}

export function makeCheckContext<O>(check: CheckMeta<ArtifactName, O>, options: O): CheckContext<O> {
  const finding: CheckContext<O>['finding'] = (messageId, data, location, evidence) => {
    const template = check.messages[messageId];
    if (template === undefined) throw new Error(`check ${check.id} has no message "${messageId}"`);
    return {
      id: messageId,
      message: renderMessage(template, data),
      ...(data ? { data } : {}),
      ...(location ? { location } : {}),
      ...(evidence && evidence.length ? { evidence } : {}),
    };
  };
  return {
    options,
    finding,
    pass: (summary, evidence, metrics) => ({ outcome: 'pass', summary, evidence, metrics }),
    fail: (findings, summary, metrics) => {
      if (findings.length === 0) throw new Error(`check ${check.id} failed without a finding`);
      return { outcome: 'fail', findings, summary, metrics };
    },
    notApplicable: (summary) => ({ outcome: 'not-applicable', summary }),
    needsReview: (summary, findings) => ({ outcome: 'needs-review', summary, findings }),
  };
}
