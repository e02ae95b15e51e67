/* eslint-disable @typescript-eslint/no-explicit-any -- tests mutate parsed JSON freely */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  AREAS,
  ENGINE_VERDICTS,
  FINDING_BASELINE_STATES,
  OUTCOMES,
  SEVERITIES,
  WAIVER_STATUSES,
} from '../../engine/types.ts';
import type {
  ArtifactRecord,
  BaselineComparison,
  CheckResult,
  EngineItem,
  FixedFinding,
  WaiverMark,
  WaiverRecord,
  Place,
  PlacesReport,
  Evidence,
  FileEvidence,
  Finding,
  EdifactLocation,
  FindingLocation,
  HttpEvidence,
  HttpMessageRecord,
  LatencyPercentilePoint,
  Level,
  LoadChartsExtension,
  LoadScenarioChartData,
  LoadThresholdLine,
  RateSecond,
  TargetRatePoint,
  OutcomeCounts,
  OwaspApi2023,
  RequirementStatus,
  Results,
  RunErrorRecord,
  TextEvidence,
  VerdictStatus,
} from '../../engine/types.ts';
import { RESULTS_SCHEMA, RESULTS_SCHEMA_FILE, RESULTS_SCHEMA_VERSION, validateResults } from '../../reports/schema.ts';
import { emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

// ---- compile-time mirrors of the type: tsc fails if a field is added, removed or changes optionality.
type Presence<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };
type Schema = Record<string, unknown>;

/** Every member of a string union, checked exhaustively by the compiler. */
function allOf<T extends string>() {
  return <const A extends readonly T[]>(list: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): A =>
    list;
}

const R = 'required' as const;
const O = 'optional' as const;

