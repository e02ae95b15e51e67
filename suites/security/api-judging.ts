// Judging helpers the API security checks share. The six auth checks judge one probe kind each of
// the AuthProbes artifact the same way: every protected operation must answer 401.
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, FindingLocation } from '../../engine/types.ts';
import type { AuthProbeKind, AuthProbeResult, AuthProbes } from './collectors/auth-probes.ts';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function opLocation(
  op: { operationId?: string; method?: string; url?: string },
  extra: FindingLocation = {},
): FindingLocation {
  return {
    ...(op.operationId !== undefined ? { operationId: op.operationId } : {}),
    ...(op.method !== undefined ? { method: op.method } : {}),
    ...(op.url !== undefined ? { url: op.url } : {}),
    ...extra,
  };
}

export function evidenceOf(...records: ({ evidenceId?: string } | undefined)[]): string[] {
  return records.flatMap((r) => (r?.evidenceId ? [r.evidenceId] : []));
}

/**
 * Message ids every auth check defines (data: operationId, method, url, status or error):
 * - `accepted`: the operation served the request (2xx/3xx);
 * - `notRejected`: another status than 401 (e.g. 500 on a token it cannot parse, 404, 400);
 * - `noAnswer`: no HTTP answer at all;
 * - `notProbed`: the operation is protected but no probe result exists for it.
 */
export type AuthMessageId = 'accepted' | 'notRejected' | 'noAnswer' | 'notProbed';

/** 429 is the rate limiter speaking, not the authenticator: such operations are left unjudged. */
const THROTTLED = 429;

/** One probe kind to judge, with the message ids its findings use (default: the AuthMessageId). */
export interface JudgedKind {
  kind: AuthProbeKind;
  ids?: Record<AuthMessageId, string>;
}

const DEFAULT_IDS: Record<AuthMessageId, string> = {
  accepted: 'accepted',
  notRejected: 'notRejected',
  noAnswer: 'noAnswer',
  notProbed: 'notProbed',
};

export function judgeAuthProbeKind<O>(probes: AuthProbes, kind: AuthProbeKind, ctx: CheckContext<O>): CheckProduct {
  return judgeAuthProbeKinds(probes, [{ kind }], ctx);
}

/** Every protected operation must answer 401 to each probe kind that could be made. */
export function judgeAuthProbeKinds<O>(
  probes: AuthProbes,
  kinds: readonly JudgedKind[],
  ctx: CheckContext<O>,
): CheckProduct {
  if (probes.operations.length === 0)
    return ctx.notApplicable('The document marks no operation as needing credentials.');
  const sent = kinds.filter((k) => probes.kinds[k.kind]?.sent);
  const unsent = kinds
    .filter((k) => !probes.kinds[k.kind]?.sent)
    .map((k) => probes.kinds[k.kind]?.reason ?? `the ${k.kind} probe was not made`);
  if (sent.length === 0) return ctx.notApplicable(capitalise(unsent.join('; ')) + '.');

  const findings: Finding[] = [];
  const throttled: string[] = [];
  const evidence: string[] = [];
  let rejected = 0;
  for (const { kind, ids = DEFAULT_IDS } of sent) {
    const byOp = new Map<string, AuthProbeResult>();
    for (const r of probes.results) if (r.kind === kind) byOp.set(`${r.method} ${r.operationId}`, r);
    for (const op of probes.operations) {
      const r = byOp.get(`${op.method} ${op.operationId}`);
      const data = { operationId: op.operationId, method: op.method, url: op.url };
      evidence.push(...evidenceOf(r));
      if (!r) findings.push(ctx.finding(ids.notProbed, data, opLocation(op)));
      else if (r.status === undefined)
        findings.push(
          ctx.finding(ids.noAnswer, { ...data, error: r.error ?? 'no response' }, opLocation(op), evidenceOf(r)),
        );
      else if (r.status === 401) rejected++;
      else if (r.status === THROTTLED) throttled.push(`${op.operationId} (${kind})`);
      else if (r.status < 400)
        findings.push(ctx.finding(ids.accepted, { ...data, status: r.status }, opLocation(op), evidenceOf(r)));
      else findings.push(ctx.finding(ids.notRejected, { ...data, status: r.status }, opLocation(op), evidenceOf(r)));
    }
  }
  const probesSent = sent.length * probes.operations.length;
  const metrics = { operations: probes.operations.length, probes: probesSent, rejected, throttled: throttled.length };
  const note = unsent.length > 0 ? ` Not probed: ${unsent.join('; ')}.` : '';
  if (findings.length > 0)
    return ctx.fail(
      findings,
      `${findings.length} of ${probesSent} probe(s) of protected operations were not answered 401.${note}`,
      metrics,
    );
  if (throttled.length > 0) {
    return ctx.needsReview(
      `${rejected} of ${probesSent} probe(s) answered 401; ${throttled.length} answered 429 and could not be judged: ${throttled.join(', ')}.${note}`,
    );
  }
  return ctx.pass(
    `All ${probes.operations.length} protected operation(s) answered 401 (${probesSent} probe(s)).${note}`,
    evidence,
    metrics,
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
