// AuthProbes: every operation the document protects, called with a valid path and body and a bad
// credential of each kind: none, not a JWT, a payload that is not JSON; a tampered payload, a foreign
// key; alg none (and its other spellings); HS256 keyed with the server's own public key (each encoding
// an attacker tries); a kid naming no key, a key embedded in the header, jku/x5u pointing elsewhere;
// validly signed tokens without exp, not yet valid, from another issuer (when the member's test
// deployment mints them); another audience; expired. The token is the only thing that differs from a
// request the server would serve.
//
// In a run of any other OpenAPI document (`run --openapi`), the operations probed are those whose every
// security alternative takes a bearer token (oauth2, openIdConnect, http bearer), on paths instantiated
// from the document's examples and schemas, with bodies from its schemas; no port call is made. Without
// credentials, only the probes that need no token are sent (none, and a bearer value that is not a
// JWT); every other kind is reported not made: needs credentials.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { NotProbedReason } from '../../../engine/types.ts';
import {
  ALG_NONE_SPELLINGS,
  ATTACKER_KEY_URLS,
  audiences,
  decodeJwtParts,
  embeddedJwk,
  hmacWithKey,
  isJwt,
  keyUrlHeader,
  MALFORMED_TOKEN,
  malformedPayload,
  publicKeyEncodings,
  resignWithForeignKey,
  tamperPayload,
  tokenLifetime,
  unknownKid,
  unsignedAlgNone,
  type KeyEncoding,
} from '../../../security/jwt/forge.ts';
import {
  probeTokenUrl,
  requestProbeToken,
  requestToken,
  type ProbeTokenClaim,
  type TokenGrant,
} from '../../../security/jwt/token-request.ts';
import { Pacer } from './pacing.ts';
import {
  bearerSecured,
  createPortCall,
  documentBody,
  documentPathValues,
  followsProfileV1,
  hasCredentials,
  isObject,
  NEEDS_CREDENTIALS,
  noPathValue,
  openApiOf,
  operationUrl,
  securitySchemeNames,
  validBody,
} from './requests.ts';

export const AUTH_PROBE_KINDS = [
  'missing',
  'malformed',
  'malformed-payload',
  'signature-tampered',
  'signature-foreign-key',
  'alg-none',
  'alg-none-case',
  'alg-confusion-spki-pem',
  'alg-confusion-pkcs1-pem',
  'alg-confusion-spki-der',
  'alg-confusion-jwk-json',
  'kid-unknown',
  'kid-embedded-jwk',
  'jku-injection',
  'x5u-injection',
  'claims-no-exp',
  'claims-future-nbf',
  'claims-wrong-issuer',
  'wrong-audience',
  'expired',
] as const;
export type AuthProbeKind = (typeof AUTH_PROBE_KINDS)[number];

/** The algorithm-confusion kind of each encoding of the server's public key. */
export const ALG_CONFUSION_KINDS: Readonly<Record<KeyEncoding, AuthProbeKind>> = {
  'spki-pem': 'alg-confusion-spki-pem',
  'pkcs1-pem': 'alg-confusion-pkcs1-pem',
  'spki-der': 'alg-confusion-spki-der',
  'jwk-json': 'alg-confusion-jwk-json',
};

/** The claim probe kind of each probe token the member's test deployment may mint. */
export const CLAIM_KINDS: Readonly<Record<ProbeTokenClaim, AuthProbeKind>> = {
  'no-exp': 'claims-no-exp',
  'future-nbf': 'claims-future-nbf',
  'wrong-issuer': 'claims-wrong-issuer',
};

export interface ProbedOperation {
  operationId: string;
  method: string;
  /** The concrete URL probed (relative to the API base, or absolute). */
  url: string;
}

export interface AuthProbeResult extends ProbedOperation {
  kind: AuthProbeKind;
  /** HTTP status; absent when the request failed at transport level (see error). */
  status?: number;
  /** The WWW-Authenticate header of the answer, when it had one. */
  challenge?: string;
  error?: string;
  evidenceId?: string;
}

