// The read-only-field probes of AuthzProbes (OWASP API3:2023 mass assignment): each server-owned
// member of a port call sent alone in a create body and in an update body, then the port call read
// back to see whether the value sent took effect.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import type { ClientRole, CollectContext } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import {
  createPortCall,
  isObject,
  operationUrl,
  readPortCall,
  record,
  uniqueShip,
  type ExchangeRecord,
} from './requests.ts';

export const READ_ONLY_FIELDS = ['status', 'tenant', 'clearance', 'portCallId', 'version'] as const;
export type ReadOnlyField = (typeof READ_ONLY_FIELDS)[number];

export interface ReadOnlyProbe extends ExchangeRecord {
  field: ReadOnlyField;
  /** The value sent for the field. */
  sent: unknown;
  /** When the server accepted the body: the resource read back. */
  stored?: {
    status?: number;
    readAs?: ClientRole;
    present: boolean;
    value?: unknown;
    portCallId?: string;
    evidenceId?: string;
  };
}

/** Values a client has no business setting; each would matter if the server took it over. */
export function readOnlyValues(now = new Date()): Record<ReadOnlyField, unknown> {
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
  };
}

/** Reads a port call back: as the owner, else as the authority (a taken-over tenant hides it from A). */
async function readBack(
  ctx: CollectContext,
  portCallId: string,
  field: ReadOnlyField,
): Promise<NonNullable<ReadOnlyProbe['stored']>> {
  for (const role of ['agentA', 'authority'] as const) {
    if (role === 'authority' && !ctx.target.credentials.authority) break;
    const r = await readPortCall(ctx, role, portCallId, `read-only fields: read back (${field}) as ${role}`);
    if (r.exchange.status === 200 && r.body) {
      return {
        status: 200,
        readAs: role,
        present: field in r.body,
        value: r.body[field],
        portCallId,
        ...(r.exchange.evidenceId ? { evidenceId: r.exchange.evidenceId } : {}),
      };
    }
    if (role === 'authority')
      return {
        status: r.exchange.status,
        readAs: role,
        present: false,
        portCallId,
        ...(r.exchange.evidenceId ? { evidenceId: r.exchange.evidenceId } : {}),
      };
  }
  return { present: false, portCallId };
}

/**
 * A valid update of a fresh port call of A's (so a taken-over status or tenant cannot spoil the next
 * probe), with `field` added when given.
 */
export async function updateWith(
  ctx: CollectContext,
  model: OpenApiModel,
  update: OperationModel,
  field: ReadOnlyField | undefined,
  sent?: unknown,
): Promise<{ record: ExchangeRecord; portCallId: string }> {
  const what = field ? `the ${field} update` : 'the update control';
  const own = await createPortCall(ctx, 'agentA', `read-only fields: port call for ${what}`);
  const etag =
    own.etag ?? (await readPortCall(ctx, 'agentA', own.portCallId, `read-only fields: ETag for ${what}`)).etag;
  const url = operationUrl(model, update, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
  const body = { ...own.input, personsOnBoard: 24, ...(field ? { [field]: sent } : {}) };
  try {
    const ex = await ctx.http.request({
      method: update.method,
      url,
      as: 'agentA',
      body,
      headers: etag ? { 'if-match': etag } : {},
      label: field ? `read-only fields: update with ${field}` : 'read-only fields: update control (no read-only field)',
    });
    return { record: record(update, ex), portCallId: own.portCallId };
  } catch (err) {
    return {
      record: { operationId: update.operationId, method: update.method, url, error: errorMessage(err) },
      portCallId: own.portCallId,
    };
  }
}

/** One field per request (so one refused field cannot mask another), on create and on update. */
export async function readOnlyProbes(
  ctx: CollectContext,
  model: OpenApiModel,
  op: (id: string) => OperationModel | undefined,
): Promise<ReadOnlyProbe[]> {
  const out: ReadOnlyProbe[] = [];
  const values = readOnlyValues();
  const create = op('createPortCall');
  const update = op('updatePortCall');
  for (const field of READ_ONLY_FIELDS) {
    const sent = values[field];
    if (create) {
      const url = operationUrl(model, create, ctx.target.apiBaseUrl, { portCallId: '' });
      const body = { ...samplePortCall({ ship: uniqueShip() }), [field]: sent };
      try {
        const ex = await ctx.http.request({
          method: create.method,
          url,
          as: 'agentA',
          body,
          label: `read-only fields: create with ${field}`,
        });
        const probe: ReadOnlyProbe = { ...record(create, ex), field, sent };
        if (ex.status >= 200 && ex.status < 300) {
          const id =
            isObject(ex.json) && typeof ex.json.portCallId === 'string'
              ? ex.json.portCallId
              : ex.headers.location?.split('/').filter(Boolean).pop();
          probe.stored = id ? await readBack(ctx, id, field) : { present: false };
        }
        out.push(probe);
      } catch (err) {
        out.push({
          operationId: create.operationId,
          method: create.method,
          url,
          field,
          sent,
          error: errorMessage(err),
        });
      }
    }
    if (update) {
      const { record: rec, portCallId } = await updateWith(ctx, model, update, field, sent);
      const probe: ReadOnlyProbe = { ...rec, field, sent };
      if (rec.status !== undefined && rec.status >= 200 && rec.status < 300)
        probe.stored = await readBack(ctx, portCallId, field);
      out.push(probe);
    }
  }
  return out;
}
