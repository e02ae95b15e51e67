// Synthetic artifacts for the contract checks: conformant by default, each part overridable, so a
// test row states only what it breaks.
import { makeCheckContext, type AnyCheck, type CheckProduct } from '../../../engine/check.ts';
import type { HttpExchange } from '../../../engine/context.ts';
import type { HttpLog } from '../../../engine/http-log.ts';
import type { Place, ProbePlan } from '../../../engine/types.ts';
import type { IdentifierProbes, PlaceProbe } from '../../../suites/contract/collectors/identifier-probes.ts';
import {
  countStep,
  FORMALITY_STEPS,
  type FormalityProbes,
} from '../../../suites/contract/collectors/formality-probes.ts';
import {
  afterCancelStep,
  LIFECYCLE_STEPS as L,
  type PortCallLifecycle,
} from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import type { NotProbed } from '../../../suites/contract/place-probes.ts';
import type { ProbeRecord, StepRecord } from '../../../suites/contract/records.ts';

export const ORIGIN = 'https://127.0.0.1:8443';
export const API = `${ORIGIN}/api/v1`;
export const PC1 = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const PC2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const PC3 = '16fd2706-8baf-433b-82eb-8c7fada847da';

let receiptCounter = 0;
/** A fresh receipt id (uuid-shaped) per call. */
export function receiptId(): string {
  receiptCounter += 1;
  return `6ec0bd7f-11c0-43da-975e-${receiptCounter.toString(16).padStart(12, '0')}`;
}

export function receipt(
  outcome: 'accepted' | 'incomplete',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    receiptId: receiptId(),
    outcome,
    portCallId: PC1,
    documentType: 'port-call',
    receivedAt: '2026-11-21T10:00:00Z',
    errors: [],
    warnings:
      outcome === 'incomplete'
        ? [{ code: 'CREW_LIST_PENDING', pointer: '', detail: 'crew list not received yet' }]
        : [],
    ...extra,
  };
}

export function problem(status: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'https://psw.consortium.example/problems/x', title: 'Problem', status, ...extra };
}

/** A 422 rejection receipt with one error per [code, pointer]. */
export function rejection(errors: [string, string][], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return problem(422, {
    title: 'Submission rejected',
    receiptId: receiptId(),
    outcome: 'rejected',
    documentType: 'port-call',
    receivedAt: '2026-11-21T10:00:00Z',
    errors: errors.map(([code, pointer]) => ({ code, pointer, detail: `${code} at ${pointer}` })),
    warnings: [],
    ...extra,
  });
}

/** A 400 validation problem pointing at `pointer`. */
export function validationProblem(pointer: string): Record<string, unknown> {
  return problem(400, { errors: [{ code: 'SCHEMA_FORMAT', pointer, detail: 'bad format' }] });
}

const contentTypeFor = (status: number) => (status >= 400 ? 'application/problem+json' : 'application/json');

export function step(s: Partial<StepRecord> & { status: number }, name = 'step'): StepRecord {
  const hasBody = s.body !== undefined;
  return {
    method: 'POST',
    url: `${API}/port-calls`,
    headers: hasBody ? { 'content-type': contentTypeFor(s.status) } : {},
    evidenceId: `ev-${name}`,
    ...s,
  };
}

export function probe(
  name: string,
  pointer: string,
  status: number,
  body?: unknown,
  extra: Partial<ProbeRecord> = {},
): ProbeRecord {
  return {
    probe: name,
    pointer,
    status,
    ...(body === undefined ? {} : { body, contentType: contentTypeFor(status) }),
    evidenceId: `ev-${name}`,
    operationId: 'createPortCall',
    method: 'POST',
    url: `${API}/port-calls`,
    ...extra,
  };
}

/** A probe refused the way the profile wants: 422 with an error at its pointer. */
export function refused(name: string, pointer: string, code = 'RULE'): ProbeRecord {
  return probe(name, pointer, 422, rejection([[code, pointer]]));
}

const url1 = `${API}/port-calls/${PC1}`;
const url2 = `${API}/port-calls/${PC2}`;
const url3 = `${API}/port-calls/${PC3}`;