export interface AuthProbeKindStatus {
  /** False when the probe could not be made against this target (reason says why). */
  sent: boolean;
  reason?: string;
  /** Why not, as the probe plan says it (not-exposed, not-applicable, budget, precondition-failed...). */
  why?: NotProbedReason;
  /** Evidence of how the probe token was obtained (token endpoint, JWKS, probe-token exchanges). */
  evidence?: string[];
}

/** A protected operation the probes did not address, and why. */
export interface UnprobedOperation {
  operationId: string;
  why: NotProbedReason;
  detail: string;
}

export interface AuthProbes {
  /** Every operation the document marks as needing a bearer token (that could be addressed). */
  operations: ProbedOperation[];
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>;
  results: AuthProbeResult[];
  /**
   * Protected operations left out: secured by another kind of scheme, or (another document) a path
   * parameter the document gives no value for. Absent in older artifacts.
   */
  notProbed?: UnprobedOperation[];
}

/** The probe kinds that need no access token: none at all, and a bearer value that is not a JWT. */
export const TOKENLESS_KINDS: readonly AuthProbeKind[] = ['missing', 'malformed'];

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    AuthProbes: AuthProbes;
  }
}

export interface AuthProbeOptions {
  /** Longest wait for a real token to expire (profile security.expiredTokenMaxWaitSeconds). */
  expiredTokenMaxWaitSeconds: number;
  /** RFC 8707 resource of another audience (profile security.wrongAudienceResource). */
  wrongAudienceResource: string;
}

export const DEFAULT_AUTH_PROBE_OPTIONS: AuthProbeOptions = {
  expiredTokenMaxWaitSeconds: 75,
  wrongAudienceResource: 'urn:psw:events',
};

/** Hard ceiling on the expiry wait whatever the profile says, so the collector's timeout holds. */
export const MAX_EXPIRY_WAIT_SECONDS = 300;
/** The clock leeway past `exp` a server may allow (profile v1: 5 s at most). */
export const EXPIRY_LEEWAY_SECONDS = 5;
/**
 * Past `exp`, when the expired token is judged: one second beyond the leeway, as a server comparing
 * whole seconds may accept a token for up to a second after `exp` + leeway.
 */
export const EXPIRY_MARGIN_SECONDS = 6;
/** Bound on the operations probed (the profile has 17). */
const MAX_OPERATIONS = 200;

export function authProbeOptions(security: Record<string, unknown> | undefined): AuthProbeOptions {
  const wait = security?.expiredTokenMaxWaitSeconds;
  const resource = security?.wrongAudienceResource;
  return {
    expiredTokenMaxWaitSeconds:
      typeof wait === 'number' && wait >= 0
        ? Math.min(wait, MAX_EXPIRY_WAIT_SECONDS)
        : DEFAULT_AUTH_PROBE_OPTIONS.expiredTokenMaxWaitSeconds,
    wrongAudienceResource:
      typeof resource === 'string' && resource ? resource : DEFAULT_AUTH_PROBE_OPTIONS.wrongAudienceResource,
  };
}

/** Destructive operations last, so an accepted probe changes state after the others were made. */
function probeOrder(op: OperationModel): number {
  if (op.method === 'GET') return 0;
  if (/cancel/i.test(op.operationId)) return 3;
  if (op.method === 'DELETE') return 4;
  return op.operationId === 'createPortCall' ? 1 : 2;
}

interface PreparedRequest {
  op: ProbedOperation;
  body: unknown;
  headers: Record<string, string>;
}

type Bearer = { token: string } | { unavailable: string; why?: NotProbedReason };

/** A token grant that stays usable: fetched again once half its life is gone. */
class FreshGrant {
  #grant?: TokenGrant;
  constructor(private readonly fetch: () => Promise<TokenGrant>) {}
  async get(): Promise<TokenGrant> {
    const g = this.#grant;
    const life = g?.accessToken ? tokenLifetime(g.accessToken, g.expiresIn)?.seconds : undefined;
    if (!g || (life !== undefined && Date.now() - g.receivedAt > (life * 1000) / 2)) this.#grant = await this.fetch();
    return this.#grant!;
  }
}

