// Synthetic artifacts for the API security checks, and a runner that applies a check to them.
import { makeCheckContext, type AnyCheck, type CheckProduct } from '../../../../engine/check.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import type { Finding } from '../../../../engine/types.ts';
import {
  AUTH_PROBE_KINDS,
  type AuthProbeKind,
  type AuthProbeKindStatus,
  type AuthProbes,
  type AuthProbeResult,
  type ProbedOperation,
} from '../../../../suites/security/collectors/auth-probes.ts';
import type { AuthzProbes, CrossTenantAttempt } from '../../../../suites/security/collectors/authz-probes.ts';
import {
  READ_ONLY_FIELDS,
  readOnlyValues,
  type ReadOnlyProbe,
} from '../../../../suites/security/collectors/read-only-probes.ts';
import type {
  CorsProbe,
  HardeningExchange,
  HardeningProbes,
  MethodProbe,
} from '../../../../suites/security/collectors/hardening-probes.ts';
import type { RateLimitBurst } from '../../../../suites/security/collectors/rate-limit-burst.ts';

export const API = 'https://127.0.0.1:8443/api/v1';
export const PC = '11111111-2222-4333-8444-555555555555';

export async function runCheck(
  check: AnyCheck,
  artifacts: Record<string, unknown>,
  options: object = {},
): Promise<CheckProduct> {
  return check.run(artifacts as never, makeCheckContext(check, { ...(check.defaultOptions as object), ...options }));
}

export function findingsOf(p: CheckProduct): Finding[] {
  return p.findings ?? [];
}

/** id + location of each finding: what the tests assert on. */
export function idsAndLocations(p: CheckProduct) {
  return findingsOf(p).map(({ id, location }) => ({ id, location }));
}

// ---------------------------------------------------------------- AuthProbes

export const OPS: ProbedOperation[] = [
  { operationId: 'listPortCalls', method: 'GET', url: '/port-calls' },
  { operationId: 'getPortCall', method: 'GET', url: `/port-calls/${PC}` },
  { operationId: 'createPortCall', method: 'POST', url: '/port-calls' },
  { operationId: 'cancelPortCall', method: 'POST', url: `/port-calls/${PC}/cancel` },
];

/** The RFC 6750 challenge the builders' 401 answers carry unless told otherwise. */
export const CHALLENGE = 'Bearer realm="psw", error="invalid_token"';

/**
 * Every kind sent, every operation answered 401 with a Bearer challenge, unless `status` says
 * otherwise per kind/operation (`{ status, challenge }` for a 401 with another challenge or none).
 */
export function authProbes(
  opts: {
    status?: Partial<
      Record<AuthProbeKind, Record<string, number | { error: string } | { status: number; challenge?: string } | null>>
    >;
    kinds?: Partial<Record<AuthProbeKind, AuthProbeKindStatus>>;
    operations?: ProbedOperation[];
  } = {},
): AuthProbes {
  const operations = opts.operations ?? OPS;
  const kinds = Object.fromEntries(AUTH_PROBE_KINDS.map((k) => [k, opts.kinds?.[k] ?? { sent: true }])) as Record<
    AuthProbeKind,
    AuthProbeKindStatus
  >;
  const results: AuthProbeResult[] = [];
  for (const kind of AUTH_PROBE_KINDS) {
    if (!kinds[kind].sent) continue;
    for (const op of operations) {
      const override = opts.status?.[kind]?.[op.operationId];
      if (override === null) continue; // not probed
      const evidenceId = `ev-${kind}-${op.operationId}`;
      if (typeof override === 'object' && 'error' in override)
        results.push({ ...op, kind, error: override.error, evidenceId });
      else if (typeof override === 'object')
        results.push({
          ...op,
          kind,
          status: override.status,
          ...(override.challenge !== undefined ? { challenge: override.challenge } : {}),
          evidenceId,
        });
      else {
        const status = override ?? 401;
        results.push({ ...op, kind, status, ...(status === 401 ? { challenge: CHALLENGE } : {}), evidenceId });
      }
    }
  }
  return { operations, kinds, results };
}

export function opLoc(operationId: string) {
  const op = OPS.find((o) => o.operationId === operationId)!;
  return { operationId: op.operationId, method: op.method, url: op.url };
}