/** Every lifecycle step as the reference answers it. */
export function conformantLifecycleSteps(): Record<string, StepRecord> {
  const s = (name: string, rec: Partial<StepRecord> & { status: number }) => step(rec, name);
  const portCall = (id: string, version: number, extra: Record<string, unknown> = {}) => ({
    portCallId: id,
    tenant: 'tenant-a',
    status: 'notified',
    version,
    ...extra,
  });
  /** A GET of a port call as the reference answers it: the version in the body and the ETag. */
  const read = (name: string, url: string, id: string, version: number, extra: Record<string, unknown> = {}) =>
    s(name, {
      method: 'GET',
      url,
      status: 200,
      operationId: 'getPortCall',
      headers: { etag: `"${version}"` },
      body: portCall(id, version, extra),
    });
  const page = (ids: string[], nextCursor: string | null) => ({
    items: ids.map((id) => portCall(id, 1)),
    nextCursor,
  });
  return {
    [L.create]: s(L.create, {
      status: 201,
      operationId: 'createPortCall',
      headers: { 'content-type': 'application/json', location: `/api/v1/port-calls/${PC1}`, etag: '"1"' },
      body: receipt('accepted'),
    }),
    [L.read]: s(L.read, {
      method: 'GET',
      url: url1,
      status: 200,
      operationId: 'getPortCall',
      headers: { 'content-type': 'application/json', etag: '"1"' },
      body: portCall(PC1, 1),
    }),
    [L.update]: s(L.update, {
      method: 'PUT',
      url: url1,
      status: 200,
      operationId: 'updatePortCall',
      ifMatch: '"1"',
      headers: { 'content-type': 'application/json', etag: '"2"' },
      body: receipt('accepted'),
    }),
    [L.readAfterUpdate]: read(L.readAfterUpdate, url1, PC1, 2),
    [L.updateStale]: s(L.updateStale, {
      method: 'PUT',
      url: url1,
      status: 412,
      operationId: 'updatePortCall',
      ifMatch: '"1"',
      body: problem(412),
    }),
    [L.updateWeakEtag]: s(L.updateWeakEtag, {
      method: 'PUT',
      url: url1,
      status: 412,
      operationId: 'updatePortCall',
      ifMatch: 'W/"2"',
      body: problem(412),
    }),
    [L.readAfterUpdateStale]: read(L.readAfterUpdateStale, url1, PC1, 2),
    [L.readAfterUpdateWeakEtag]: read(L.readAfterUpdateWeakEtag, url1, PC1, 2),
    [L.updateWithoutIfMatch]: s(L.updateWithoutIfMatch, {
      method: 'PUT',
      url: url1,
      status: 428,
      operationId: 'updatePortCall',
      body: problem(428),
    }),
    [L.readAfterUpdateWithoutIfMatch]: read(L.readAfterUpdateWithoutIfMatch, url1, PC1, 2),
    [L.clearance]: s(L.clearance, {
      url: `${url1}/clearance`,
      status: 200,
      operationId: 'decideClearance',
      body: portCall(PC1, 3),
    }),
    [L.arrival]: s(L.arrival, {
      url: `${url1}/arrival`,
      status: 200,
      operationId: 'recordArrival',
      body: portCall(PC1, 4, { status: 'arrived' }),
    }),
    [L.departureBeforeArrival]: s(L.departureBeforeArrival, {
      url: `${url1}/departure`,
      status: 422,
      operationId: 'recordDeparture',
      body: problem(422, { errors: [{ code: 'ATD_BEFORE_ATA', pointer: '/atd', detail: 'ATD must be after ATA' }] }),
    }),
    [L.departure]: s(L.departure, {
      url: `${url1}/departure`,
      status: 200,
      operationId: 'recordDeparture',
      body: portCall(PC1, 5, { status: 'departed' }),
    }),
    [L.createCancelled]: s(L.createCancelled, {
      status: 201,
      operationId: 'createPortCall',
      headers: { location: `/api/v1/port-calls/${PC2}`, etag: '"1"' },
      body: receipt('accepted', { portCallId: PC2 }),
    }),
    [L.cancel]: s(L.cancel, {
      url: `${url2}/cancel`,
      status: 200,
      operationId: 'cancelPortCall',
      body: portCall(PC2, 2, { status: 'cancelled' }),
    }),
    [L.readAfterCancel]: read(L.readAfterCancel, url2, PC2, 2, { status: 'cancelled' }),
    [L.updateAfterCancel]: s(L.updateAfterCancel, {
      method: 'PUT',
      url: url2,
      status: 409,
      operationId: 'updatePortCall',
      ifMatch: '"2"',
      body: problem(409),
    }),
    [L.arrivalAfterCancel]: s(L.arrivalAfterCancel, {
      url: `${url2}/arrival`,
      status: 409,
      operationId: 'recordArrival',
      body: problem(409),
    }),
    [L.createNotArrived]: s(L.createNotArrived, {
      status: 201,
      operationId: 'createPortCall',
      headers: { location: `/api/v1/port-calls/${PC3}`, etag: '"1"' },
      body: receipt('accepted', { portCallId: PC3 }),
    }),
    [L.readNotArrived]: read(L.readNotArrived, url3, PC3, 1),
    [L.updateWithoutIfMatchFresh]: s(L.updateWithoutIfMatchFresh, {
      method: 'PUT',
      url: url3,
      status: 428,
      operationId: 'updatePortCall',
      body: problem(428),
    }),
    [L.readAfterUpdateWithoutIfMatchFresh]: read(L.readAfterUpdateWithoutIfMatchFresh, url3, PC3, 1),
    [L.departureWithoutArrival]: s(L.departureWithoutArrival, {
      url: `${url3}/departure`,
      status: 409,
      operationId: 'recordDeparture',
      body: problem(409),
    }),
    ...afterCancelSteps(CANCEL_WRITES),
    [`${L.listPage}1`]: s(`${L.listPage}1`, {
      method: 'GET',
      url: `${API}/port-calls?limit=2`,
      status: 200,
      operationId: 'listPortCalls',
      body: page([PC1, PC2], 'c1'),
    }),
    [`${L.listPage}2`]: s(`${L.listPage}2`, {
      method: 'GET',
      url: `${API}/port-calls?limit=2&cursor=c1`,
      status: 200,
      operationId: 'listPortCalls',
      body: page([PC3], null),
    }),
    [L.listDefault]: s(L.listDefault, {
      method: 'GET',
      url: `${API}/port-calls`,
      status: 200,
      operationId: 'listPortCalls',
      body: page([PC1, PC2, PC3], null),
    }),
    [L.listLimitZero]: s(L.listLimitZero, {
      method: 'GET',
      url: `${API}/port-calls?limit=0`,
      status: 400,
      operationId: 'listPortCalls',
      body: validationProblem('/limit'),
    }),
    [L.listLimitOver]: s(L.listLimitOver, {
      method: 'GET',
      url: `${API}/port-calls?limit=101`,
      status: 400,
      operationId: 'listPortCalls',
      body: validationProblem('/limit'),
    }),
  };
}