export const authProbesCollector = defineCollector({
  name: 'AuthProbes',
  description:
    'Every protected operation called without a token and with malformed, forged, unsigned, algorithm-confused, key-injecting, claim-breaking, expired and wrong-audience tokens',
  dependsOn: ['OpenApi'],
  // Its token's life starts with the run: the expiry wait is the run's longest, the rest goes on beside it.
  waitsOnTargetClock: true,
  // Probing plus at most MAX_EXPIRY_WAIT_SECONDS of waiting for a token to expire.
  timeoutMs: (MAX_EXPIRY_WAIT_SECONDS + 180) * 1000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<AuthProbes> {
    const model = await openApiOf(ctx, deps);
    const options = authProbeOptions(ctx.profile.security);
    const v1 = followsProfileV1(ctx);
    const notProbed: UnprobedOperation[] = [];
    const secured = model.operations.filter((op) => op.security).sort((a, b) => probeOrder(a) - probeOrder(b));
    // The probes send bearer tokens: an operation secured otherwise (API key, basic, mutual TLS) is
    // not theirs to judge.
    const protectedOps = secured.filter((op) => {
      if (bearerSecured(model, op)) return true;
      notProbed.push({
        operationId: op.operationId,
        why: 'not-applicable',
        detail: `secured by ${securitySchemeNames(op).join(', ') || 'a scheme'} without a bearer-token alternative: the bearer token probes do not apply`,
      });
      return false;
    });
    if (protectedOps.length > MAX_OPERATIONS)
      throw new Error(`the document protects ${protectedOps.length} operations; at most ${MAX_OPERATIONS} are probed`);
    const kinds = Object.fromEntries(AUTH_PROBE_KINDS.map((k) => [k, { sent: false }])) as Record<
      AuthProbeKind,
      AuthProbeKindStatus
    >;
    const withNotProbed = (a: AuthProbes): AuthProbes => (notProbed.length > 0 ? { ...a, notProbed } : a);
    if (protectedOps.length === 0) return withNotProbed({ operations: [], kinds, results: [] });
    // Profile v1's runs always have their clients; another document's only when a token endpoint and
    // credentials are configured.
    const tokens = v1 || hasCredentials(ctx);

    // The token that will expire: fetched first, so its life runs while the other probes are sent.
    const expiring = tokens
      ? await requestToken(ctx.http, ctx.target, 'agentA', { label: 'auth probe: token left to expire' })
      : undefined;
    ctx.targetClockStarted?.();

    const prepared: PreparedRequest[] = v1
      ? await ownRequests(ctx, model, protectedOps)
      : documentRequests(ctx, model, protectedOps, notProbed);
    if (prepared.length === 0) return withNotProbed({ operations: [], kinds, results: [] });

    const results: AuthProbeResult[] = [];
    // Hundreds of requests without a valid token share the per-address quota with the run's other
    // clients (the portal's browser among them): use at most half of each window.
    const pacer = new Pacer(ctx);
    const send: Send = async (kind, bearer) => {
      for (const [index, p] of prepared.entries()) {
        if (ctx.signal.aborted) throw new Error('auth probes interrupted');
        const headers = { ...p.headers };
        if (bearer) {
          const b = await bearer(index);
          if ('unavailable' in b) {
            kinds[kind] = { ...kinds[kind], sent: false, reason: b.unavailable, why: b.why ?? 'not-applicable' };
            // What was sent for this kind is not judged: the probe is all operations or none.
            for (let i = results.length - 1; i >= 0; i--) if (results[i]!.kind === kind) results.splice(i, 1);
            return;
          }
          headers.authorization = `Bearer ${b.token}`;
        }
        try {
          const ex = await ctx.http.request({
            method: p.op.method,
            url: p.op.url,
            headers,
            body: p.body,
            label: `auth probe (${kind}): ${p.op.operationId}`,
          });
          await pacer.after(ex);
          const challenge = ex.headers['www-authenticate'];
          results.push({
            ...p.op,
            kind,
            status: ex.status,
            ...(challenge !== undefined ? { challenge } : {}),
            ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
          });
        } catch (err) {
          results.push({ ...p.op, kind, error: errorMessage(err) });
        }
      }
      kinds[kind] = { ...kinds[kind], sent: true };
    };

    // Forged from the run's real token for agentA, renewed at half its life so no forgery is refused
    // merely for having expired (its age counted from `iat`: the provider may hand out a cached one).
    const base = new FreshGrant(async () => {
      const token = await ctx.auth.token('agentA');
      const iat = isJwt(token) ? decodeJwtParts(token).payload.iat : undefined;
      return {
        status: 200,
        accessToken: token,
        receivedAt: typeof iat === 'number' ? Math.min(iat * 1000, Date.now()) : Date.now(),
      };
    });
    const forged =
      (forge: (token: string, index: number) => string | Promise<string>) =>
      async (index: number): Promise<Bearer> => {
        const real = (await base.get()).accessToken!;
        if (!isJwt(real)) return { unavailable: 'the access tokens are not JWTs, so no forged variant can be built' };
        return { token: await forge(real, index) };
      };

    await send('missing', null);
    await send('malformed', async () => ({ token: MALFORMED_TOKEN }));
    if (!tokens || !expiring) {
      // Every other kind starts from a token of the API's own: none can be made.
      for (const k of AUTH_PROBE_KINDS)
        if (!TOKENLESS_KINDS.includes(k))
          kinds[k] = { sent: false, reason: NEEDS_CREDENTIALS, why: 'precondition-failed' };
      return withNotProbed({ operations: prepared.map((p) => p.op), kinds, results });
    }
    await send('malformed-payload', forged(malformedPayload));
    await send('signature-tampered', forged(tamperPayload));
    await send('signature-foreign-key', forged(resignWithForeignKey));
    await send(
      'alg-none',
      forged((t) => unsignedAlgNone(t)),
    );
    // Each operation gets the next spelling: every spelling is tried, no request is added.
    await send(
      'alg-none-case',
      forged((t, i) => unsignedAlgNone(t, ALG_NONE_SPELLINGS[i % ALG_NONE_SPELLINGS.length])),
    );
    await sendAlgorithmConfusion(ctx, kinds, send, forged, async () => (await base.get()).accessToken!);
    await send('kid-unknown', forged(unknownKid));
    await send('kid-embedded-jwk', forged(embeddedJwk));
    await send(
      'jku-injection',
      forged((t) => keyUrlHeader(t, 'jku', ATTACKER_KEY_URLS.jku)),
    );
    await send(
      'x5u-injection',
      forged((t) => keyUrlHeader(t, 'x5u', ATTACKER_KEY_URLS.x5u)),
    );
    await sendClaimProbes(ctx, kinds, send, async () => (await base.get()).accessToken!);
    await sendWrongAudience(ctx, options, kinds, send);
    // One operation, a GET when there is one: the expired token's first try, at exp + leeway.
    const first = prepared.find((p) => p.op.method === 'GET') ?? prepared[0]!;
    const tryFirst = async (token: string): Promise<number | undefined> => {
      try {
        const ex = await ctx.http.request({
          method: first.op.method,
          url: first.op.url,
          headers: { ...first.headers, authorization: `Bearer ${token}` },
          body: first.body,
          label: `auth probe (expired, at exp + ${EXPIRY_LEEWAY_SECONDS} s): ${first.op.operationId}`,
        });
        return ex.status;
      } catch {
        return undefined;
      }
    };
    await sendExpired(ctx, options, expiring, kinds, send, tryFirst);

    return withNotProbed({ operations: prepared.map((p) => p.op), kinds, results });
  },
});