// ---------------------------------------------------------------- AuthzProbes

const crossTenantDefaults: CrossTenantAttempt[] = [
  {
    action: 'read',
    operationId: 'getPortCall',
    method: 'GET',
    url: `/port-calls/${PC}`,
    status: 404,
    leaked: [],
    evidenceId: 'ev-read',
  },
  {
    action: 'list',
    operationId: 'listPortCalls',
    method: 'GET',
    url: '/port-calls?limit=100',
    status: 200,
    leaked: [],
    evidenceId: 'ev-list',
    evidence: ['ev-list'],
  },
  {
    action: 'update',
    operationId: 'updatePortCall',
    method: 'PUT',
    url: `/port-calls/${PC}`,
    status: 404,
    leaked: [],
    evidenceId: 'ev-update',
  },
  {
    action: 'formality',
    operationId: 'submitGeneralDeclaration',
    method: 'POST',
    url: `/port-calls/${PC}/formalities/general-declaration`,
    status: 404,
    leaked: [],
    evidenceId: 'ev-formality',
  },
  {
    action: 'arrival',
    operationId: 'recordArrival',
    method: 'POST',
    url: `/port-calls/${PC}/arrival`,
    status: 404,
    leaked: [],
    evidenceId: 'ev-arrival',
  },
  {
    action: 'cancel',
    operationId: 'cancelPortCall',
    method: 'POST',
    url: `/port-calls/${PC}/cancel`,
    status: 404,
    leaked: [],
    evidenceId: 'ev-cancel',
  },
];

export function crossTenantLoc(action: string) {
  const a = crossTenantDefaults.find((t) => t.action === action)!;
  return { operationId: a.operationId, method: a.method, url: a.url };
}

/** A reference server's answers: every cross-tenant attempt 404, read-only fields 400, clearance 403. */
export function authzProbes(
  change: {
    crossTenant?: Partial<Record<string, Partial<CrossTenantAttempt>>>;
    ownerView?: Partial<AuthzProbes['ownerView']>;
    clearance?: Partial<NonNullable<AuthzProbes['clearance']>> | null;
    readOnly?: Partial<Record<string, Partial<ReadOnlyProbe>>>;
    updateControl?: AuthzProbes['updateControl'] | null;
  } = {},
): AuthzProbes {
  const values = readOnlyValues(new Date('2026-11-21T10:00:00Z'));
  const readOnly: ReadOnlyProbe[] = [];
  for (const field of READ_ONLY_FIELDS) {
    for (const [operationId, method, url] of [
      ['createPortCall', 'POST', '/port-calls'],
      ['updatePortCall', 'PUT', `/port-calls/${PC}`],
    ] as const) {
      const base: ReadOnlyProbe = {
        field,
        operationId,
        method,
        url,
        sent: values[field],
        status: 400,
        evidenceId: `ev-ro-${operationId}-${field}`,
      };
      readOnly.push({ ...base, ...change.readOnly?.[`${operationId}:${field}`] });
    }
  }
  const clearance: AuthzProbes['clearance'] = {
    operationId: 'decideClearance',
    method: 'POST',
    url: `/port-calls/${PC}/clearance`,
    status: 403,
    evidenceId: 'ev-clearance',
    clearanceAfter: null,
    readStatus: 200,
    readEvidenceId: 'ev-clearance-read',
    ...change.clearance,
  };
  return {
    owner: { portCallId: PC, imoNumber: '1234567', shipName: 'PSW PROBE ABCDEF12' },
    crossTenant: crossTenantDefaults.map((t) => ({ ...t, ...change.crossTenant?.[t.action] })),
    ownerView: {
      beforeStatus: 200,
      afterStatus: 200,
      changed: [],
      afterEvidenceId: 'ev-after',
      formalities: { status: 200, count: 0, evidenceId: 'ev-formalities' },
      ...change.ownerView,
    },
    ...(change.clearance === null ? {} : { clearance }),
    readOnly,
    ...(change.updateControl === null
      ? {}
      : {
          updateControl: change.updateControl ?? {
            operationId: 'updatePortCall',
            method: 'PUT',
            url: `/port-calls/${PC}`,
            status: 200,
            evidenceId: 'ev-control',
          },
        }),
  };
}

// ---------------------------------------------------------------- HardeningProbes