const SHAPES: Array<[string, Record<string, 'required' | 'optional'>]> = [
  [
    '',
    {
      schemaVersion: R,
      tool: R,
      run: R,
      target: R,
      environment: R,
      verdict: R,
      summary: R,
      checks: R,
      requirements: R,
      evidence: R,
      artifacts: R,
      errors: R,
      waivers: O,
      baseline: O,
      extensions: O,
    } satisfies Presence<Results>,
  ],
  ['/properties/tool', { name: R, version: R } satisfies Presence<Results['tool']>],
  [
    '/properties/run',
    {
      id: R,
      startedAt: R,
      finishedAt: R,
      durationMs: R,
      seed: R,
      profile: R,
      suites: R,
      options: R,
      stop: O,
    } satisfies Presence<Results['run']>,
  ],
  [
    '/properties/run/properties/stop',
    { kind: R, message: R, at: R } satisfies Presence<NonNullable<Results['run']['stop']>>,
  ],
  ['/properties/run/properties/profile', { id: R, title: R, version: R } satisfies Presence<Results['run']['profile']>],
  [
    '/properties/target',
    { apiBaseUrl: R, portalUrl: O, tokenUrl: O, kind: R, name: O, member: O } satisfies Presence<Results['target']>,
  ],
  ['/properties/environment', { node: R, platform: R, arch: R } satisfies Presence<Results['environment']>],
  ['/properties/verdict', { status: R, conformant: R, exitCode: R, reason: R } satisfies Presence<Results['verdict']>],
  ['/properties/summary', { counts: R, byArea: R, blocking: R, waived: O } satisfies Presence<Results['summary']>],
  [
    '/properties/summary/properties/byArea',
    { contract: O, security: O, load: O, portal: O } satisfies Presence<Results['summary']['byArea']>,
  ],
  [
    '/$defs/areaSummary',
    { counts: R, durationMs: R } satisfies Presence<NonNullable<Results['summary']['byArea']['contract']>>,
  ],
  [
    '/$defs/outcomeCounts',
    {
      pass: R,
      fail: R,
      'needs-review': R,
      'not-applicable': R,
      skipped: R,
      error: R,
    } satisfies Presence<OutcomeCounts>,
  ],
  [
    '/$defs/checkResult',
    {
      id: R,
      title: R,
      area: R,
      outcome: R,
      severity: R,
      required: R,
      requirements: R,
      cwe: O,
      owasp: O,
      description: R,
      remediation: O,
      durationMs: R,
      summary: O,
      findings: R,
      evidence: R,
      error: O,
      metrics: O,
      places: O,
      engines: O,
      waiver: O,
    } satisfies Presence<CheckResult>,
  ],
  ['/$defs/engineItem', { host: R, item: R, verdicts: R, agree: O } satisfies Presence<EngineItem>],
  [
    '/$defs/checkResult/properties/error',
    { message: R, cause: O, stack: O } satisfies Presence<NonNullable<CheckResult['error']>>,
  ],
  ['/$defs/waiverMark', { reason: R, owner: R, expires: R, id: O, ticket: O, scope: O } satisfies Presence<WaiverMark>],
  [
    '/$defs/finding',
    {
      id: R,
      message: R,
      data: O,
      location: O,
      evidence: O,
      fingerprint: O,
      baselineState: O,
      waiver: O,
    } satisfies Presence<Finding>,
  ],
  [
    '/$defs/waiverRecord',
    {
      id: R,
      check: O,
      fingerprint: O,
      member: O,
      reason: R,
      owner: R,
      created: R,
      expires: R,
      ticket: O,
      status: R,
      note: O,
      appliedTo: O,
    } satisfies Presence<WaiverRecord>,
  ],
  [
    '/$defs/baselineComparison',
    { from: R, runId: R, startedAt: R, fixed: R, counts: R } satisfies Presence<BaselineComparison>,
  ],
  [
    '/$defs/baselineComparison/properties/counts',
    { new: R, unchanged: R, fixed: R, notRechecked: R } satisfies Presence<BaselineComparison['counts']>,
  ],
  [
    '/$defs/fixedFinding',
    { check: R, id: R, fingerprint: R, message: R, location: O } satisfies Presence<FixedFinding>,
  ],
  [
    '/$defs/findingLocation',
    {
      method: O,
      url: O,
      operationId: O,
      jsonPointer: O,
      in: O,
      selector: O,
      metric: O,
      host: O,
      header: O,
      edifact: O,
    } satisfies Presence<FindingLocation>,
  ],
  [
    '/$defs/edifactLocation',
    {
      message: O,
      messageRef: O,
      segment: R,
      position: O,
      element: O,
      component: O,
    } satisfies Presence<EdifactLocation>,
  ],
  [
    '/$defs/requirementStatus',
    {
      id: R,
      text: R,
      level: R,
      severity: R,
      area: R,
      source: R,
      notTestedReason: O,
      appliesTo: O,
      coveredBy: R,
      status: R,
      places: O,
    } satisfies Presence<RequirementStatus>,
  ],
  [
    '/$defs/place',
    { id: R, kind: R, operationId: O, method: O, path: O, pointer: O, variant: O } satisfies Presence<Place>,
  ],
  ['/$defs/placesReport', { probed: R, notProbed: O } satisfies Presence<PlacesReport>],
  [
    '/$defs/requirementStatus/properties/source',
    { standard: R, clause: R, url: O } satisfies Presence<RequirementStatus['source']>,
  ],
  [
    '/$defs/httpMessageRecord',
    {
      method: O,
      url: O,
      status: O,
      headers: R,
      repeatedHeaders: O,
      body: O,
      bodyTruncated: O,
    } satisfies Presence<HttpMessageRecord>,
  ],
  [
    '/$defs/httpEvidence',
    {
      kind: R,
      id: R,
      label: O,
      operationId: O,
      startedAt: R,
      durationMs: R,
      request: R,
      response: O,
      error: O,
    } satisfies Presence<HttpEvidence>,
  ],
  ['/$defs/textEvidence', { kind: R, id: R, label: O, contentType: R, text: R } satisfies Presence<TextEvidence>],
  [
    '/$defs/fileEvidence',
    { kind: R, id: R, label: O, contentType: R, path: R, sha256: R } satisfies Presence<FileEvidence>,
  ],
  ['/$defs/artifactRecord', { name: R, status: R, durationMs: R, error: O } satisfies Presence<ArtifactRecord>],
  ['/$defs/runError', { code: R, message: R } satisfies Presence<RunErrorRecord>],
  ['/$defs/loadChartsExtension', { scenarios: R } satisfies Presence<LoadChartsExtension>],
  [
    '/$defs/loadScenarioChartData',
    {
      name: R,
      engine: R,
      operation: R,
      thresholds: R,
      latencyPercentiles: R,
      ratePerSecond: O,
      targetRate: R,
    } satisfies Presence<LoadScenarioChartData>,
  ],
  ['/$defs/loadThresholdLine', { metric: R, source: R, ok: R } satisfies Presence<LoadThresholdLine>],
  ['/$defs/latencyPercentilePoint', { percentile: R, valueMs: R } satisfies Presence<LatencyPercentilePoint>],
  ['/$defs/rateSecond', { second: R, completed: R, failed: R } satisfies Presence<RateSecond>],
  ['/$defs/targetRatePoint', { second: R, perSecond: R } satisfies Presence<TargetRatePoint>],
];

