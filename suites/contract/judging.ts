// Judging helpers the contract checks share: reading problem/receipt bodies, finding locations, and
// the verdict on a field probe (a message broken at one field must get a 4xx pointing at it).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, FindingLocation } from '../../engine/types.ts';
import type { ProbeRecord, StepRecord } from './records.ts';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `errors[]` of a problem or receipt body (entries that are not objects are dropped). */
export function errorsOf(body: unknown): Record<string, unknown>[] {
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isObject);
}

/** RFC 6901: empty, or `/`-prefixed tokens in which `~` only starts `~0` or `~1`. */
export function isJsonPointer(s: unknown): s is string {
  return typeof s === 'string' && /^(\/([^~/]|~[01])*)*$/.test(s);
}

const is2xx = (status: number) => status >= 200 && status < 300;

/** Where a finding about one exchange points; undefined fields left out. */
export function locationOf(
  ex: { operationId?: string; method?: string; url?: string },
  extra: FindingLocation = {},
): FindingLocation {
  const out: FindingLocation = {};
  if (ex.operationId !== undefined) out.operationId = ex.operationId;
  if (ex.method !== undefined) out.method = ex.method;
  if (ex.url !== undefined) out.url = ex.url;
  return { ...out, ...extra };
}

export function evidenceOf(...records: ({ evidenceId?: string } | undefined)[]): string[] {
  return records.flatMap((r) => (r?.evidenceId ? [r.evidenceId] : []));
}

export type FieldProbeVerdict = 'pass' | 'accepted' | 'server-error' | 'no-pointer';

/**
 * A probe passes when the target refused it with a 4xx whose `errors[]` has an entry pointing at the
 * broken field; a 2xx means the rule is not enforced, a 5xx that bad input crashes the target.
 */
export function judgeFieldProbe(probe: Pick<ProbeRecord, 'status' | 'body' | 'pointer'>): FieldProbeVerdict {
  if (is2xx(probe.status)) return 'accepted';
  if (probe.status >= 500) return 'server-error';
  if (probe.status >= 400 && errorsOf(probe.body).some((e) => e.pointer === probe.pointer)) return 'pass';
  return 'no-pointer';
}

/** The finding (message ids accepted, server-error, no-pointer; data probe, pointer, status), if any. */
export function fieldProbeFinding<O>(ctx: CheckContext<O>, probe: ProbeRecord): Finding | undefined {
  const verdict = judgeFieldProbe(probe);
  if (verdict === 'pass') return undefined;
  return ctx.finding(
    verdict,
    { probe: probe.probe, pointer: probe.pointer, status: probe.status },
    locationOf(probe, { jsonPointer: probe.pointer, in: 'request' }),
    evidenceOf(probe),
  );
}

/** Throws when the control was not accepted: then a refused probe proves nothing about its rule. */
export function requireAcceptedControl<T extends ProbeRecord | StepRecord>(
  control: T | undefined,
  what: string,
): asserts control is T {
  if (!control) throw new Error(`no control ${what} was recorded, so the probes cannot be judged`);
  if (control.status === 0) throw new Error(`the control ${what} got no response, so the probes cannot be judged`);
  if (!is2xx(control.status)) {
    throw new Error(
      `the control ${what} (a valid message) was answered HTTP ${control.status}, so a refused probe proves nothing`,
    );
  }
}

/** The probe named `name`; throws when the collector did not record it. */
export function probeNamed(probes: readonly ProbeRecord[], name: string): ProbeRecord {
  const p = probes.find((x) => x.probe === name);
  if (!p) throw new Error(`probe "${name}" was not recorded`);
  // Status 0: the collector lost the exchange to a transport error; there is no answer to judge.
  if (p.status === 0) throw new Error(`probe "${name}" got no response`);
  return p;
}

/** The whole verdict for a set of field probes guarded by a control submission. */
export function judgeFieldProbes<O>(
  ctx: CheckContext<O>,
  set: { control?: ProbeRecord; probes: readonly ProbeRecord[] },
  names: readonly string[],
  what: string,
): CheckProduct {
  requireAcceptedControl(set.control, what);
  const probes = names.map((n) => probeNamed(set.probes, n));
  const findings = probes.flatMap((p) => fieldProbeFinding(ctx, p) ?? []);
  if (findings.length > 0)
    return ctx.fail(
      findings,
      `${findings.length} of ${probes.length} invalid ${what} probe(s) not refused at the field`,
    );
  const how = probes.map((p) => `${p.probe} → HTTP ${p.status} at ${p.pointer}`).join(', ');
  return ctx.pass(`invalid ${what} refused with an error at the field (${how})`, evidenceOf(set.control, ...probes));
}

/** A named scenario step; throws with the collector's reason when it was not taken. */
export function stepNamed(
  artifact: { steps: Record<string, StepRecord>; skipped?: Record<string, string> },
  name: string,
): StepRecord {
  const step = artifact.steps[name];
  if (step) return step;
  const why = artifact.skipped?.[name];
  throw new Error(`step "${name}" was not taken${why ? `: ${why}` : ''}`);
}
