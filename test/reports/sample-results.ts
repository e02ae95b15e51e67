// Realistic Results objects for reporter tests: every outcome and area, http/text/file evidence,
// findings with locations, a waiver, requirements in every status; plus an empty and an
// unreachable run. Built through the types, so a change to the contract breaks this file first.
import { emptyCounts } from '../../engine/types.ts';
import type { Area, CheckResult, EngineItem, Evidence, RequirementStatus, Results } from '../../engine/types.ts';

/** A hostile response body: markup, an XML CDATA terminator, control characters, a bidi override. */
export const HOSTILE_BODY =
  '{"detail":"<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",' +
  '"trace":"]]> & \u0001\u0008\u001b[31m \uFFFE \u202Egnp.exe"}';

const API = 'https://psw.example-port.test/api/v1';
const PORTAL = 'https://portal.example-port.test/';
const STARTED = '2026-03-02T09:15:00.000Z';

function summarise(checks: CheckResult[], areas: Area[]): Results['summary'] {
  const counts = emptyCounts();
  const byArea: Results['summary']['byArea'] = {};
  for (const area of areas) byArea[area] = { counts: emptyCounts(), durationMs: 0 };
  for (const c of checks) {
    counts[c.outcome] += 1;
    const a = (byArea[c.area] ??= { counts: emptyCounts(), durationMs: 0 });
    a.counts[c.outcome] += 1;
    a.durationMs += c.durationMs + 100;
  }
  const blocking = checks.filter((c) => c.required && (c.outcome === 'fail' || c.outcome === 'error')).map((c) => c.id);
  return { counts, byArea, blocking };
}

function evidence(): Record<string, Evidence> {
  return {
    'ev-0001': {
      kind: 'http',
      id: 'ev-0001',
      label: 'contract: read port call',
      operationId: 'getPortCall',
      startedAt: '2026-03-02T09:15:01.120Z',
      durationMs: 42,
      request: {
        method: 'GET',
        url: `${API}/port-calls/pc-7f3a`,
        headers: { accept: 'application/json', authorization: 'Bearer [REDACTED]' },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', etag: '"3"' },
        body: JSON.stringify({ id: 'pc-7f3a', version: '3', eta: '2026-03-04T06:00:00' }, null, 2),
      },
    },
    'ev-0002': {
      kind: 'http',
      id: 'ev-0002',
      label: 'security: CORS preflight from a foreign origin',
      operationId: 'listPortCalls',
      startedAt: '2026-03-02T09:15:02.010Z',
      durationMs: 18,
      request: {
        method: 'OPTIONS',
        url: `${API}/port-calls`,
        headers: { origin: 'https://evil.example', cookie: '[REDACTED]' },
      },
      response: {
        status: 500,
        headers: {
          'access-control-allow-origin': 'https://evil.example',
          'access-control-allow-credentials': 'true',
          'content-type': 'application/problem+json',
        },
        body: HOSTILE_BODY,
        bodyTruncated: true,
      },
    },
    'ev-0003': {
      kind: 'http',
      id: 'ev-0003',
      label: 'authz: read tenant B port call as tenant A',
      operationId: 'getPortCall',
      startedAt: '2026-03-02T09:15:03.500Z',
      durationMs: 30_000,
      request: { method: 'GET', url: `${API}/port-calls/pc-b001`, headers: { authorization: 'Bearer [REDACTED]' } },
      error: 'timeout after 30000 ms',
    },
    'ev-0004': {
      kind: 'text',
      id: 'ev-0004',
      label: 'k6 summary (latency scenario)',
      contentType: 'text/plain',
      text: 'http_req_duration..: avg=612ms p(95)=1840ms p(99)=2710ms\nthreshold p(95)<800 FAILED',
    },
    'ev-0005': {
      kind: 'file',
      id: 'ev-0005',
      label: 'portal: FAL1 form screenshot',
      contentType: 'image/png',
      path: 'evidence/4f1c0d7e9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5.png',
      sha256: '4f1c0d7e9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5',
    },
    'ev-0006': {
      kind: 'http',
      id: 'ev-0006',
      label: 'tls: main response headers',
      startedAt: '2026-03-02T09:15:01.000Z',
      durationMs: 12,
      request: { method: 'GET', url: `${API}/port-calls?limit=1`, headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"items":[]}' },
    },
  };
}

