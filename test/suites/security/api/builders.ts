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
import type {
  AuthzProbes,
  ClearanceAttempt,
  OwnerRead,
  TenantAttempt,
  TenantIsolationProbes,
  AuthorityReach,
} from '../../../../suites/security/collectors/authz-probes.ts';
import { readOnlyValues, type ReadOnlyProbe } from '../../../../suites/security/collectors/read-only-probes.ts';
import type {
  BodySizeProbe,
  CorsProbe,
  HardeningExchange,
  HardeningProbes,
  MethodProbe,
} from '../../../../suites/security/collectors/hardening-probes.ts';
import type { Unprobed } from '../../../../suites/security/collectors/plan-places.ts';
import type { ClientRole } from '../../../../engine/context.ts';
import type { Place } from '../../../../engine/types.ts';
import type { ClientBurst, RateLimitBurst } from '../../../../suites/security/collectors/rate-limit-burst.ts';

export const API = 'https://127.0.0.1:8443/api/v1';
export const PC = '11111111-2222-4333-8444-555555555555';
/** Tenant B's port call (the one agentA reaches for). */
export const PC_B = '22222222-3333-4444-8555-666666666666';

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

type AttemptRow = [string, string, string, string, ClientRole, ClientRole, TenantAttempt['access'], number];

/** A sample of the plan's tenant places, in both directions, reads, a list and writes. */
const TENANT_ROWS: AttemptRow[] = [
  ['listPortCalls agentB→agentA', 'listPortCalls', 'GET', '/port-calls?limit=100', 'agentB', 'agentA', 'list', 200],
  ['getPortCall agentB→agentA', 'getPortCall', 'GET', `/port-calls/${PC}`, 'agentB', 'agentA', 'read', 404],
  [
    'getFormality (crew-list) agentA→agentB',
    'getFormality',
    'GET',
    `/port-calls/${PC_B}/formalities/crew-list`,
    'agentA',
    'agentB',
    'read',
    404,
  ],
  ['updatePortCall agentB→agentA', 'updatePortCall', 'PUT', `/port-calls/${PC}`, 'agentB', 'agentA', 'write', 404],
  [
    'submitCrewList agentA→agentB',
    'submitCrewList',
    'POST',
    `/port-calls/${PC_B}/formalities/crew-list`,
    'agentA',
    'agentB',
    'write',
    404,
  ],
  [
    'cancelPortCall agentB→agentA',
    'cancelPortCall',
    'POST',
    `/port-calls/${PC}/cancel`,
    'agentB',
    'agentA',
    'write',
    404,
  ],
];

const place = (id: string, kind: string, operationId?: string): Place => ({
  id,
  kind,
  ...(operationId ? { operationId } : {}),
});

export function tenantLoc(placeId: string) {
  const row = TENANT_ROWS.find((r) => r[0] === placeId)!;
  return { operationId: row[1], method: row[2], url: row[3] };
}

export const OWNER_READS: OwnerRead[] = [
  {
    owner: 'agentA',
    url: `/port-calls/${PC}`,
    operationId: 'getPortCall',
    beforeStatus: 200,
    afterStatus: 200,
    changed: [],
    afterEvidenceId: 'ev-a-after',
  },
  {
    owner: 'agentB',
    url: `/port-calls/${PC_B}/formalities/crew-list`,
    operationId: 'getFormality',
    beforeStatus: 200,
    afterStatus: 200,
    changed: [],
    afterEvidenceId: 'ev-b-after',
  },
];

/** A reference server's answers: every cross-tenant attempt 404, owners' data unchanged, the authority reaches all. */
export function tenantProbes(
  change: {
    attempts?: Record<string, Partial<TenantAttempt>>;
    ownerReads?: Record<string, Partial<OwnerRead>>;
    authority?: Record<string, Partial<AuthorityReach>>;
    notProbed?: Unprobed[];
    extraPlaces?: Place[];
  } = {},
): TenantIsolationProbes {
  const attempts: TenantAttempt[] = TENANT_ROWS.map(
    ([placeId, operationId, method, url, actor, owner, access, status]) => ({
      placeId,
      operationId,
      method,
      url,
      actor,
      owner,
      access,
      status,
      leaked: [],
      evidenceId: `ev-${placeId}`,
      ...(access === 'list' ? { foreignItems: 0, evidence: [`ev-${placeId}`] } : {}),
      ...change.attempts?.[placeId],
    }),
  );
  const authority: AuthorityReach[] = (['agentA', 'agentB'] as const).map((owner) => ({
    owner,
    read: {
      operationId: 'getPortCall',
      method: 'GET',
      url: `/port-calls/${owner === 'agentA' ? PC : PC_B}`,
      status: 200,
      evidenceId: `ev-authority-${owner}`,
    },
    listed: true,
    listPages: 2,
    listEvidenceId: 'ev-authority-list',
    ...change.authority?.[owner],
  }));
  return {
    places: [...TENANT_ROWS.map((r) => place(r[0], 'tenant-resource', r[1])), ...(change.extraPlaces ?? [])],
    attempts,
    ownerReads: OWNER_READS.map((r) => ({ ...r, ...change.ownerReads?.[r.owner] })),
    authority,
    notProbed: change.notProbed ?? [],
  };
}