/** Profile v1: every protected operation on a port call of agentA's own with a formality, so every path names something that exists. */
async function ownRequests(
  ctx: CollectContext,
  model: OpenApiModel,
  protectedOps: readonly OperationModel[],
): Promise<PreparedRequest[]> {
  const own = await createPortCall(ctx, 'agentA', 'auth probe: setup port call');
  const prepared: PreparedRequest[] = protectedOps.map((op) => {
    const url = operationUrl(model, op, ctx.target.apiBaseUrl, {
      portCallId: own.portCallId,
      formalityType: 'general-declaration',
    });
    const body = validBody(op, own.input);
    const headers: Record<string, string> = {};
    if (op.method === 'PUT' && own.etag) headers['if-match'] = own.etag;
    return { op: { operationId: op.operationId, method: op.method, url }, body, headers };
  });
  const fal1 = prepared.find((p) => p.op.operationId === 'submitGeneralDeclaration');
  if (fal1)
    await ctx.http.request({
      method: 'POST',
      url: fal1.op.url,
      as: 'agentA',
      body: fal1.body,
      label: 'auth probe: setup formality',
    });
  return prepared;
}

/**
 * Any other document: each protected operation on its path instantiated from the document's values,
 * with a body from its schema; an operation whose path the document gives no value for is left out.
 */