function checks(): CheckResult[] {
  return [
    {
      id: 'response-schema',
      title: 'Responses do not conform to the profile schemas',
      area: 'contract',
      outcome: 'fail',
      severity: 'high',
      required: true,
      requirements: ['PSW-API-001'],
      description:
        'Clients rely on the shared schemas. [PSW-API-001](https://psw.consortium.example/profile/v1#api-001)',
      durationMs: 312,
      summary: '2 schema violations in 1 response',
      findings: [
        {
          id: 'schema-violation',
          message: '/version must be integer',
          data: { pointer: '/version', keyword: 'type' },
          location: {
            method: 'GET',
            url: `${API}/port-calls/pc-7f3a`,
            operationId: 'getPortCall',
            jsonPointer: '/version',
            in: 'response',
          },
          evidence: ['ev-0001'],
        },
        {
          id: 'schema-violation',
          message: '/eta must match format "date-time" with offset',
          location: {
            method: 'GET',
            url: `${API}/port-calls/pc-7f3a`,
            operationId: 'getPortCall',
            jsonPointer: '/eta',
            in: 'response',
          },
          evidence: ['ev-0001'],
        },
      ],
      evidence: ['ev-0001'],
    },
    {
      id: 'imo-number-validation',
      title: 'IMO numbers are validated with their check digit',
      area: 'contract',
      outcome: 'pass',
      severity: 'high',
      required: true,
      requirements: ['PSW-ID-001'],
      description: 'An IMO number with a wrong check digit must be rejected.',
      durationMs: 95,
      summary: '4 invalid IMO numbers rejected with 422',
      findings: [],
      evidence: ['ev-0006'],
    },
    {
      id: 'locode-validation',
      title: 'UN/LOCODE validation could not be confirmed',
      area: 'contract',
      outcome: 'needs-review',
      severity: 'medium',
      required: true,
      requirements: ['PSW-ID-003'],
      description: 'Port codes must be known to the UN/LOCODE code list.',
      durationMs: 120,
      summary: 'Unknown code accepted with a warning; confirm against the code list',
      findings: [
        {
          id: 'warning-only',
          message: 'XXZZZ accepted with a warning header',
          location: {
            method: 'POST',
            url: `${API}/port-calls`,
            operationId: 'createPortCall',
            jsonPointer: '/portOfCall',
            in: 'request',
          },
        },
      ],
      evidence: [],
    },
    {
      id: 'dangerous-goods-validation',
      title: 'Dangerous goods declarations are validated',
      area: 'contract',
      outcome: 'not-applicable',
      severity: 'high',
      required: false,
      requirements: ['PSW-ID-004', 'PSW-ID-005'],
      description: 'UN numbers, IMDG classes and container check digits are validated.',
      durationMs: 0,
      summary: 'The member does not offer the dangerous-goods formality',
      findings: [],
      evidence: [],
    },
    {
      id: 'tls-protocol-versions',
      title: 'Only TLS 1.2 and later are offered',
      area: 'security',
      outcome: 'pass',
      severity: 'high',
      required: true,
      requirements: ['PSW-SEC-TLS-001'],
      cwe: [327],
      description: 'TLS 1.0 and 1.1 are deprecated (RFC 8996).',
      durationMs: 410,
      findings: [],
      evidence: [],
      metrics: { handshakes: 4 },
    },
    {
      id: 'cors-policy',
      title: 'CORS reflects arbitrary origins with credentials',
      area: 'security',
      outcome: 'fail',
      severity: 'high',
      required: true,
      requirements: ['PSW-SEC-HDR-003'],
      cwe: [942],
      owasp: ['API8:2023'],
      description: 'Reflecting any Origin with credentials lets any site act as the user.',
      durationMs: 64,
      findings: [
        {
          id: 'origin-reflected',
          message: 'Origin https://evil.example reflected with credentials <b>allowed</b>',
          data: { origin: 'https://evil.example' },
          location: {
            method: 'OPTIONS',
            url: `${API}/port-calls`,
            operationId: 'listPortCalls',
            header: 'Access-Control-Allow-Origin',
          },
          evidence: ['ev-0002', 'ev-missing'],
        },
      ],
      evidence: ['ev-0002'],
    },
    {
      id: 'hsts-header',
      title: 'Responses lack a strong Strict-Transport-Security policy',
      area: 'security',
      outcome: 'fail',
      severity: 'medium',
      required: false,
      requirements: ['PSW-SEC-TLS-007'],
      cwe: [319],
      owasp: ['API8:2023'],
      description: 'HSTS prevents protocol downgrade.',
      durationMs: 5,
      findings: [
        {
          id: 'missing',
          message: 'No Strict-Transport-Security header',
          location: { host: 'psw.example-port.test', header: 'Strict-Transport-Security' },
          evidence: ['ev-0006'],
        },
      ],
      evidence: ['ev-0006'],
      waiver: { reason: 'HSTS set by the CDN in production', owner: 'secops@example-port.test', expires: '2026-06-30' },
    },
    {
      id: 'tenant-isolation',
      title: "Tenants cannot read or change each other's port calls",
      area: 'security',
      outcome: 'error',
      severity: 'critical',
      required: true,
      requirements: ['PSW-SEC-AUTHZ-001'],
      cwe: [639],
      owasp: ['API1:2023'],
      description: 'Broken object level authorization is the top API risk.',
      durationMs: 30_050,
      summary: 'AuthzProbes errored',
      findings: [],
      evidence: ['ev-0003'],
      error: { message: 'artifact AuthzProbes errored: timeout after 30000 ms', cause: 'TransportError: timeout' },
    },
    {
      id: 'load-latency',
      title: 'Latency thresholds do not hold under load',
      area: 'load',
      outcome: 'fail',
      severity: 'medium',
      required: true,
      requirements: ['PSW-LOAD-001'],
      description: 'p95 latency must stay under the profile threshold at the offered rate.',
      durationMs: 61_000,
      findings: [
        {
          id: 'threshold-crossed',
          message: 'p(95) of http_req_duration was 1840 ms, threshold 800 ms',
          data: { p95: 1840, threshold: 800 },
          location: { metric: 'http_req_duration', operationId: 'listPortCalls' },
          evidence: ['ev-0004'],
        },
      ],
      evidence: ['ev-0004'],
      metrics: { p95: 1840, p99: 2710, rps: 49.8 },
    },
    {
      id: 'load-error-rate',
      title: 'Error rate under load stays below the threshold',
      area: 'load',
      outcome: 'skipped',
      severity: 'high',
      required: true,
      requirements: ['PSW-LOAD-002'],
      description: 'Errors under load must stay below the threshold.',
      durationMs: 0,
      summary: 'Skipped: the latency scenario aborted the load suite',
      findings: [],
      evidence: [],
    },
    {
      id: 'portal-accessibility',
      title: 'The portal has WCAG 2.1 AA violations',
      area: 'portal',
      outcome: 'fail',
      severity: 'medium',
      required: true,
      requirements: ['PSW-PORTAL-006'],
      description: 'Agents must be able to file formalities with assistive technology.',
      durationMs: 2_400,
      findings: [
        {
          id: 'axe-violation',
          message: 'Form elements must have labels (label)',
          data: { rule: 'label', impact: 'critical' },
          location: { url: `${PORTAL}fal1/new`, selector: 'form#fal1 > input[name="imo"]' },
          evidence: ['ev-0005'],
        },
      ],
      evidence: ['ev-0005'],
    },
    {
      id: 'portal-csp',
      title: 'The portal sets a Content-Security-Policy without unsafe-inline',
      area: 'portal',
      outcome: 'pass',
      severity: 'medium',
      required: true,
      requirements: ['PSW-PORTAL-004'],
      description: 'CSP limits the damage of injected markup.',
      durationMs: 800,
      findings: [],
      evidence: [],
    },
  ];
}