/** The personsOnBoard each refused update of the synthetic lifecycle sent (the port calls read back carry none). */
export const SENT_PERSONS_ON_BOARD: Readonly<Record<string, number>> = {
  [L.updateStale]: 25,
  [L.updateWeakEtag]: 26,
  [L.updateWithoutIfMatch]: 27,
  [L.updateWithoutIfMatchFresh]: 24,
};

/** A conformant lifecycle; `change` replaces steps (undefined removes one, with `skipped` saying why). */
export function lifecycle(
  change: Record<string, StepRecord | undefined> = {},
  skipped: Record<string, string> = {},
): PortCallLifecycle {
  const steps = { ...conformantLifecycleSteps() };
  for (const [name, rec] of Object.entries(change)) {
    if (rec === undefined) delete steps[name];
    else steps[name] = rec;
  }
  return {
    steps,
    skipped,
    portCalls: { main: PC1, cancelled: PC2, notArrived: PC3 },
    sentPersonsOnBoard: { ...SENT_PERSONS_ON_BOARD },
  };
}

/** Replaces parts of one conformant lifecycle step. */
export function lifecycleStep(name: string, change: Partial<StepRecord>): StepRecord {
  return { ...conformantLifecycleSteps()[name]!, ...change };
}

/** An exchange as the client records it; `json` sets the body text and a JSON content type. */
export function exchange(e: Partial<HttpExchange> & { status: number; json?: unknown }, id = 'ev-x'): HttpExchange {
  const { json, ...rest } = e;
  const headers: Record<string, string> = json === undefined ? {} : { 'content-type': contentTypeFor(e.status) };
  return {
    evidenceId: id,
    method: 'GET',
    url: `${API}/port-calls`,
    requestHeaders: {},
    text: json === undefined ? '' : JSON.stringify(json),
    ...(json === undefined ? {} : { json }),
    durationMs: 1,
    ...rest,
    headers: { ...headers, ...(rest.headers ?? {}) },
  };
}

export function httpLog(...exchanges: HttpExchange[]): HttpLog {
  return { exchanges };
}

/** Runs a check on artifacts the way the runner does (default options merged). */
export async function runCheck(
  check: AnyCheck,
  artifacts: Record<string, unknown>,
  options: Record<string, unknown> = {},
): Promise<CheckProduct> {
  const ctx = makeCheckContext(check, { ...(check.defaultOptions as object), ...options });
  return check.run(artifacts as never, ctx);
}

