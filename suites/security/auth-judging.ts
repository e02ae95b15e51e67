// How the auth checks judge the AuthProbes artifact. Each check is one step of token verification
// (presence, parsing, signature, algorithm, key selection, claims, audience, expiry) and owns the probe
// kinds that attack that step; every protected operation (the probe plan's `operation: secured`
// places) must answer each of them 401. A check reports, per requirement it cites, the operations that
// got all of its probes and those that did not (with why).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, PlacesReport, ProbePlan } from '../../engine/types.ts';
import { evidenceOf, opLocation } from './api-judging.ts';
import type { AuthProbeKind, AuthProbeResult, AuthProbes } from './collectors/auth-probes.ts';
import { placesReport } from '../places.ts';
import { missedPlaces, whyNot } from './collectors/plan-places.ts';

/**
 * Message ids every auth check defines (data: operationId, method, url, probe, status or error):
 * - `accepted`: the operation served the request (2xx/3xx);
 * - `notRejected`: another status than 401 (e.g. 500 on a token it cannot parse, 404, 400);
 * - `noAnswer`: no HTTP answer at all;
 * - `notProbed`: the operation is protected but no probe result exists for it;
 * - `noChallenge` (checks with `challenge: true`): a 401 without a `WWW-Authenticate: Bearer` challenge.
 */
export type AuthMessageId = 'accepted' | 'notRejected' | 'noAnswer' | 'notProbed' | 'noChallenge';

/** 429 is the rate limiter speaking, not the authenticator: such operations are left unjudged. */
const THROTTLED = 429;

/** One probe kind to judge, with the message ids its findings use (default: the AuthMessageId). */
export interface JudgedKind {
  kind: AuthProbeKind;
  /** What the probe sends, in words (finding data `probe`); default the kind. */
  label?: string;
  ids?: Partial<Record<AuthMessageId, string>>;
}

export interface AuthJudging {
  /** The requirements the check cites: places are reported for each. */
  requirements: readonly string[];
  plan?: ProbePlan;
  /** Judge the RFC 6750 challenge of each 401 too (PSW-SEC-AUTH-001). */
  challenge?: boolean;
}

const DEFAULT_IDS: Record<AuthMessageId, string> = {
  accepted: 'accepted',
  notRejected: 'notRejected',
  noAnswer: 'noAnswer',
  notProbed: 'notProbed',
  noChallenge: 'noChallenge',
};

/** RFC 6750 §3: a 401 to a bearer-protected resource carries `WWW-Authenticate: Bearer ...`. */
export function isBearerChallenge(value: string | undefined): boolean {
  return value !== undefined && /(^|,)\s*Bearer(\s|,|$)/i.test(value);
}

/** The places of each requirement: an operation is probed when every sent kind reached it. */
function authPlaces(
  probes: AuthProbes,
  kinds: readonly JudgedKind[],
  judging: AuthJudging,
): Record<string, PlacesReport> {
  const sent = kinds.filter((k) => probes.kinds[k.kind]?.sent);
  const unsent = kinds.filter((k) => !probes.kinds[k.kind]?.sent);
  const got = new Set(probes.results.map((r) => `${r.kind}\u0000${r.operationId}`));
  const probedOps = new Set(
    probes.operations
      .filter((op) => sent.length > 0 && sent.every((k) => got.has(`${k.kind}\u0000${op.operationId}`)))
      .map((op) => op.operationId),
  );
  const known = new Set(probes.operations.map((op) => op.operationId));
  const leftOut = new Map((probes.notProbed ?? []).map((n) => [n.operationId, n]));
  const out: Record<string, PlacesReport> = {};
  for (const r of judging.requirements) {
    out[r] = placesReport(
      judging.plan,
      r,
      (p) => unsent.length === 0 && p.operationId !== undefined && probedOps.has(p.operationId),
      (p) => {
        const left = p.operationId !== undefined ? leftOut.get(p.operationId) : undefined;
        if (left) return { why: left.why, detail: left.detail };
        if (unsent.length > 0) {
          const first = probes.kinds[unsent[0]!.kind];
          return {
            why: first?.why ?? 'not-applicable',
            detail: unsent.map((k) => `${k.kind}: ${probes.kinds[k.kind]?.reason ?? 'not made'}`).join('; '),
          };
        }
        if (p.operationId && !known.has(p.operationId))
          return { why: 'not-reached', detail: 'not among the operations the probes addressed' };
        return { why: 'not-reached', detail: 'some probes got no result' };
      },
    );
  }
  return out;
}

export function judgeAuthProbeKind<O>(
  probes: AuthProbes,
  kind: AuthProbeKind,
  ctx: CheckContext<O>,
  judging: AuthJudging,
): CheckProduct {
  return judgeAuthProbeKinds(probes, [{ kind }], ctx, judging);
}