function requirement(
  id: string,
  area: Area,
  status: RequirementStatus['status'],
  coveredBy: string[],
  extra: Partial<RequirementStatus> = {},
): RequirementStatus {
  return {
    id,
    text: `Requirement ${id} of the shared profile.`,
    level: 'MUST',
    severity: 'high',
    area,
    source: {
      standard: 'PSW profile v1',
      clause: id.toLowerCase(),
      url: `https://psw.consortium.example/profile/v1#${id.toLowerCase()}`,
    },
    ...extra,
    coveredBy,
    status,
  };
}

function requirements(): RequirementStatus[] {
  return [
    requirement('PSW-API-001', 'contract', 'fail', ['response-schema']),
    requirement('PSW-ID-001', 'contract', 'pass', ['imo-number-validation'], {
      appliesTo: [{ kind: 'identifier-field', identifier: 'imo' }],
      places: {
        planned: [
          { id: 'createPortCall /ship/imoNumber', kind: 'identifier-field', operationId: 'createPortCall' },
          { id: 'updatePortCall /ship/imoNumber', kind: 'identifier-field', operationId: 'updatePortCall' },
        ],
        probed: ['createPortCall /ship/imoNumber'],
        notProbed: [{ id: 'updatePortCall /ship/imoNumber', why: 'budget', detail: '150-request budget' }],
      },
    }),
    requirement('PSW-ID-003', 'contract', 'inconclusive', ['locode-validation'], { severity: 'medium' }),
    requirement('PSW-SEC-HDR-003', 'security', 'fail', ['cors-policy']),
    requirement('PSW-SEC-AUTHZ-001', 'security', 'inconclusive', ['tenant-isolation'], { severity: 'critical' }),
    requirement('PSW-SEC-TLS-001', 'security', 'pass', ['tls-protocol-versions']),
    requirement('PSW-LOAD-001', 'load', 'fail', ['load-latency'], { severity: 'medium' }),
    requirement('PSW-PORTAL-006', 'portal', 'fail', ['portal-accessibility'], { severity: 'medium' }),
    requirement('PSW-API-013', 'contract', 'not-tested', [], {
      level: 'SHOULD',
      severity: 'low',
      notTestedReason: 'No consumer contracts are published for this member yet',
      source: { standard: 'PSW profile v1', clause: '7.3' },
    }),
  ];
}