function documentRequests(
  ctx: CollectContext,
  model: OpenApiModel,
  protectedOps: readonly OperationModel[],
  notProbed: UnprobedOperation[],
): PreparedRequest[] {
  return protectedOps.flatMap((op) => {
    const { values, missing } = documentPathValues(op);
    if (missing.length > 0) {
      notProbed.push({ operationId: op.operationId, why: 'precondition-failed', detail: noPathValue(missing) });
      return [];
    }
    const url = operationUrl(model, op, ctx.target.apiBaseUrl, values);
    return [{ op: { operationId: op.operationId, method: op.method, url }, body: documentBody(op), headers: {} }];
  });
}

type Send = (kind: AuthProbeKind, bearer: ((index: number) => Promise<Bearer>) | null) => Promise<void>;
type Forged = (forge: (token: string, index: number) => string | Promise<string>) => (index: number) => Promise<Bearer>;

/**
 * HS256 tokens MACed with the server's own public key, as published in its JWKS, in each encoding an
 * attacker tries (RFC 8725 §2.1). The key used is the one the real token names by kid.
 */
async function sendAlgorithmConfusion(
  ctx: CollectContext,
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>,
  send: Send,
  forged: Forged,
  realToken: () => Promise<string>,
) {
  const all = Object.values(ALG_CONFUSION_KINDS);
  const decline = (reason: string, why: NotProbedReason, evidence: string[] = []) => {
    for (const k of all) kinds[k] = { sent: false, reason, why, evidence };
  };
  if (!ctx.target.jwksUrl)
    return decline('no JWKS URL is known for this API (a member config names one: jwks)', 'not-exposed');
  let ex;
  try {
    ex = await ctx.http.request({ method: 'GET', url: ctx.target.jwksUrl, label: 'auth probe: the published keys' });
  } catch (err) {
    return decline(`the JWKS (${ctx.target.jwksUrl}) could not be read: ${errorMessage(err)}`, 'precondition-failed');
  }
  const evidence = ex.evidenceId ? [ex.evidenceId] : [];
  const keys = isObject(ex.json) && Array.isArray(ex.json.keys) ? ex.json.keys.filter(isObject) : [];
  if (ex.status !== 200 || keys.length === 0)
    return decline(
      `the JWKS (${ctx.target.jwksUrl}) answered ${ex.status} without keys`,
      'precondition-failed',
      evidence,
    );
  const real = await realToken();
  const kid = isJwt(real) ? decodeJwtParts(real).header.kid : undefined;
  const key = keys.find((k) => k.kid === kid) ?? keys.find((k) => k.kty === 'RSA') ?? keys[0]!;
  let encodings: ReturnType<typeof publicKeyEncodings>;
  try {
    encodings = publicKeyEncodings(key);
  } catch (err) {
    return decline(errorMessage(err), 'not-applicable', evidence);
  }
  for (const [encoding, kind] of Object.entries(ALG_CONFUSION_KINDS) as [KeyEncoding, AuthProbeKind][]) {
    const secret = encodings[encoding];
    if (!secret) {
      kinds[kind] = {
        sent: false,
        reason: `the signing key (${String(key.kty)}) has no ${encoding} encoding`,
        why: 'not-applicable',
        evidence,
      };
      continue;
    }
    await send(
      kind,
      forged((t) => hmacWithKey(t, secret)),
    );
    kinds[kind] = { ...kinds[kind], evidence };
  }
}