const ENUMS: Array<[string, readonly string[]]> = [
  ['/$defs/outcome', OUTCOMES],
  ['/$defs/area', AREAS],
  ['/$defs/severity', SEVERITIES],
  ['/$defs/level', allOf<Level>()(['MUST', 'SHOULD', 'MAY'])],
  [
    '/$defs/verdictStatus',
    allOf<VerdictStatus>()(['conformant', 'not-conformant', 'incomplete', 'unreachable', 'error']),
  ],
  [
    '/$defs/owaspApi2023',
    allOf<OwaspApi2023>()([
      'API1:2023',
      'API2:2023',
      'API3:2023',
      'API4:2023',
      'API5:2023',
      'API6:2023',
      'API7:2023',
      'API8:2023',
      'API9:2023',
      'API10:2023',
    ]),
  ],
  ['/$defs/evidence/properties/kind', allOf<Evidence['kind']>()(['http', 'text', 'file'])],
  ['/properties/target/properties/kind', allOf<Results['target']['kind']>()(['embedded-reference', 'remote'])],
  ['/$defs/artifactRecord/properties/status', allOf<ArtifactRecord['status']>()(['ok', 'error', 'skipped'])],
  [
    '/$defs/requirementStatus/properties/status',
    allOf<RequirementStatus['status']>()(['pass', 'fail', 'not-tested', 'inconclusive']),
  ],
  ['/$defs/finding/properties/baselineState', FINDING_BASELINE_STATES],
  ['/$defs/engineVerdict', ENGINE_VERDICTS],
  ['/$defs/waiverRecord/properties/status', WAIVER_STATUSES],
  ['/$defs/waiverMark/properties/scope', allOf<NonNullable<WaiverMark['scope']>>()(['check', 'findings'])],
  ['/$defs/findingLocation/properties/in', allOf<NonNullable<FindingLocation['in']>>()(['request', 'response'])],
];