function base(): Omit<
  Results,
  'verdict' | 'summary' | 'checks' | 'requirements' | 'evidence' | 'artifacts' | 'errors'
> {
  return {
    schemaVersion: '1.0.0',
    tool: { name: 'port-conformance', version: '0.1.0' },
    run: {
      id: 'run-20260302-091500-7c1e',
      startedAt: STARTED,
      finishedAt: '2026-03-02T09:17:10.500Z',
      durationMs: 130_500,
      seed: 424242,
      profile: { id: 'psw-v1-full', title: 'PSW profile v1, full certification', version: '1.0.0' },
      suites: ['contract', 'security', 'load', 'portal'],
      options: { concurrency: 4, load: true, suites: ['contract', 'security', 'load', 'portal'], config: null },
    },
    target: { apiBaseUrl: API, portalUrl: PORTAL, kind: 'remote', name: 'Port of Example <PSW>' },
    environment: { node: 'v20.20.2', platform: 'linux', arch: 'x64' },
  };
}

/** The full sample: every outcome, area, evidence kind and requirement status. */
export function sampleResults(): Results {
  const list = checks();
  const summary = summarise(list, ['contract', 'security', 'load', 'portal']);
  return {
    ...base(),
    verdict: {
      status: 'not-conformant',
      conformant: false,
      exitCode: 1,
      reason: `${summary.blocking.length} required checks failed or errored`,
    },
    summary,
    checks: list,
    requirements: requirements(),
    evidence: evidence(),
    artifacts: [
      { name: 'HttpLog', status: 'ok', durationMs: 900 },
      { name: 'AuthzProbes', status: 'error', durationMs: 30_000, error: 'timeout after 30000 ms' },
      { name: 'LoadRuns', status: 'ok', durationMs: 61_000 },
      { name: 'PortalSession', status: 'skipped', durationMs: 0 },
    ],
    errors: [],
    extensions: { contract: { operationCoverage: { implemented: 21, documented: 23 } } },
  };
}

