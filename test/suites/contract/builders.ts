// Synthetic artifacts for the contract checks: conformant by default, each part overridable, so a
// test row states only what it breaks.
import { makeCheckContext, type AnyCheck, type CheckProduct } from '../../../engine/check.ts';
import type { HttpExchange } from '../../../engine/context.ts';
import type { HttpLog } from '../../../engine/http-log.ts';
import { IDENTIFIER_PROBES, type IdentifierProbes } from '../../../suites/contract/collectors/identifier-probes.ts';
import { FORMALITY_PROBES, type FormalityProbes } from '../../../suites/contract/collectors/formality-probes.ts';
import {
  LIFECYCLE_STEPS as L,
  type PortCallLifecycle,
} from '../../../suites/contract/collectors/port-call-lifecycle.ts';
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

const IDENTIFIER_POINTERS: Record<string, string> = {
  [IDENTIFIER_PROBES.imoCheckDigit]: '/ship/imoNumber',
  [IDENTIFIER_PROBES.mmsiNotShipStation]: '/ship/mmsi',
  [IDENTIFIER_PROBES.locodeUnknown]: '/portOfCall',
  [IDENTIFIER_PROBES.etaAfterEtd]: '/etd',
  [IDENTIFIER_PROBES.datetimeWithoutOffset]: '/eta',
};

export function identifierPointer(name: string): string {
  return IDENTIFIER_POINTERS[name]!;
}

/** Control accepted, every probe refused at its field; `replace` swaps in other probe records. */
export function identifierProbes(replace: Record<string, ProbeRecord> = {}, control?: ProbeRecord): IdentifierProbes {
  return {
    control: control ?? probe('control', '', 201, receipt('accepted')),
    probes: Object.entries(IDENTIFIER_POINTERS).map(([name, pointer]) => replace[name] ?? refused(name, pointer)),
  };
}

const url1 = `${API}/port-calls/${PC1}`;
const url2 = `${API}/port-calls/${PC2}`;
const url3 = `${API}/port-calls/${PC3}`;

/** Every lifecycle step as the reference answers it. */
export function conformantLifecycleSteps(): Record<string, StepRecord> {
  const s = (name: string, rec: Partial<StepRecord> & { status: number }) => step(rec, name);
  const portCall = (id: string, version: number, extra: Record<string, unknown> = {}) => ({
    portCallId: id,
    status: 'notified',
    version,
    ...extra,
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
    [L.readAfterUpdate]: s(L.readAfterUpdate, {
      method: 'GET',
      url: url1,
      status: 200,
      operationId: 'getPortCall',
      headers: { etag: '"2"' },
      body: portCall(PC1, 2),
    }),
    [L.updateStale]: s(L.updateStale, {
      method: 'PUT',
      url: url1,
      status: 412,
      operationId: 'updatePortCall',
      ifMatch: '"1"',
      body: problem(412),
    }),
    [L.updateWithoutIfMatch]: s(L.updateWithoutIfMatch, {
      method: 'PUT',
      url: url1,
      status: 428,
      operationId: 'updatePortCall',
      body: problem(428),
    }),
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
    [L.readAfterCancel]: s(L.readAfterCancel, {
      method: 'GET',
      url: url2,
      status: 200,
      operationId: 'getPortCall',
      headers: { etag: '"2"' },
      body: portCall(PC2, 2, { status: 'cancelled' }),
    }),
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
    [L.departureWithoutArrival]: s(L.departureWithoutArrival, {
      url: `${url3}/departure`,
      status: 409,
      operationId: 'recordDeparture',
      body: problem(409),
    }),
  };
}

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
  return { steps, skipped, portCalls: { main: PC1, cancelled: PC2, notArrived: PC3 } };
}

/** Replaces parts of one conformant lifecycle step. */
export function lifecycleStep(name: string, change: Partial<StepRecord>): StepRecord {
  return { ...conformantLifecycleSteps()[name]!, ...change };
}

/** A conformant FormalityProbes artifact; parts overridable. */
export function formalityProbes(
  change: {
    generalDeclaration?: StepRecord | null;
    shortList?: ProbeRecord | null;
    matchingList?: StepRecord | null;
    dgControl?: ProbeRecord | null;
    dgProbes?: Record<string, ProbeRecord>;
  } = {},
): FormalityProbes {
  const formality = (type: string) => `${API}/port-calls/${PC1}/formalities/${type}`;
  const pick = <T>(v: T | null | undefined, dflt: T): T | undefined => (v === null ? undefined : (v ?? dflt));
  const generalDeclaration = pick(
    change.generalDeclaration,
    step(
      {
        url: formality('general-declaration'),
        status: 201,
        operationId: 'submitGeneralDeclaration',
        body: receipt('incomplete'),
      },
      'generalDeclaration',
    ),
  );
  const shortList = pick(
    change.shortList,
    probe(FORMALITY_PROBES.crewCountShort, '/crew', 422, rejection([['CREW_COUNT_MISMATCH', '/crew']]), {
      operationId: 'submitCrewList',
      url: formality('crew-list'),
    }),
  );
  const matchingList = pick(
    change.matchingList,
    step(
      { url: formality('crew-list'), status: 201, operationId: 'submitCrewList', body: receipt('accepted') },
      'crewList',
    ),
  );
  const control = pick(
    change.dgControl,
    probe('control', '', 201, receipt('accepted'), {
      operationId: 'submitDangerousGoods',
      url: formality('dangerous-goods'),
    }),
  );
  const dg: [string, string][] = [
    [FORMALITY_PROBES.unNumber, '/items/0/unNumber'],
    [FORMALITY_PROBES.imdgClass, '/items/0/imdgClass'],
    [FORMALITY_PROBES.imdgDivision, '/items/0/imdgClass'],
    [FORMALITY_PROBES.containerCheckDigit, '/items/0/containerNumber'],
  ];
  return {
    portCallId: PC1,
    steps: {},
    skipped: {},
    crewCount: {
      declared: 3,
      ...(generalDeclaration ? { generalDeclaration } : {}),
      ...(shortList ? { shortList } : {}),
      ...(matchingList ? { matchingList } : {}),
    },
    dangerousGoods: {
      ...(control ? { control } : {}),
      probes: dg.map(
        ([name, pointer]) =>
          change.dgProbes?.[name] ?? {
            ...refused(name, pointer),
            operationId: 'submitDangerousGoods',
            url: formality('dangerous-goods'),
          },
      ),
    },
  };
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