/** Every protected operation must answer 401 to each probe kind that could be made. */
export function judgeAuthProbeKinds<O>(
  probes: AuthProbes,
  kinds: readonly JudgedKind[],
  ctx: CheckContext<O>,
  judging: AuthJudging,
): CheckProduct {
  const places = authPlaces(probes, kinds, judging);
  const leftOut = (probes.notProbed ?? []).map((n) => ({ id: n.operationId, why: n.why, detail: n.detail }));
  if (probes.operations.length === 0 && missedPlaces(leftOut).length > 0)
    return {
      ...ctx.needsReview(`No protected operation could be probed: ${whyNot(missedPlaces(leftOut))}.`),
      places,
    };
  if (probes.operations.length === 0 && leftOut.length > 0)
    return {
      ...ctx.notApplicable(`No operation of the document needs a bearer token: ${whyNot(leftOut)}.`),
      places,
    };
  if (probes.operations.length === 0)
    return { ...ctx.notApplicable('The document marks no operation as needing credentials.'), places };
  const sent = kinds.filter((k) => probes.kinds[k.kind]?.sent);
  const unsent = kinds
    .filter((k) => !probes.kinds[k.kind]?.sent)
    .map((k) => probes.kinds[k.kind]?.reason ?? `the ${k.kind} probe was not made`);
  if (sent.length === 0) return { ...ctx.notApplicable(capitalise([...new Set(unsent)].join('; ')) + '.'), places };

  const findings: Finding[] = [];
  const throttled: string[] = [];
  const evidence: string[] = [];
  let rejected = 0;
  for (const { kind, label, ids: given } of sent) {
    const ids = { ...DEFAULT_IDS, ...given };
    const byOp = new Map<string, AuthProbeResult>();
    for (const r of probes.results) if (r.kind === kind) byOp.set(`${r.method} ${r.operationId}`, r);
    for (const op of probes.operations) {
      const r = byOp.get(`${op.method} ${op.operationId}`);
      const data = { operationId: op.operationId, method: op.method, url: op.url, probe: label ?? kind };
      evidence.push(...evidenceOf(r));
      if (!r) findings.push(ctx.finding(ids.notProbed, data, opLocation(op)));
      else if (r.status === undefined)
        findings.push(
          ctx.finding(ids.noAnswer, { ...data, error: r.error ?? 'no response' }, opLocation(op), evidenceOf(r)),
        );
      else if (r.status === 401) {
        rejected++;
        if (judging.challenge && !isBearerChallenge(r.challenge))
          findings.push(
            ctx.finding(
              ids.noChallenge,
              { ...data, challenge: r.challenge ?? null },
              opLocation(op, { header: 'www-authenticate' }),
              evidenceOf(r),
            ),
          );
      } else if (r.status === THROTTLED) throttled.push(`${op.operationId} (${kind})`);
      else if (r.status < 400)
        findings.push(ctx.finding(ids.accepted, { ...data, status: r.status }, opLocation(op), evidenceOf(r)));
      else findings.push(ctx.finding(ids.notRejected, { ...data, status: r.status }, opLocation(op), evidenceOf(r)));
    }
  }
  const probesSent = sent.length * probes.operations.length;
  const metrics = { operations: probes.operations.length, probes: probesSent, rejected, throttled: throttled.length };
  const note =
    (unsent.length > 0 ? ` Not probed: ${[...new Set(unsent)].join('; ')}.` : '') +
    (leftOut.length > 0 ? ` ${leftOut.length} protected operation(s) left out: ${whyNot(leftOut)}.` : '');
  if (findings.length > 0)
    return {
      ...ctx.fail(
        findings,
        `${findings.length} of ${probesSent} probe(s) of protected operations were not answered as they must be (401${judging.challenge ? ' with a Bearer challenge' : ''}).${note}`,
        metrics,
      ),
      places,
    };
  if (throttled.length > 0) {
    return {
      ...ctx.needsReview(
        `${rejected} of ${probesSent} probe(s) answered 401; ${throttled.length} answered 429 and could not be judged: ${throttled.join(', ')}.${note}`,
      ),
      places,
    };
  }
  return {
    ...ctx.pass(
      `All ${probes.operations.length} protected operation(s) answered 401 (${probesSent} probe(s)).${note}`,
      evidence,
      metrics,
    ),
    places,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The messages of an auth check whose findings name the probe in words (data `probe`). */
export function authMessages(opts: { challenge?: boolean } = {}): Record<string, string> {
  return {
    accepted: '{{operationId}} ({{method}} {{url}}) served a request carrying {{probe}} with {{status}}.',
    notRejected: '{{operationId}} ({{method}} {{url}}) answered {{status}} instead of 401 to {{probe}}.',
    noAnswer: '{{operationId}} ({{method}} {{url}}) gave no HTTP answer to {{probe}}: {{error}}.',
    notProbed: '{{operationId}} ({{method}} {{url}}) was not probed with {{probe}}.',
    ...(opts.challenge
      ? {
          noChallenge:
            '{{operationId}} ({{method}} {{url}}) refused {{probe}} with 401 but without a WWW-Authenticate Bearer challenge (got {{challenge}}).',
        }
      : {}),
  };
}