export function hx(
  purpose: string,
  status: number | undefined,
  extra: Partial<HardeningExchange> = {},
): HardeningExchange {
  return {
    purpose,
    method: 'POST',
    url: `${API}/port-calls`,
    ...(status !== undefined ? { status } : { error: 'ECONNRESET' }),
    headers: {
      'content-type': 'application/problem+json',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
    body:
      status !== undefined && status >= 400
        ? JSON.stringify({
            type: 'https://psw.consortium.example/problems/validation-error',
            title: 'Invalid request',
            status,
            instance: '/api/v1/port-calls',
          })
        : '',
    evidenceId: `ev-${purpose.replace(/\W+/g, '-')}`,
    ...extra,
  };
}

export function methodProbe(
  method: string,
  pathTemplate: string,
  status: number | undefined,
  extra: Partial<MethodProbe> = {},
): MethodProbe {
  const url = `${API}${pathTemplate.replace('{portCallId}', PC)}`;
  return {
    ...hx(`undocumented ${method}`, status, { method, url, evidenceId: `ev-${method}-${pathTemplate}` }),
    headers: { allow: 'GET, PUT', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    pathTemplate,
    documented: ['GET', 'PUT'],
    ...extra,
  };
}

/** status null: no HTTP answer. */
export function corsProbe(
  kind: 'preflight' | 'simple',
  headers: Record<string, string> = {},
  status: number | null = kind === 'preflight' ? 204 : 200,
): CorsProbe {
  return {
    ...hx(`CORS ${kind}`, status ?? undefined, {
      method: kind === 'preflight' ? 'OPTIONS' : 'GET',
      url: `${API}/port-calls/${PC}`,
      evidenceId: `ev-cors-${kind}`,
    }),
    headers: { vary: 'Origin', ...headers },
    kind,
  };
}

export function hardeningProbes(change: Partial<HardeningProbes> = {}): HardeningProbes {
  return {
    apiBaseUrl: API,
    errorProbes: [
      hx('malformed JSON (create)', 400),
      hx('wrong-type body (create)', 400),
      hx('malformed path parameter', 400, { method: 'GET', url: `${API}/port-calls/not-a-uuid` }),
    ],
    cors: { origin: 'https://evil.example', probes: [corsProbe('preflight'), corsProbe('simple')] },
    methods: [
      methodProbe('PATCH', '/port-calls/{portCallId}', 405),
      methodProbe('DELETE', '/port-calls/{portCallId}', 405),
    ],
    bodySize: {
      bytes: 2 * 1024 * 1024,
      limitBytes: 1024 * 1024,
      probe: hx('body of 2097152 bytes', 413, { evidenceId: 'ev-big' }),
    },
    ...change,
  };
}

// ---------------------------------------------------------------- HttpLog

export function exchange(
  operationId: string | undefined,
  method: string,
  url: string,
  headers: Record<string, string>,
  evidenceId: string,
): HttpExchange {
  return { operationId, method, url, requestHeaders: {}, status: 200, headers, text: '', durationMs: 1, evidenceId };
}

// ---------------------------------------------------------------- RateLimitBurst

export const RL_HEADERS = {
  'ratelimit-limit': '100',
  'ratelimit-remaining': '99',
  'ratelimit-reset': '1',
  'ratelimit-policy': '100;w=1',
};

export function burst(change: Partial<RateLimitBurst> = {}): RateLimitBurst {
  return {
    operationId: 'getPortCall',
    method: 'GET',
    url: `/port-calls/${PC}`,
    baseline: { status: 200, headers: { ...RL_HEADERS }, evidenceId: 'ev-baseline' },
    advertisedLimit: 100,
    planned: 220,
    maxBurstRequests: 600,
    concurrency: 16,
    sent: 116,
    statusCounts: { '200': 100, '429': 16 },
    transportErrors: 0,
    first429: {
      index: 100,
      status: 429,
      headers: { ...RL_HEADERS, 'ratelimit-remaining': '0', 'retry-after': '1' },
      evidenceId: 'ev-429',
    },
    stoppedBy: 'throttled',
    durationMs: 120,
    waitedMs: 1000,
    ...change,
  };
}

export const BURST_LOC = { operationId: 'getPortCall', method: 'GET', url: `/port-calls/${PC}` };