export const CLEARANCE_OWN = 'decideClearance as agentA';
export const CLEARANCE_OTHER = "decideClearance as agentA on agentB's";

export function clearanceLoc(placeId: string) {
  return {
    operationId: 'decideClearance',
    method: 'POST',
    url: `/port-calls/${placeId === CLEARANCE_OWN ? PC : PC_B}/clearance`,
  };
}

export function roleProbes(change: Record<string, Partial<ClearanceAttempt> | null> = {}): AuthzProbes['roles'] {
  const rows: [string, ClientRole][] = [
    [CLEARANCE_OWN, 'agentA'],
    [CLEARANCE_OTHER, 'agentB'],
  ];
  return {
    places: rows.map(([id]) => place(id, 'role-restricted', 'decideClearance')),
    attempts: rows.flatMap(([placeId, owner]) =>
      change[placeId] === null
        ? []
        : [
            {
              placeId,
              actor: 'agentA' as const,
              owner,
              ...clearanceLoc(placeId),
              status: 403,
              evidenceId: `ev-${placeId}`,
              clearanceAfter: null,
              versionBefore: 1,
              versionAfter: 1,
              readStatus: 200,
              readEvidenceId: `ev-${placeId}-read`,
              ...change[placeId],
            },
          ],
    ),
    notProbed: [],
  };
}

export const READ_ONLY_MEMBERS = [
  'portCallId',
  'tenant',
  'status',
  'ata',
  'atd',
  'clearance',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export function readOnlyLoc(operationId: 'createPortCall' | 'updatePortCall', field: string) {
  return {
    operationId,
    method: operationId === 'createPortCall' ? 'POST' : 'PUT',
    url: operationId === 'createPortCall' ? '/port-calls' : `/port-calls/${PC}`,
    jsonPointer: `/${field}`,
    in: 'request',
  };
}

/** Every read-only member refused with 400 at its pointer, on create and update; updates left unchanged. */
export function readOnlyProbes(
  change: {
    probes?: Record<string, Partial<ReadOnlyProbe>>;
    updateControl?: AuthzProbes['readOnly']['updateControl'] | null;
  } = {},
): AuthzProbes['readOnly'] {
  const values = readOnlyValues(new Date('2026-11-21T10:00:00Z'));
  const probes: ReadOnlyProbe[] = [];
  for (const field of READ_ONLY_MEMBERS) {
    for (const operationId of ['createPortCall', 'updatePortCall'] as const) {
      const { jsonPointer: _p, in: _i, ...loc } = readOnlyLoc(operationId, field);
      const kind = operationId === 'createPortCall' ? ('create' as const) : ('update' as const);
      const base: ReadOnlyProbe = {
        placeId: `${operationId} /${field}`,
        ...loc,
        field,
        kind,
        sent: values[field],
        status: 400,
        pointers: [`/${field}`],
        evidenceId: `ev-ro-${operationId}-${field}`,
        ...(kind === 'update'
          ? {
              stored: {
                status: 200,
                readAs: 'agentA' as const,
                present: true,
                value: null,
                version: 1,
                versionBefore: 1,
              },
            }
          : {}),
      };
      probes.push({ ...base, ...change.probes?.[`${operationId}:${field}`] });
    }
  }
  return {
    places: probes.map((p) => place(p.placeId, 'read-only-member', p.operationId)),
    probes,
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
    notProbed: [],
  };
}

/** The reference's AuthzProbes; each part replaceable. */
export function authzProbes(change: Partial<AuthzProbes> = {}): AuthzProbes {
  return { tenant: tenantProbes(), roles: roleProbes(), readOnly: readOnlyProbes(), ...change };
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
    placeIds: [`${method} /api/v1${pathTemplate}`],
    ...extra,
  };
}