/**
 * Tokens signed with the member's own key with one claim a verifier must refuse, minted by the
 * optional probe-token endpoint of its test deployment; without one, these probes are not exposed.
 * A minted token is checked to differ from a good one in exactly that claim before it is sent.
 */
async function sendClaimProbes(
  ctx: CollectContext,
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>,
  send: Send,
  realToken: () => Promise<string>,
) {
  const url = probeTokenUrl(ctx.target.tokenUrl);
  for (const [claim, kind] of Object.entries(CLAIM_KINDS) as [ProbeTokenClaim, AuthProbeKind][]) {
    const evidence: string[] = [];
    const mint = async (): Promise<Bearer> => {
      const g = await requestProbeToken(ctx.http, ctx.target, 'agentA', claim, {
        label: `auth probe: probe token (${claim})`,
      });
      if (g.evidenceId) evidence.push(g.evidenceId);
      if ([404, 405, 501].includes(g.status))
        return {
          unavailable: `the member offers no probe-token endpoint (${url} answered ${g.status}): tokens signed with its key cannot be made`,
          why: 'not-exposed',
        };
      if (!g.accessToken)
        return {
          unavailable: `the probe-token endpoint refused "${claim}" (${g.status}${g.error ? ` ${g.error}` : ''})`,
          why: 'precondition-failed',
        };
      const wrong = claimProblem(claim, g.accessToken, await realToken());
      return wrong
        ? { unavailable: `the probe token for "${claim}" ${wrong}`, why: 'precondition-failed' }
        : { token: g.accessToken };
    };
    let minted: Bearer | undefined;
    await send(kind, async () => {
      // A token valid only from nbf must still be in its future when it arrives: minted again when close.
      if (!minted || (claim === 'future-nbf' && 'token' in minted && notBeforeLeft(minted.token) < NBF_MARGIN_SECONDS))
        minted = await mint();
      return minted;
    });
    kinds[kind] = { ...kinds[kind], evidence };
  }
}

/** Seconds a token's nbf is still ahead; the server may allow 5 s of leeway, we keep 5 more. */
const NBF_MARGIN_SECONDS = 10;

function notBeforeLeft(token: string): number {
  const nbf = isJwt(token) ? decodeJwtParts(token).payload.nbf : undefined;
  return typeof nbf === 'number' ? nbf - Date.now() / 1000 : -Infinity;
}

/** Why a minted probe token is not what it claims to be (undefined when it is). */
export function claimProblem(claim: ProbeTokenClaim, token: string, real: string): string | undefined {
  if (!isJwt(token)) return 'is not a JWT';
  const { payload } = decodeJwtParts(token);
  const realPayload = isJwt(real) ? decodeJwtParts(real).payload : {};
  switch (claim) {
    case 'no-exp':
      return payload.exp === undefined ? undefined : 'still carries exp';
    case 'future-nbf':
      return notBeforeLeft(token) >= NBF_MARGIN_SECONDS ? undefined : 'is not valid only from a time ahead';
    case 'wrong-issuer':
      return typeof payload.iss === 'string' && payload.iss !== realPayload.iss
        ? undefined
        : 'carries the issuer of ordinary tokens';
  }
}