/** The finding ids and locations of a product, for compact assertions. */
export function findingsOf(product: CheckProduct): { id: string; location?: unknown; evidence?: string[] }[] {
  return (product.findings ?? []).map((f) => ({
    id: f.id,
    ...(f.location ? { location: f.location } : {}),
    ...(f.evidence ? { evidence: f.evidence } : {}),
  }));
}

// ---------------------------------------------------------------- places of the probe plan

/** Where each operation of the synthetic artifacts is sent (method and URL). */
export const OPERATIONS: Record<string, { method: string; url: string }> = {
  createPortCall: { method: 'POST', url: `${API}/port-calls` },
  updatePortCall: { method: 'PUT', url: `${API}/port-calls/${PC1}` },
  recordArrival: { method: 'POST', url: `${API}/port-calls/${PC1}/arrival` },
  recordDeparture: { method: 'POST', url: `${API}/port-calls/${PC1}/departure` },
  submitGeneralDeclaration: { method: 'POST', url: `${API}/port-calls/${PC1}/formalities/general-declaration` },
  submitCrewList: { method: 'POST', url: `${API}/port-calls/${PC1}/formalities/crew-list` },
  submitPassengerList: { method: 'POST', url: `${API}/port-calls/${PC1}/formalities/passenger-list` },
  submitDangerousGoods: { method: 'POST', url: `${API}/port-calls/${PC1}/formalities/dangerous-goods` },
};

/** A place of the probe plan: `<operationId> <pointer>` unless an id is given. */
export function place(
  operationId: string,
  pointer: string,
  extra: Partial<Place> = {},
  kind = 'identifier-field',
): Place {
  return {
    id: `${operationId} ${pointer}`,
    kind,
    operationId,
    method: OPERATIONS[operationId]?.method ?? 'POST',
    path: '/x',
    pointer,
    ...extra,
  };
}

export function probePlan(places: Record<string, Place[]>): ProbePlan {
  return { places };
}

/** Where a finding about a probe of `p` points. */
export function requestAt(p: Place): Record<string, string> {
  const op = OPERATIONS[p.operationId!]!;
  return { operationId: p.operationId!, method: op.method, url: op.url, jsonPointer: p.pointer!, in: 'request' };
}

/** The probe of a place (evidence `ev-<place id>`) answered `status` with `body`. */
export function placeProbe(p: Place, status: number, body?: unknown, value = '"x"'): PlaceProbe {
  const op = OPERATIONS[p.operationId!]!;
  return {
    ...probe(p.id, p.pointer!, status, body, { operationId: p.operationId!, method: op.method, url: op.url }),
    evidenceId: `ev-${p.id}`,
    place: p.id,
    breaks: 'x',
    value,
  };
}

/** A place refused the way the profile wants: 422 with an error at its pointer. */
export function refusedAt(p: Place, code = 'RULE'): PlaceProbe {
  return placeProbe(p, 422, rejection([[code, p.pointer!]]));
}

/** The valid control request of an operation (evidence `ev-control-<operationId>`). */
export function control(operationId: string, status = 201): ProbeRecord {
  const op = OPERATIONS[operationId]!;
  return {
    ...probe('control', '', status, status < 300 ? receipt('accepted') : rejection([['RULE', '/x']]), {
      operationId,
      method: op.method,
      url: op.url,
    }),
    evidenceId: `ev-control-${operationId}`,
  };
}

/**
 * IdentifierProbes over `places`: every control accepted, every place refused at its pointer;
 * `replace` swaps a place's probe (undefined: not probed, then `notProbed` may say why).
 */
export function fieldProbes(
  places: readonly Place[],
  replace: Record<string, PlaceProbe | undefined> = {},
  opts: { controls?: Record<string, ProbeRecord>; notProbed?: NotProbed[] } = {},
): IdentifierProbes {
  const ops = [...new Set(places.map((p) => p.operationId!))];
  return {
    controls: ops.map((op) => opts.controls?.[op] ?? control(op, op === 'updatePortCall' ? 200 : 201)),
    probes: places.flatMap((p) => {
      if (p.id in replace) return replace[p.id] ? [replace[p.id]!] : [];
      return [refusedAt(p)];
    }),
    notProbed: opts.notProbed ?? [],
    budget: 100,
    requests: places.length + ops.length,
  };
}

// ---------------------------------------------------------------- count rules (FormalityProbes)

const GD = 'submitGeneralDeclaration';