/** A run in which nothing was selected. */
export function emptyResults(): Results {
  const b = base();
  return {
    ...b,
    run: { ...b.run, suites: [], durationMs: 15, finishedAt: '2026-03-02T09:15:00.015Z', options: {} },
    target: { apiBaseUrl: 'https://127.0.0.1:8443/api/v1', kind: 'embedded-reference' },
    verdict: { status: 'incomplete', conformant: false, exitCode: 1, reason: 'No checks were selected' },
    summary: { counts: emptyCounts(), byArea: {}, blocking: [] },
    checks: [],
    requirements: [],
    evidence: {},
    artifacts: [],
    errors: [],
  };
}

/** Preflight found nothing listening: no checks ran, one run error. */
export function unreachableResults(): Results {
  const b = base();
  return {
    ...b,
    run: { ...b.run, suites: ['contract', 'security'], durationMs: 5_004, finishedAt: '2026-03-02T09:15:05.004Z' },
    verdict: {
      status: 'unreachable',
      conformant: false,
      exitCode: 3,
      reason: 'Nothing answered at psw.example-port.test:443',
    },
    summary: { counts: emptyCounts(), byArea: {}, blocking: [] },
    checks: [],
    requirements: requirements().map((r) => ({ ...r, status: 'not-tested' as const })),
    evidence: {},
    artifacts: [],
    errors: [{ code: 'UNREACHABLE', message: 'connect ECONNREFUSED 203.0.113.7:443' }],
  };
}

/** Items two TLS engines judged (--tls-engine testssl), for report.html's Engines section. */
export const PROTOCOL_ITEMS: EngineItem[] = [
  { host: '127.0.0.1:8443', item: 'TLSv1', verdicts: { node: 'pass', testssl: 'pass' }, agree: true },
  { host: '127.0.0.1:8443', item: 'TLSv1.3', verdicts: { node: 'pass', testssl: 'unknown' } },
];
export const SUITE_ITEMS: EngineItem[] = [
  {
    host: '127.0.0.1:8443',
    item: 'TLS_RSA_WITH_AES_128_CBC_SHA',
    verdicts: { testssl: 'fail', node: 'pass' },
    agree: false,
  },
  {
    host: 'api.member.example:443',
    item: 'TLS_AES_128_GCM_SHA256',
    verdicts: { node: 'pass', testssl: 'pass' },
    agree: true,
  },
];

export function withEngines(byCheck: Record<string, EngineItem[]>): Results {
  const r = sampleResults();
  const suites: CheckResult = {
    id: 'tls-cipher-suites',
    title: 'Only suites with forward secrecy and AEAD are offered',
    description: 'Suites without forward secrecy or with CBC are weak (BSI TR-02102-2).',
    area: 'security',
    outcome: 'needs-review',
    severity: 'high',
    required: true,
    requirements: ['PSW-SEC-TLS-002'],
    durationMs: 300,
    findings: [],
    evidence: [],
  };
  r.checks.push(suites);
  for (const c of r.checks) if (byCheck[c.id]) c.engines = byCheck[c.id];
  return r;
}

/** The sample with both TLS checks' engine items (report.html's Engines section). */
export function engineResults(): Results {
  return withEngines({ 'tls-protocol-versions': PROTOCOL_ITEMS, 'tls-cipher-suites': SUITE_ITEMS });
}
