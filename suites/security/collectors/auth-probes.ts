// AuthProbes: every operation the document protects, called with a valid path and body and a bad
// credential of each kind (none, not a JWT, tampered payload, foreign key, alg none, expired, wrong
// audience). The token is the only thing that differs from a request the server would serve.
import type { OperationModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import {
  audiences,
  decodeJwtParts,
  isJwt,
  MALFORMED_TOKEN,
  resignWithForeignKey,
  tamperPayload,
  tokenLifetime,
  unsignedAlgNone,
} from '../../../security/jwt/forge.ts';
import { requestToken, type TokenGrant } from '../../../security/jwt/token-request.ts';
import { createPortCall, openApiOf, operationUrl, sleep, validBody } from './requests.ts';

export const AUTH_PROBE_KINDS = [
  'missing',
  'malformed',
  'signature-tampered',
  'signature-foreign-key',
  'alg-none',
  'wrong-audience',
  'expired',
] as const;
export type AuthProbeKind = (typeof AUTH_PROBE_KINDS)[number];

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
  error?: string;
  evidenceId?: string;
}

export interface AuthProbeKindStatus {
  /** False when the probe could not be made against this target (reason says why). */
  sent: boolean;
  reason?: string;
  /** Evidence of how the probe token was obtained (token endpoint exchanges). */
  evidence?: string[];
}

export interface AuthProbes {
  /** Every operation the document marks as needing credentials. */
  operations: ProbedOperation[];
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>;
  results: AuthProbeResult[];
}

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
/** Servers may allow 5 s of clock leeway; we wait one second more than that past `exp`. */
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

type Bearer = { token: string } | { unavailable: string };

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
    'Every protected operation called without a token and with malformed, forged, unsigned, expired and wrong-audience tokens',
  dependsOn: ['OpenApi'],
  // Probing plus at most MAX_EXPIRY_WAIT_SECONDS of waiting for a token to expire.
  timeoutMs: (MAX_EXPIRY_WAIT_SECONDS + 180) * 1000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<AuthProbes> {
    const model = await openApiOf(ctx, deps);
    const options = authProbeOptions(ctx.profile.security);
    const protectedOps = model.operations.filter((op) => op.security).sort((a, b) => probeOrder(a) - probeOrder(b));
    if (protectedOps.length > MAX_OPERATIONS)
      throw new Error(`the document protects ${protectedOps.length} operations; at most ${MAX_OPERATIONS} are probed`);
    const kinds = Object.fromEntries(AUTH_PROBE_KINDS.map((k) => [k, { sent: false }])) as Record<
      AuthProbeKind,
      AuthProbeKindStatus
    >;
    if (protectedOps.length === 0) return { operations: [], kinds, results: [] };

    // The token that will expire: fetched first, so its life runs while the other probes are sent.
    const expiring = await requestToken(ctx.http, ctx.target, 'agentA', { label: 'auth probe: token left to expire' });

    // A port call of agentA's own with a formality, so every path names something that exists.
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

    const results: AuthProbeResult[] = [];
    const send = async (kind: AuthProbeKind, bearer: (() => Promise<Bearer>) | null): Promise<void> => {
      for (const p of prepared) {
        if (ctx.signal.aborted) throw new Error('auth probes interrupted');
        const headers = { ...p.headers };
        if (bearer) {
          const b = await bearer();
          if ('unavailable' in b) {
            kinds[kind] = { ...kinds[kind], sent: false, reason: b.unavailable };
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
          results.push({ ...p.op, kind, status: ex.status, ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}) });
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
    const forged = (forge: (token: string) => string | Promise<string>) => async (): Promise<Bearer> => {
      const real = (await base.get()).accessToken!;
      if (!isJwt(real)) return { unavailable: 'the access tokens are not JWTs, so no forged variant can be built' };
      return { token: await forge(real) };
    };

    await send('missing', null);
    await send('malformed', async () => ({ token: MALFORMED_TOKEN }));
    await send('signature-tampered', forged(tamperPayload));
    await send('signature-foreign-key', forged(resignWithForeignKey));
    await send('alg-none', forged(unsignedAlgNone));
    await sendWrongAudience(ctx, options, kinds, send);
    await sendExpired(ctx, options, expiring, kinds, send);

    return { operations: prepared.map((p) => p.op), kinds, results };
  },
});

type Send = (kind: AuthProbeKind, bearer: (() => Promise<Bearer>) | null) => Promise<void>;

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

/** A real token past its `exp` (+6 s), when its life fits the wait budget. */
async function sendExpired(
  ctx: CollectContext,
  options: AuthProbeOptions,
  grant: TokenGrant,
  kinds: Record<AuthProbeKind, AuthProbeKindStatus>,
  send: Send,
) {
  const evidence = grant.evidenceId ? [grant.evidenceId] : [];
  const token = grant.accessToken;
  if (!token) {
    kinds.expired = { sent: false, reason: `the token endpoint answered ${grant.status} for agentA`, evidence };
    return;
  }
  const life = tokenLifetime(token, grant.expiresIn);
  if (!life) {
    kinds.expired = { sent: false, reason: 'the token states no lifetime (no exp claim, no expires_in)', evidence };
    return;
  }
  const budget = options.expiredTokenMaxWaitSeconds;
  const waitSeconds = life.seconds + EXPIRY_MARGIN_SECONDS;
  if (waitSeconds > budget) {
    kinds.expired = {
      sent: false,
      reason: `tokens live ${life.seconds} s: waiting until exp + ${EXPIRY_MARGIN_SECONDS} s exceeds the budget of ${budget} s (security.expiredTokenMaxWaitSeconds)`,
      evidence,
    };
    return;
  }
  // Measured from when the token arrived (not from our clock against exp): immune to clock skew.
  await sleep(grant.receivedAt + waitSeconds * 1000 - Date.now(), ctx.signal);
  await send('expired', async () => ({ token }));
  kinds.expired = { ...kinds.expired, evidence };
}