/** A validly signed token for another resource (RFC 8707); refused or ignored → not probed. */
async function sendWrongAudience(
  ctx: CollectContext,
  options: AuthProbeOptions,
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>,
  send: Send,
) {
  const resource = options.wrongAudienceResource;
  const evidence: string[] = [];
  const grant = new FreshGrant(async () => {
    const g = await requestToken(ctx.http, ctx.target, 'agentA', {
      resource,
      label: `auth probe: token for resource ${resource}`,
    });
    if (g.evidenceId) evidence.push(g.evidenceId);
    return g;
  });
  const first = await grant.get();
  if (!first.accessToken) {
    kinds['wrong-audience'] = {
      sent: false,
      reason: `the token endpoint refused resource=${resource} (${first.status}${first.error ? ` ${first.error}` : ''}), so no token for another audience could be obtained`,
      why: 'not-exposed',
      evidence,
    };
    return;
  }
  const normal = audiences(await ctx.auth.token('agentA'));
  const other = audiences(first.accessToken);
  if (normal.length > 0 && other.length > 0 && other.some((a) => normal.includes(a))) {
    kinds['wrong-audience'] = {
      sent: false,
      reason: `the token endpoint ignored resource=${resource}: the token's aud (${other.join(', ')}) is the API's own`,
      why: 'not-exposed',
      evidence,
    };
    return;
  }
  await send('wrong-audience', async () => {
    const g = await grant.get();
    return g.accessToken
      ? { token: g.accessToken }
      : { unavailable: `the token endpoint stopped issuing tokens for ${resource} (${g.status})` };
  });
  kinds['wrong-audience'] = { ...kinds['wrong-audience'], evidence };
}

/** A real token past its `exp` (+5 s, or +6 s when a server still accepts it at +5 s), when its life fits the wait budget. */
async function sendExpired(
  ctx: CollectContext,
  options: AuthProbeOptions,
  grant: TokenGrant,
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>,
  send: Send,
  tryFirst: (token: string) => Promise<number | undefined>,
) {
  const evidence = grant.evidenceId ? [grant.evidenceId] : [];
  const token = grant.accessToken;
  if (!token) {
    kinds.expired = {
      sent: false,
      reason: `the token endpoint answered ${grant.status} for agentA`,
      why: 'precondition-failed',
      evidence,
    };
    return;
  }
  const life = tokenLifetime(token, grant.expiresIn);
  if (!life) {
    kinds.expired = {
      sent: false,
      reason: 'the token states no lifetime (no exp claim, no expires_in)',
      why: 'not-applicable',
      evidence,
    };
    return;
  }
  const budget = options.expiredTokenMaxWaitSeconds;
  const waitSeconds = life.seconds + EXPIRY_MARGIN_SECONDS;
  if (waitSeconds > budget) {
    kinds.expired = {
      sent: false,
      reason: `tokens live ${life.seconds} s: waiting until exp + ${EXPIRY_MARGIN_SECONDS} s exceeds the budget of ${budget} s (security.expiredTokenMaxWaitSeconds)`,
      why: 'budget',
      evidence,
    };
    return;
  }
  // Measured from when the token arrived (not from our clock against exp): immune to clock skew. At
  // exp + leeway one operation is tried first: refused, the token is expired by any count and every
  // operation gets it at once; accepted, the server may compare whole seconds, so the judged probe
  // waits for the margin's last second.
  await ctx.waitOnTargetClock(
    grant.receivedAt + (life.seconds + EXPIRY_LEEWAY_SECONDS) * 1000,
    `the token fetched first expires (+${EXPIRY_LEEWAY_SECONDS} s)`,
  );
  if ((await tryFirst(token)) !== 401)
    await ctx.waitOnTargetClock(
      grant.receivedAt + waitSeconds * 1000,
      `the token fetched first expires (+${EXPIRY_MARGIN_SECONDS} s)`,
    );
  await send('expired', async () => ({ token }));
  kinds.expired = { ...kinds.expired, evidence };
}
