// The read-only-member probes of AuthzProbes (OWASP API3:2023 mass assignment), at every place the
// plan derives (each member the resource's schema marks readOnly × each body that writes it): the
// member sent alone in an otherwise valid body, then the resource read back to see whether the value
// took effect. An update also reads back when refused: a refusal must change nothing.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import type { ArtifactMap } from '../../../engine/check.ts';
import type { ClientRole, CollectContext, HttpExchange } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { Place } from '../../../engine/types.ts';
import { outOfTime, placesToProbe, type Unprobed } from './plan-places.ts';
import {
  createPortCall,
  isObject,
  operationUrl,
  readPortCall,
  record,
  SetupError,
  uniqueShip,
  validBody,
  type ExchangeRecord,
} from './requests.ts';

export const READ_ONLY_REQUIREMENT = 'PSW-SEC-AUTHZ-003';

export interface ReadOnlyProbe extends ExchangeRecord {
  placeId: string;
  /** The member sent (top level of the body). */
  field: string;
  /** create: the body makes a new resource; update: it replaces one of ours. */
  kind: 'create' | 'update';
  /** The value sent for the member. */
  sent: unknown;
  /** The pointers of the answer's errors[] (problem details), when it has any. */
  pointers?: string[];
  /** The resource read back afterwards (create: when one was made; update: always). */
  stored?: {
    status?: number;
    readAs?: ClientRole;
    present: boolean;
    value?: unknown;
    portCallId?: string;
    /** update: the resource's version before the probe and when read back. */
    versionBefore?: unknown;
    version?: unknown;
    evidenceId?: string;
  };
}

export interface ReadOnlyProbes {
  /** The planned places of PSW-SEC-AUTHZ-003. */
  places: Place[];
  probes: ReadOnlyProbe[];
  /** The same update without a read-only member: it must succeed, or a refusal proves nothing. */
  updateControl?: ExchangeRecord;
  notProbed: Unprobed[];
}

const PROBE_TIME = '2001-02-03T04:05:06Z';

/** Values a client has no business setting; each would matter if the server took it over. */
export function readOnlyValues(now = new Date()): Record<string, unknown> {
  return {
    status: 'departed',
    tenant: 'psw-probe-foreign-tenant',
    clearance: {
      decision: 'granted',
      remarks: 'set by the client',
      decidedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    portCallId: '00000000-0000-4000-8000-00000000beef',
    version: 999,
    ata: PROBE_TIME,
    atd: '2001-02-03T05:05:06Z',
    createdAt: '2001-01-01T00:00:00Z',
    updatedAt: '2001-01-01T00:00:00Z',
  };
}

/** A value for any other read-only member: a marker string the server cannot have produced. */
export const OTHER_READ_ONLY_VALUE = 'psw-probe-read-only';

/** The pointers of a problem's errors[]. */
export function errorPointers(json: unknown): string[] | undefined {
  if (!isObject(json) || !Array.isArray(json.errors)) return undefined;
  return json.errors.flatMap((e) => (isObject(e) && typeof e.pointer === 'string' ? [e.pointer] : []));
}

/** Reads a port call back: as the owner, else as the authority (a taken-over tenant hides it from A). */
async function readBack(
  ctx: CollectContext,
  portCallId: string,
  field: string,
): Promise<NonNullable<ReadOnlyProbe['stored']>> {
  let last: HttpExchange | undefined;
  for (const role of ['agentA', 'authority'] as const) {
    if (role === 'authority' && !ctx.target.credentials.authority) break;
    const r = await readPortCall(ctx, role, portCallId, `read-only members: read back (${field}) as ${role}`);
    last = r.exchange;
    if (r.exchange.status === 200 && r.body) {
      return {
        status: 200,
        readAs: role,
        present: field in r.body,
        value: r.body[field],
        version: r.body.version,
        portCallId,
        ...(r.exchange.evidenceId ? { evidenceId: r.exchange.evidenceId } : {}),
      };
    }
  }
  return {
    ...(last ? { status: last.status } : {}),
    present: false,
    portCallId,
    ...(last?.evidenceId ? { evidenceId: last.evidenceId } : {}),
  };
}

/** The id of what a create made: the receipt's portCallId, else the last segment of Location. */
function createdId(ex: HttpExchange): string | undefined {
  if (isObject(ex.json) && typeof ex.json.portCallId === 'string') return ex.json.portCallId;
  return ex.headers.location?.split('?')[0]?.split('/').filter(Boolean).pop();
}

/** A create with `field` added to a valid body. */
async function createWith(
  ctx: CollectContext,
  model: OpenApiModel,
  op: OperationModel,
  place: Place,
  field: string,
  sent: unknown,
): Promise<ReadOnlyProbe> {
  const url = operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: '' });
  const valid = validBody(op, samplePortCall({ ship: uniqueShip() }));
  const base = { placeId: place.id, field, kind: 'create' as const, sent };
  try {
    const ex = await ctx.http.request({
      method: op.method,
      url,
      as: 'agentA',
      body: { ...(isObject(valid) ? valid : {}), [field]: sent },
      label: `read-only members: ${op.operationId} with ${field}`,
    });
    const pointers = errorPointers(ex.json);
    const probe: ReadOnlyProbe = { ...record(op, ex), ...base, ...(pointers ? { pointers } : {}) };
    if (ex.status >= 200 && ex.status < 300) {
      const id = createdId(ex);
      probe.stored = id ? await readBack(ctx, id, field) : { present: false };
    }
    return probe;
  } catch (err) {
    return { operationId: op.operationId, method: op.method, url, ...base, error: errorMessage(err) };
  }
}

