// SARIF 2.1.0 for code-scanning dashboards. Built from the finished results in one pass, so
// `ruleIndex` always points into the final rules array (the Nuclei trap), and a clean run still
// yields a complete document with `results: []` (the other Nuclei trap).
//
// Decisions:
// - Every check becomes a rule (what was checked is part of a conformance report); only checks that
//   did not pass produce results.
// - fail → one result per finding, kind "fail", level by severity as ZAP maps it (critical/high →
//   error, medium → warning, low → note, info → none).
// - needs-review → kind "review"; error → kind "open" (the check could not decide). SARIF §3.27.9
//   requires level "none" whenever kind is not "fail", so these never gate a build by level; the
//   error is also reported as a toolExecutionNotification so it is not silent.
// - A waiver (of the check, or of one finding by fingerprint) becomes an external, accepted
//   suppression with its justification; the result itself stays as measured.
// - partialFingerprints carries the finding's own fingerprint (engine/fingerprint.ts), the one
//   baselines and waivers use, as portConformance/v2; results without one (written before 1.2.0 and
//   not read through `report --from`, which fills them in) and check-level results keep the older
//   portConformance/v1 key.
// - With a baseline, results carry baselineState (§3.27.24): new or unchanged, and the baseline's
//   findings this run no longer has are results of kind "pass", level "none", baselineState "absent".
// - `security-severity` is the numeric score GitHub reads, written as a string as CodeQL does.
// - Locations: with `source` (the member's OpenAPI document, `--sarif-source`), a result about an
//   operation points at the line declaring it, relative to SRCROOT, so code scanning shows it in the
//   repository; otherwise, and for what is not an operation (TLS, portal), the target's URL, relative to
//   the run-level base TARGET (its origin), so the same finding has the same location on every host.
// - Size (the flawed port's file was 4 MB for 986 results): results.json holds the evidence whole, so the
//   SARIF carries what a dashboard shows. The HTTP exchange of the first `maxExchangesPerRule` results
//   of a rule is stored in the run (`run.webRequests`/`run.webResponses`, same index; SARIF §3.46.2) and
//   the result refers to it by index; every result keeps its evidence ids. Bodies longer than
//   `maxBodyChars` are cut, saying so. A result's properties hold only what is its own (finding id,
//   evidence ids): severity and required are the rule's. The file is written without indentation.
import type {
  CheckResult,
  Finding,
  FindingLocation,
  FixedFinding,
  HttpEvidence,
  Results,
  Severity,
  WaiverMark,
} from '../engine/types.ts';
import { formatEdifactPlace, headline, pascalCase } from './format.ts';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';
type Json = Record<string, unknown>;

export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'none',
};

export const SECURITY_SEVERITY: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 0 };

/** Where each operation of the member's OpenAPI document is declared (read by the CLI, not here). */
export interface SarifSource {
  /** The document's path relative to the repository root, as the member uploads the SARIF. */
  uri: string;
  /** 1-based line of each operation's declaration (its `operationId`, else its method key). */
  operations: ReadonlyArray<{ method: string; path: string; operationId?: string; line: number }>;
}

export interface SarifOptions {
  /** The tool's home page; Results does not carry one yet, so the caller may supply it. */
  informationUri?: string;
  source?: SarifSource;
  /** Longest request or response body kept (default 1,024 characters). */
  maxBodyChars?: number;
  /** How many results of one rule carry their HTTP exchange (default 2). */
  maxExchangesPerRule?: number;
}

export const SARIF_MAX_BODY_CHARS = 1024;
export const SARIF_MAX_EXCHANGES_PER_RULE = 2;
const SOURCE_BASE = 'SRCROOT';
const TARGET_BASE = 'TARGET';

const CWE_TAXONOMY = 'CWE';
/**
 * partialFingerprints keys: v2 is Finding.fingerprint (engine/fingerprint.ts, since results 1.2.0); v1
 * the older readable key, kept for results files written before, so a dashboard never sees one key
 * change its meaning.
 */
