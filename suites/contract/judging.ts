// Judging helpers the contract checks share: reading problem/receipt bodies, finding locations, and
// the verdict on a field probe (a message broken at one field must get a 4xx pointing at it).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, FindingLocation, NotProbedReason, Place, PlacesReport, ProbePlan } from '../../engine/types.ts';
import { plannedPlaces, placesReport } from '../places.ts';
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

/** RFC 6901 array index: "0" or digits without a leading zero ("-", the end, names no element). */
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * How an RFC 6901 pointer (already known to be one) resolves in `doc`: `found`, or `missing-member`
 * when every token but the last resolves, to an object (not an array) that lacks the last one, which a
 * "required member missing" error may rightly point at; else `unresolved`. "" is the whole document.
 */
export function resolvePointer(doc: unknown, pointer: string): 'found' | 'missing-member' | 'unresolved' {
  if (pointer === '') return 'found';
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc;
  for (const [i, token] of tokens.entries()) {
    const last = i === tokens.length - 1;
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(token) || Number(token) >= node.length) return 'unresolved';
      node = node[Number(token)];
    } else if (isObject(node)) {
      if (!Object.hasOwn(node, token)) return last ? 'missing-member' : 'unresolved';
      node = node[token];
    } else return 'unresolved';
  }
  return 'found';
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

// ---------------------------------------------------------------- places of the probe plan

/** What a place-probing collector records: controls per operation, one probe per place, the rest. */
export interface PlaceProbeSet {
  controls: readonly ProbeRecord[];
  probes: readonly (ProbeRecord & { place: string; value?: string })[];
  notProbed: readonly { place: string; why: NotProbedReason; detail?: string }[];
}

export interface PlaceVerdicts {
  findings: Finding[];
  /** Per requirement: the places judged and those not, with why. */
  places: Record<string, PlacesReport>;
  /** Places planned for the requirements (all of them, probed or not). */
  planned: number;
  /** Probes judged (a verdict was reached). */
  judged: ProbeRecord[];
  /** Why some places could not be judged although the run got there (control refused, no answer). */
  unjudged: string[];
  evidence: string[];
}

/**
 * Judges every planned place of `requirements` from a field-probe set: by default the probe must be
 * refused with a 4xx whose `errors[]` points at the place (`judgeFieldProbe`; `verdictOf` returns
 * 'pass' or the finding's message id). A place whose operation's
 * valid control was refused, or whose probe got no answer, is not judged: it is reported, never
 * counted as a pass.
 */
export function judgePlaces<O>(
  ctx: CheckContext<O>,
  plan: ProbePlan | undefined,
  requirements: readonly string[],
  set: PlaceProbeSet,
  verdictOf: (place: Place, probe: ProbeRecord) => string = (_place, probe) => judgeFieldProbe(probe),
): PlaceVerdicts {
  const out: PlaceVerdicts = { findings: [], places: {}, planned: 0, judged: [], unjudged: [], evidence: [] };
  const seen = new Set<string>();
  const controls = new Map(set.controls.map((c) => [c.operationId, c]));
  for (const requirement of requirements) {
    const why = new Map<string, { why: NotProbedReason; detail?: string }>();
    const probed = new Set<string>();
    for (const place of plannedPlaces(plan, requirement)) {
      out.planned += 1;
      const probe = set.probes.find((p) => p.place === place.id);
      const noted = set.notProbed.find((n) => n.place === place.id);
      if (!probe) {
        const reason = noted ? { why: noted.why, ...(noted.detail ? { detail: noted.detail } : {}) } : undefined;
        why.set(place.id, reason ?? { why: 'not-reached' });
        if (noted?.why === 'precondition-failed') out.unjudged.push(`${place.id}: ${noted.detail ?? noted.why}`);
        continue;
      }
      if (probe.status === 0) {
        why.set(place.id, { why: 'precondition-failed', detail: 'the probe got no response' });
        out.unjudged.push(`${place.id}: the probe got no response`);
        continue;
      }
      probed.add(place.id);
      if (seen.has(place.id)) continue;
      seen.add(place.id);
      out.judged.push(probe);
      const control = controls.get(probe.operationId);
      if (control?.evidenceId && !out.evidence.includes(control.evidenceId)) out.evidence.push(control.evidenceId);
      if (probe.evidenceId) out.evidence.push(probe.evidenceId);
      const verdict = verdictOf(place, probe);
      if (verdict === 'pass') continue;
      out.findings.push(
        ctx.finding(
          verdict,
          {
            place: place.id,
            operationId: probe.operationId ?? null,
            pointer: probe.pointer,
            value: probe.value ?? null,
            status: probe.status,
          },
          locationOf(probe, { jsonPointer: probe.pointer, in: 'request' }),
          evidenceOf(probe),
        ),
      );
    }
    out.places[requirement] = placesReport(
      plan,
      requirement,
      (p) => probed.has(p.id),
      (p) => why.get(p.id) ?? { why: 'not-reached' },
    );
  }
  return out;
}

/**
 * The product of judged places (plus a check's own findings and evidence): fail on any finding;
 * an error when a place could not be judged, or none was; not applicable when the document marks no
 * place; else pass, saying how many places were probed.
 */
export function placesProduct<O>(
  ctx: CheckContext<O>,
  v: PlaceVerdicts,
  what: string,
  extra: { findings?: Finding[]; evidence?: string[] } = {},
): CheckProduct {
  const findings = [...v.findings, ...(extra.findings ?? [])];
  const notProbed = Object.values(v.places).flatMap((r) => r.notProbed ?? []);
  const metrics = { placesPlanned: v.planned, placesProbed: v.judged.length, placesNotProbed: notProbed.length };
  if (v.planned === 0)
    return { ...ctx.notApplicable(`the profile's document marks no place of ${what}`), places: v.places };
  if (findings.length > 0)
    return {
      ...ctx.fail(
        findings,
        `${findings.length} problem(s) with ${what} over ${v.judged.length} place(s) probed`,
        metrics,
      ),
      places: v.places,
    };
  if (v.unjudged.length > 0)
    throw new Error(
      `${v.unjudged.length} place(s) of ${what} could not be judged (a refusal of the valid control is not a pass): ${v.unjudged.slice(0, 5).join('; ')}`,
    );
  if (v.judged.length === 0)
    throw new Error(
      `no place of ${what} was probed: ${[...new Set(notProbed.map((n) => n.detail ?? n.why))].slice(0, 3).join('; ')}`,
    );
  const rest =
    notProbed.length > 0
      ? `; ${notProbed.length} not probed (${[...new Set(notProbed.map((n) => n.why))].join(', ')})`
      : '';
  return {
    ...ctx.pass(
      `${what} refused at the field in all ${v.judged.length} place(s) probed${rest}`,
      [...v.evidence, ...(extra.evidence ?? [])],
      metrics,
    ),
    places: v.places,
  };
}