/**
 * A valid update of a fresh port call of A's (so a taken-over status or tenant cannot spoil the next
 * probe), with `field` added when given; read back afterwards.
 */
export async function updateWith(
  ctx: CollectContext,
  model: OpenApiModel,
  op: OperationModel,
  field: string | undefined,
  sent?: unknown,
): Promise<{ record: ExchangeRecord; portCallId: string; versionBefore?: unknown; pointers?: string[] }> {
  const what = field ? `the ${field} update` : 'the update control';
  const own = await createPortCall(ctx, 'agentA', `read-only members: port call for ${what}`);
  const before = await readPortCall(ctx, 'agentA', own.portCallId, `read-only members: ETag for ${what}`);
  const etag = before.etag ?? own.etag;
  const url = operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
  const body = { ...own.input, personsOnBoard: 24, ...(field ? { [field]: sent } : {}) };
  const versionBefore = before.body?.version;
  try {
    const ex = await ctx.http.request({
      method: op.method,
      url,
      as: 'agentA',
      body,
      headers: etag ? { 'if-match': etag } : {},
      label: field
        ? `read-only members: ${op.operationId} with ${field}`
        : 'read-only members: update control (no read-only member)',
    });
    const pointers = errorPointers(ex.json);
    return { record: record(op, ex), portCallId: own.portCallId, versionBefore, ...(pointers ? { pointers } : {}) };
  } catch (err) {
    return {
      record: { operationId: op.operationId, method: op.method, url, error: errorMessage(err) },
      portCallId: own.portCallId,
      versionBefore,
    };
  }
}

/** One member per request (so one refused member cannot mask another), at every planned place. */
export async function readOnlyProbes(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
): Promise<ReadOnlyProbes> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, READ_ONLY_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const probes: ReadOnlyProbe[] = [];
  const values = readOnlyValues();
  let updateControl: ExchangeRecord | undefined;
  for (const place of chosen) {
    const op = model.operations.find((o) => o.operationId === place.operationId);
    const field = place.variant ?? place.pointer?.slice(1) ?? '';
    if (!op || !field) {
      notProbed.push({ id: place.id, why: 'not-applicable', detail: 'no such operation or member' });
      continue;
    }
    if (outOfTime(ctx)) {
      notProbed.push({ id: place.id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    const sent = Object.hasOwn(values, field) ? values[field] : OTHER_READ_ONLY_VALUE;
    // An operation addressed by a path parameter replaces a resource; one without creates it.
    const isUpdate = op.parameters.some((p) => p.in === 'path');
    try {
      if (!isUpdate) {
        probes.push(await createWith(ctx, model, op, place, field, sent));
        continue;
      }
      updateControl ??= (await updateWith(ctx, model, op, undefined)).record;
      const u = await updateWith(ctx, model, op, field, sent);
      const probe: ReadOnlyProbe = {
        ...u.record,
        placeId: place.id,
        field,
        kind: 'update',
        sent,
        ...(u.pointers ? { pointers: u.pointers } : {}),
      };
      if (u.record.status !== undefined)
        probe.stored = { ...(await readBack(ctx, u.portCallId, field)), versionBefore: u.versionBefore };
      probes.push(probe);
    } catch (err) {
      if (!(err instanceof SetupError)) throw err;
      notProbed.push({ id: place.id, why: 'precondition-failed', detail: err.message });
    }
  }
  return { places, probes, ...(updateControl ? { updateControl } : {}), notProbed };
}