const FINGERPRINT = 'portConformance/v2';
const LEGACY_FINGERPRINT = 'portConformance/v1';

function cweTaxonomy(ids: number[]): Json {
  return {
    name: CWE_TAXONOMY,
    organization: 'MITRE',
    shortDescription: { text: 'The MITRE Common Weakness Enumeration' },
    informationUri: 'https://cwe.mitre.org/',
    isComprehensive: false,
    taxa: ids.map((n) => ({
      id: String(n),
      helpUri: `https://cwe.mitre.org/data/definitions/${n}.html`,
    })),
  };
}

function rule(results: Results, check: CheckResult, cweIndex: Map<number, number>): Json {
  const helpUri = check.requirements
    .map((id) => results.requirements.find((r) => r.id === id)?.source.url)
    .find((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
  const cwe = check.cwe ?? [];
  return {
    id: check.id,
    name: pascalCase(check.id),
    shortDescription: { text: check.title },
    // Markdown once, in help (what code scanning shows); the description as text.
    fullDescription: { text: check.description || check.title },
    // The description is in fullDescription's text once; help's markdown (what code scanning shows) repeats it.
    help: {
      text: `Requirements: ${check.requirements.join(', ') || 'none'}`,
      markdown: `${check.description || check.title}\n\nRequirements: ${check.requirements.join(', ') || 'none'}`,
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[check.severity] },
    ...(cwe.length
      ? {
          relationships: cwe.map((n) => ({
            target: { id: String(n), index: cweIndex.get(n), toolComponent: { name: CWE_TAXONOMY, index: 0 } },
            kinds: ['superset'],
          })),
        }
      : {}),
    properties: {
      tags: [check.area, ...(check.owasp ?? []), ...cwe.map((n) => `CWE-${n}`)],
      'security-severity': SECURITY_SEVERITY[check.severity].toFixed(1),
      requirements: check.requirements,
      severity: check.severity,
      required: check.required,
    },
  };
}

/** Per-run state the results share: URL bases, the source document, the exchanges stored once. */
interface Shared {
  origin?: string;
  usedBases: Set<string>;
  source?: SarifSource;
  maxBodyChars: number;
  maxExchangesPerRule: number;
  exchangesPerRule: Map<string, number>;
  webRequests: Json[];
  webResponses: Json[];
  exchangeIndex: Map<string, number>;
}

/** A URL of the target relative to the TARGET base; any other URL stays absolute. */
function urlLocation(shared: Shared, url: string): Json {
  if (shared.origin && url.startsWith(`${shared.origin}/`)) {
    shared.usedBases.add(TARGET_BASE);
    return { uri: url.slice(shared.origin.length + 1), uriBaseId: TARGET_BASE };
  }
  return { uri: url };
}

function templateMatcher(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
  // `\{name\}` after escaping: a path parameter matches one segment.
  return new RegExp(`${escaped.replace(/\\\{[^/]*?\\\}/g, '[^/]+')}/?$`);
}

/** The line declaring the finding's operation in the source document: by operationId, else method + URL path. */
function sourceLine(source: SarifSource | undefined, loc: FindingLocation | undefined): number | undefined {
  if (!source || !loc) return undefined;
  if (loc.operationId) {
    const byId = source.operations.find((o) => o.operationId === loc.operationId);
    if (byId) return byId.line;
  }
  if (!loc.method || !loc.url) return undefined;
  let pathname: string;
  try {
    pathname = new URL(loc.url).pathname;
  } catch {
    return undefined;
  }
  const method = loc.method.toLowerCase();
  // The longest template that matches: /port-calls/{id}/formalities before /port-calls/{id}.
  const match = source.operations
    .filter((o) => o.method.toLowerCase() === method && templateMatcher(o.path).test(pathname))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.line;
}

function locations(shared: Shared, results: Results, check: CheckResult, loc: FindingLocation | undefined): Json[] {
  const location: Json = {};
  const line = sourceLine(shared.source, loc);
  if (line !== undefined && shared.source) {
    shared.usedBases.add(SOURCE_BASE);
    location.physicalLocation = {
      artifactLocation: { uri: shared.source.uri, uriBaseId: SOURCE_BASE },
      region: { startLine: line },
    };
  } else if (loc?.url) location.physicalLocation = { artifactLocation: urlLocation(shared, loc.url) };
  const logical: Json[] = [];
  if (loc?.operationId) logical.push({ name: loc.operationId, kind: 'function' });
  if (loc?.selector) logical.push({ name: loc.selector, kind: 'element' });
  // An EDIFACT place: the segment, qualified by message, position, element and component.
  if (loc?.edifact)
    logical.push({ name: loc.edifact.segment, fullyQualifiedName: formatEdifactPlace(loc.edifact), kind: 'element' });
  if (logical.length) location.logicalLocations = logical;
  if (!location.physicalLocation && !location.logicalLocations) {
    // Nothing more precise: the finding is about the target itself.
    const uri =
      check.area === 'portal' && results.target.portalUrl ? results.target.portalUrl : results.target.apiBaseUrl;
    location.physicalLocation = { artifactLocation: urlLocation(shared, uri) };
  }
  const extra: Json = {};
  if (loc?.method !== undefined) extra.method = loc.method;
  // The URL moves here when the location is the source document's line: the target's as a path.
  if (line !== undefined && loc?.url)
    extra.url =
      shared.origin && loc.url.startsWith(`${shared.origin}/`) ? loc.url.slice(shared.origin.length) : loc.url;
  for (const key of ['host', 'header', 'jsonPointer', 'in', 'metric', 'edifact'] as const) {
    if (loc?.[key] !== undefined) extra[key] = loc[key];
  }
  if (Object.keys(extra).length) location.properties = extra;
  return [location];
}

/** A body as SARIF artifactContent, cut at maxBodyChars with a note saying where the whole one is. */
function body(shared: Shared, text: string, evidenceId: string): Json {
  if (text.length <= shared.maxBodyChars) return { text };
  return {
    text: `${text.slice(0, shared.maxBodyChars)}\n[truncated: ${text.length} characters in all; results.json evidence ${evidenceId}]`,
    properties: { truncated: true, length: text.length },
  };
}

/**
 * The first HTTP exchange behind a finding (already redacted), stored once in the run's webRequests and
 * webResponses (same index in both); the result refers to it by index (SARIF §3.46.2, §3.47.2).
 */
function webExchange(shared: Shared, results: Results, ruleId: string, evidenceIds: string[]): Json {
  const id = evidenceIds.find((e) => results.evidence[e]?.kind === 'http');
  const ev = id === undefined ? undefined : (results.evidence[id] as HttpEvidence);
  if (!ev || id === undefined) return {};
  const shown = shared.exchangesPerRule.get(ruleId) ?? 0;
  if (shown >= shared.maxExchangesPerRule) return {};
  shared.exchangesPerRule.set(ruleId, shown + 1);
  let index = shared.exchangeIndex.get(id);
  if (index === undefined) {
    const req = ev.request;
    const request: Json = {
      index: shared.webRequests.length,
      ...(req.method ? { method: req.method } : {}),
      ...(req.url ? { target: req.url } : {}),
      headers: req.headers,
      ...(req.body !== undefined ? { body: body(shared, req.body, id) } : {}),
      properties: { evidence: id },
    };
    const res = ev.response;
    const response: Json = res
      ? {
          index: shared.webResponses.length,
          ...(res.status !== undefined ? { statusCode: res.status } : {}),
          headers: res.headers,
          ...(res.body !== undefined ? { body: body(shared, res.body, id) } : {}),
        }
      : { index: shared.webResponses.length, noResponseReceived: true };
    index = shared.webRequests.length;
    shared.webRequests.push(request);
    shared.webResponses.push(response);
    shared.exchangeIndex.set(id, index);
  }
  return { webRequest: { index }, webResponse: { index } };
}

/** The key results written before 1.2.0 (no Finding.fingerprint) are fingerprinted with. */
function legacyFingerprint(check: CheckResult, findingId: string, loc: FindingLocation | undefined): string {
  // Run-specific URLs (fresh port-call ids) would change every run; prefer the operation.
  const where = loc?.operationId ?? loc?.url ?? '';
  const what = loc?.jsonPointer ?? loc?.header ?? loc?.selector ?? loc?.metric ?? '';
  return [check.id, findingId, loc?.method ?? '', where, what].join('|');
}

function result(
  shared: Shared,
  results: Results,
  check: CheckResult,
  ruleIndex: number,
  finding: Finding | undefined,
  kind: 'fail' | 'review' | 'open',
): Json {
  const text = finding?.message || headline(check) || check.title;
  const evidence = finding?.evidence ?? (finding ? [] : check.evidence);
  return {
    ruleId: check.id,
    ruleIndex,
    kind,
    level: kind === 'fail' ? SARIF_LEVEL[check.severity] : 'none',
    message: { text },
    locations: locations(shared, results, check, finding?.location),
    partialFingerprints: finding?.fingerprint
      ? { [FINGERPRINT]: finding.fingerprint }
      : { [LEGACY_FINGERPRINT]: legacyFingerprint(check, finding?.id ?? check.outcome, finding?.location) },
    ...(finding?.baselineState ? { baselineState: finding.baselineState } : {}),
    ...webExchange(shared, results, check.id, evidence),
    ...suppressions(finding?.waiver ?? check.waiver),
    properties: {
      ...(finding ? { findingId: finding.id } : {}),
      evidence,
    },
  };
}

function suppressions(w: WaiverMark | undefined): Json {
  if (!w) return {};
  return {
    suppressions: [
      {
        kind: 'external',
        status: 'accepted',
        justification: w.reason,
        properties: {
          owner: w.owner,
          expires: w.expires,
          ...(w.id ? { waiver: w.id } : {}),
          ...(w.ticket ? { ticket: w.ticket } : {}),
          ...(w.scope ? { scope: w.scope } : {}),
        },
      },
    ],
  };
}

/** A finding of the baseline this run no longer has. */
function absentResult(shared: Shared, results: Results, f: FixedFinding, check: CheckResult, ruleIndex: number): Json {
  return {
    ruleId: f.check,
    ruleIndex,
    kind: 'pass',
    level: 'none',
    message: { text: `Fixed since the baseline: ${f.message}` },
    locations: locations(shared, results, check, f.location),
    partialFingerprints: { [FINGERPRINT]: f.fingerprint },
    baselineState: 'absent',
    properties: { findingId: f.id },
  };
}

function resultsFor(shared: Shared, results: Results, check: CheckResult, ruleIndex: number): Json[] {
  switch (check.outcome) {
    case 'fail':
    case 'needs-review': {
      const kind = check.outcome === 'fail' ? 'fail' : 'review';
      if (check.findings.length === 0) return [result(shared, results, check, ruleIndex, undefined, kind)];
      return check.findings.map((f) => result(shared, results, check, ruleIndex, f, kind));
    }
    case 'error':
      return [result(shared, results, check, ruleIndex, undefined, 'open')];
    default:
      return [];
  }
}

function notifications(results: Results, ruleIndexOf: Map<string, number>): Json[] {
  const fromChecks = results.checks
    .filter((c) => c.outcome === 'error')
    .map((c) => ({
      level: 'error',
      message: { text: `${c.id}: ${c.error?.message ?? c.summary ?? 'check errored'}` },
      associatedRule: { id: c.id, index: ruleIndexOf.get(c.id) },
    }));
  const fromRun = results.errors.map((e) => ({
    level: 'error',
    message: { text: e.message },
    properties: { code: e.code },
  }));
  return [...fromRun, ...fromChecks];
}

function originalUriBaseIds(shared: Shared): Json {
  const bases: Json = {};
  // No uri for SRCROOT: the consumer (e.g. upload-sarif) knows where the repository is checked out.
  if (shared.usedBases.has(SOURCE_BASE))
    bases[SOURCE_BASE] = { description: { text: 'The root of the repository holding the OpenAPI document' } };
  if (shared.usedBases.has(TARGET_BASE) && shared.origin)
    bases[TARGET_BASE] = { uri: `${shared.origin}/`, description: { text: 'The target single window' } };
  return bases;
}

export function renderSarif(results: Results, opts: SarifOptions = {}): Json {
  // Rules first, complete, so every index below points into the final array.
  const ruleChecks: CheckResult[] = [];
  const ruleIndexOf = new Map<string, number>();
  for (const check of results.checks) {
    if (ruleIndexOf.has(check.id)) continue;
    ruleIndexOf.set(check.id, ruleChecks.length);
    ruleChecks.push(check);
  }
  const cweIds = [...new Set(results.checks.flatMap((c) => c.cwe ?? []))].sort((a, b) => a - b);
  const cweIndex = new Map(cweIds.map((n, i) => [n, i]));
  const rules = ruleChecks.map((c) => rule(results, c, cweIndex));
  let origin: string | undefined;
  try {
    origin = new URL(results.target.apiBaseUrl).origin;
  } catch {
    // An unreachable run may record a --target that is not a URL: its URLs stay as they are.
  }
  const shared: Shared = {
    origin: origin && origin !== 'null' ? origin : undefined,
    usedBases: new Set(),
    source: opts.source,
    maxBodyChars: opts.maxBodyChars ?? SARIF_MAX_BODY_CHARS,
    maxExchangesPerRule: opts.maxExchangesPerRule ?? SARIF_MAX_EXCHANGES_PER_RULE,
    exchangesPerRule: new Map(),
    webRequests: [],
    webResponses: [],
    exchangeIndex: new Map(),
  };
  const sarifResults = results.checks.flatMap((c) => resultsFor(shared, results, c, ruleIndexOf.get(c.id)!));
  for (const f of results.baseline?.fixed ?? []) {
    const index = ruleIndexOf.get(f.check);
    if (index !== undefined) sarifResults.push(absentResult(shared, results, f, ruleChecks[index]!, index));
  }
  const { status } = results.verdict;

  const run: Json = {
    tool: {
      driver: {
        name: results.tool.name,
        version: results.tool.version,
        semanticVersion: results.tool.version,
        ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
        rules,
        ...(cweIds.length ? { supportedTaxonomies: [{ name: CWE_TAXONOMY, index: 0 }] } : {}),
      },
    },
    ...(cweIds.length ? { taxonomies: [cweTaxonomy(cweIds)] } : {}),
    automationDetails: { id: `${results.tool.name}/${results.run.profile.id}/${results.run.id}` },
    invocations: [
      {
        executionSuccessful: status !== 'error' && status !== 'unreachable' && results.errors.length === 0,
        startTimeUtc: results.run.startedAt,
        endTimeUtc: results.run.finishedAt,
        exitCode: results.verdict.exitCode,
        exitCodeDescription: results.verdict.status,
        toolExecutionNotifications: notifications(results, ruleIndexOf),
      },
    ],
    ...(shared.usedBases.size ? { originalUriBaseIds: originalUriBaseIds(shared) } : {}),
    results: sarifResults,
    ...(shared.webRequests.length ? { webRequests: shared.webRequests, webResponses: shared.webResponses } : {}),
    properties: {
      schemaVersion: results.schemaVersion,
      verdict: results.verdict,
      profile: results.run.profile,
      target: results.target,
      ...(results.waivers ? { waivers: results.waivers } : {}),
      ...(results.baseline
        ? { baseline: { from: results.baseline.from, runId: results.baseline.runId, counts: results.baseline.counts } }
        : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION, runs: [run] };
}