/** The places of a count rule as the plan derives them (`declared` at `declaration`, list at `list`). */
export function countPlaces(
  listOp: string,
  list: string,
  declaration: string,
  incompleteWithoutList: boolean,
): Record<string, Place> {
  const d = `${GD} ${declaration}`;
  const l = `${listOp} ${list}`;
  const at = (op: string, pointer: string, id: string, variant: string) =>
    place(op, pointer, { id, variant }, 'count-consistency');
  return {
    ...(incompleteWithoutList
      ? { 'incomplete-without-list': at(GD, declaration, `${d} before any ${l}`, 'incomplete-without-list') }
      : {}),
    fewer: at(listOp, list, `${l} shorter than ${d}`, 'fewer'),
    more: at(listOp, list, `${l} longer than ${d}`, 'more'),
    'declaration-after-list': at(GD, declaration, `${d} contradicting ${l} on file`, 'declaration-after-list'),
  };
}

export const CREW_PLACES = countPlaces('submitCrewList', '/crew', '/numberOfCrew', true);
export const PASSENGER_PLACES = countPlaces('submitPassengerList', '/passengers', '/numberOfPassengers', false);

/** The probe plan of the two count rules (PSW-BR-002 crew, PSW-BR-003 passengers). */
export const COUNT_PLAN = probePlan({
  'PSW-BR-002': Object.values(CREW_PLACES),
  'PSW-BR-003': Object.values(PASSENGER_PLACES),
});

/**
 * A conformant FormalityProbes: the declaration incomplete, short and long lists refused at the list,
 * the matching lists accepted, contradicting declarations refused at the count, the final one accepted.
 * `probes` replaces place probes (undefined removes one), `steps` replaces named steps.
 */
export function countProbes(
  change: {
    probes?: Record<string, PlaceProbe | undefined>;
    steps?: Record<string, StepRecord | undefined>;
    notProbed?: NotProbed[];
  } = {},
): FormalityProbes {
  const gd = OPERATIONS[GD]!;
  const declaration = step(
    { url: gd.url, status: 201, operationId: GD, body: receipt('incomplete') },
    FORMALITY_STEPS.declaration,
  );
  const rules = [
    {
      declaration: { operationId: GD, pointer: '/numberOfCrew' },
      list: { operationId: 'submitCrewList', pointer: '/crew' },
    },
    {
      declaration: { operationId: GD, pointer: '/numberOfPassengers' },
      list: { operationId: 'submitPassengerList', pointer: '/passengers' },
    },
  ];
  const steps: Record<string, StepRecord> = { [FORMALITY_STEPS.declaration]: declaration };
  for (const r of rules) {
    const list = OPERATIONS[r.list.operationId]!;
    steps[countStep(r.list, 'matching')] = step(
      { url: list.url, status: 201, operationId: r.list.operationId, body: receipt('accepted') },
      `${r.list.operationId}-matching`,
    );
  }
  steps[FORMALITY_STEPS.finalDeclaration] = step(
    { url: gd.url, status: 201, operationId: GD, body: receipt('accepted') },
    FORMALITY_STEPS.finalDeclaration,
  );
  for (const [name, rec] of Object.entries(change.steps ?? {})) {
    if (rec === undefined) delete steps[name];
    else steps[name] = rec;
  }
  const all = [...Object.values(CREW_PLACES), ...Object.values(PASSENGER_PLACES)];
  const probes = all.flatMap((p) => {
    if (change.probes && p.id in change.probes) return change.probes[p.id] ? [change.probes[p.id]!] : [];
    return [p.variant === 'incomplete-without-list' ? { ...placeProbe(p, 201, receipt('incomplete')) } : refusedAt(p)];
  });
  return {
    steps,
    skipped: {},
    portCallId: PC1,
    rules: rules.map((r) => ({ ...r, declared: 3 })),
    controls: [probe('control', '', 201, receipt('incomplete'), { operationId: GD, url: gd.url })],
    probes,
    notProbed: change.notProbed ?? [],
  };
}

/** The writes to a port call profile v1 has besides update and arrival (probed once it is cancelled). */
export const CANCEL_WRITES = [
  'cancelPortCall',
  'recordDeparture',
  'decideClearance',
  'submitGeneralDeclaration',
  'submitCrewList',
  'submitPassengerList',
  'submitDangerousGoods',
  'submitWasteNotification',
  'submitSecurityNotification',
] as const;

/** The lifecycle steps of writes to the cancelled port call (P2) beyond its update and arrival. */
export function afterCancelSteps(operations: readonly string[]): Record<string, StepRecord> {
  return Object.fromEntries(
    operations.map((op) => [
      afterCancelStep(op),
      step(
        { url: `${API}/port-calls/${PC2}/${op}`, status: 409, operationId: op, body: problem(409) },
        afterCancelStep(op),
      ),
    ]),
  );
}