/** status null: no HTTP answer. */
export function corsProbe(
  kind: 'preflight' | 'request',
  headers: Record<string, string> = {},
  status: number | null = kind === 'preflight' ? 405 : 200,
  origin = 'https://evil.example',
  operationId = 'getPortCall',
): CorsProbe {
  return {
    ...hx(`CORS ${kind}`, status ?? undefined, {
      method: kind === 'preflight' ? 'OPTIONS' : 'GET',
      url: `${API}/port-calls/${PC}`,
      operationId,
      evidenceId: `ev-cors-${kind}-${origin}`,
    }),
    headers: { vary: 'Origin', ...headers },
    kind,
    origin,
    placeIds: [`${operationId} ${kind} from Origin ${origin}`],
  };
}

/** Preflight and request from both origins, answered `headers` (CORS places for getPortCall). */
export function corsProbes(headers: Record<string, string> = {}): HardeningProbes['cors'] {
  const probes = (['request', 'preflight'] as const).flatMap((kind) =>
    ['https://evil.example', 'null'].map((origin) => corsProbe(kind, headers, undefined, origin)),
  );
  return {
    origin: 'https://evil.example',
    probes,
    places: probes.map((p) => place(p.placeIds[0]!, 'cors', 'getPortCall')),
    notProbed: [],
  };
}

export function bodySizeProbe(
  operationId: string,
  path: string,
  status: number | undefined,
  evidenceId = `ev-big-${operationId}`,
): BodySizeProbe {
  return {
    ...hx(`body to ${operationId}`, status, { operationId, url: `${API}${path}`, evidenceId }),
    placeId: operationId,
  };
}

export function bodySize(probes: BodySizeProbe[]): HardeningProbes['bodySize'] {
  return {
    bytes: 1024 * 1024 + 1,
    limitBytes: 1024 * 1024,
    probe: probes[0]!,
    probes,
    places: probes.map((p) => place(p.placeId, 'operation', p.placeId)),
    notProbed: [],
  };
}

export function hardeningProbes(change: Partial<HardeningProbes> = {}): HardeningProbes {
  const methods = [
    methodProbe('PATCH', '/port-calls/{portCallId}', 405),
    methodProbe('DELETE', '/port-calls/{portCallId}', 405),
  ];
  return {
    apiBaseUrl: API,
    errorProbes: [
      hx('malformed JSON (create)', 400),
      hx('wrong-type body (create)', 400),
      hx('malformed path parameter', 400, { method: 'GET', url: `${API}/port-calls/not-a-uuid` }),
    ],
    cors: corsProbes(),
    methods,
    methodPlaces: {
      places: methods.map((m) => place(m.placeIds[0]!, 'undocumented-method')),
      notProbed: [],
      effects: [
        { url: `${API}/port-calls/${PC}`, beforeStatus: 200, afterStatus: 200, changed: [], afterEvidenceId: 'ev-pc' },
      ],
    },
    bodySize: bodySize([
      bodySizeProbe('createPortCall', '/port-calls', 413, 'ev-big'),
      bodySizeProbe('submitCrewList', `/port-calls/${PC}/formalities/crew-list`, 413),
    ]),
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

export const BURST_LOC = { operationId: 'getPortCall', method: 'GET', url: `/port-calls/${PC}` };

const PROBLEM_429 = JSON.stringify({
  type: 'https://psw.consortium.example/problems/rate-limited',
  title: 'Too many requests',
  status: 429,
});

/** One client's burst that met a 429 after 100 requests. */
export function clientBurst(change: Partial<ClientBurst> = {}): ClientBurst {
  return {
    placeId: 'client agentB',
    client: 'agentB',
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
      contentType: 'application/problem+json',
      body: PROBLEM_429,
      evidenceId: 'ev-429',
    },
    stoppedBy: 'throttled',
    durationMs: 120,
    ...change,
  };
}

/** The artifact of one burst (agentB), changed as given, plus `others` (other clients' bursts). */
export function burst(change: Partial<ClientBurst> = {}, others: ClientBurst[] = []): RateLimitBurst {
  const bursts = [clientBurst(change), ...others];
  return {
    places: bursts.map((b) => place(b.placeId, 'client')),
    bursts,
    notProbed: [],
    waitedMs: 1000,
  };
}