function at(pointer: string): Schema {
  let node: unknown = RESULTS_SCHEMA;
  for (const part of pointer.split('/').slice(1)) node = (node as Schema)[part];
  if (!node || typeof node !== 'object') throw new Error(`no schema at ${pointer}`);
  return node as Schema;
}

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('results.schema.json mirrors engine/types.ts', () => {
  it.each(SHAPES)('%s has exactly the fields of the type, in its order', (pointer, shape) => {
    const node = at(pointer);
    expect(node.type).toBe('object');
    expect(node.additionalProperties).toBe(false);
    expect(Object.keys(node.properties as Schema)).toEqual(Object.keys(shape));
    const required = Object.entries(shape)
      .filter(([, p]) => p === 'required')
      .map(([k]) => k);
    expect([...((node.required as string[] | undefined) ?? [])].sort()).toEqual(required.sort());
  });

  it.each(ENUMS)('%s enumerates the type', (pointer, values) => {
    expect(at(pointer).enum).toEqual([...values]);
  });

  it('keeps extensions, options, data, metrics and headers open', () => {
    expect(at('/properties/extensions').additionalProperties).toBeUndefined();
    for (const p of [
      '/properties/run/properties/options',
      '/$defs/finding/properties/data',
      '/$defs/checkResult/properties/metrics',
      '/$defs/httpMessageRecord/properties/headers',
    ]) {
      expect(typeof at(p).additionalProperties).toBe('object');
    }
  });

  it('is JSON without duplicate keys and declares 2020-12', () => {
    const text = readFileSync(RESULTS_SCHEMA_FILE, 'utf8');
    expect(() => parseYaml(text, { uniqueKeys: true })).not.toThrow();
    expect(RESULTS_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('publishes a version its own pattern accepts', () => {
    expect(RESULTS_SCHEMA_VERSION).toMatch(new RegExp(at('/properties/schemaVersion').pattern as string));
  });
});

describe('validateResults', () => {
  it.each([
    ['sample', sampleResults],
    ['empty', emptyResults],
    ['unreachable', unreachableResults],
  ])('accepts the %s run, also after a JSON round trip', (_, build) => {
    expect(validateResults(build())).toEqual({ valid: true, errors: [] });
    expect(validateResults(json(build()))).toEqual({ valid: true, errors: [] });
  });

  const cases: Array<[string, (r: Record<string, any>) => void, string]> = [
    ['unknown top-level field', (r) => (r.colour = 'red'), '/'],
    ['unknown outcome', (r) => (r.checks[0].outcome = 'passed'), '/checks/0/outcome'],
    ['unknown area', (r) => (r.checks[1].area = 'ui'), '/checks/1/area'],
    ['unknown severity', (r) => (r.requirements[0].severity = 'severe'), '/requirements/0/severity'],
    ['unknown verdict', (r) => (r.verdict.status = 'ok'), '/verdict/status'],
    ['unknown evidence kind', (r) => (r.evidence['ev-0004'].kind = 'video'), '/evidence/ev-0004/kind'],
    ['field of another evidence kind', (r) => (r.evidence['ev-0004'].path = 'x.txt'), '/evidence/ev-0004'],
    ['missing required field', (r) => delete r.run.seed, '/run'],
    ['schemaVersion 2.x', (r) => (r.schemaVersion = '2.0.0'), '/schemaVersion'],
    ['absolute evidence path', (r) => (r.evidence['ev-0005'].path = '/etc/passwd'), '/evidence/ev-0005/path'],
    [
      'evidence path escaping the results dir',
      (r) => (r.evidence['ev-0005'].path = 'evidence/../../x'),
      '/evidence/ev-0005/path',
    ],
    ['bad sha256', (r) => (r.evidence['ev-0005'].sha256 = 'abc'), '/evidence/ev-0005/sha256'],
    ['timestamp without offset', (r) => (r.run.startedAt = '2026-03-02 09:15'), '/run/startedAt'],
    ['negative count', (r) => (r.summary.counts.fail = -1), '/summary/counts/fail'],
    ['CWE as a string', (r) => (r.checks[4].cwe = ['CWE-327']), '/checks/4/cwe/0'],
    ['unknown OWASP id', (r) => (r.checks[5].owasp = ['API11:2023']), '/checks/5/owasp/0'],
    ['nested option object', (r) => (r.run.options.nested = { a: 1 }), '/run/options/nested'],
    ['byArea for an unknown area', (r) => (r.summary.byArea.ui = r.summary.byArea.contract), '/summary/byArea'],
  ];

  it.each(cases)('rejects %s and points at it', (_, mutate, pointer) => {
    const data = json(sampleResults()) as unknown as Record<string, any>;
    mutate(data);
    const out = validateResults(data);
    expect(out.valid).toBe(false);
    expect(out.errors.some((e) => e.startsWith(`${pointer}:`))).toBe(true);
  });

  it('accepts any extensions content', () => {
    const data = json(sampleResults());
    data.extensions = { contract: { anything: [1, { deep: null }] }, future: 'x' };
    expect(validateResults(data).valid).toBe(true);
  });

  it('accepts unknown fields only when asked (files from a newer 1.x)', () => {
    const data = json(sampleResults()) as unknown as Record<string, any>;
    data.checks[0].confidence = 'high';
    data.newTopLevel = {};
    expect(validateResults(data).valid).toBe(false);
    expect(validateResults(data, { allowUnknownFields: true })).toEqual({ valid: true, errors: [] });
    // A newer minor may add enum values (README "Results contract"): read as strings; types still hold.
    data.checks[0].outcome = 'waived';
    data.verdict.status = 'conditionally-conformant';
    expect(validateResults(data, { allowUnknownFields: true })).toEqual({ valid: true, errors: [] });
    expect(validateResults(data).valid).toBe(false);
    data.checks[0].outcome = 42;
    expect(validateResults(data, { allowUnknownFields: true }).valid).toBe(false);
  });
});
