// AuthzProbes: object- and function-level authorization (OWASP API1, API5) and read-only properties
// (API3). Tenant B goes after tenant A's port call; an agent tries the authority's clearance
// decision; create and update bodies carry server-owned fields. Every step is recorded; the checks
// judge.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpExchange } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import { readOnlyProbes, updateWith, type ReadOnlyProbe } from './read-only-probes.ts';
import {
  createPortCall,
  isObject,
  openApiOf,
  operationUrl,
  readPortCall,
  record,
  uniqueShip,
  validBody,
  type ExchangeRecord,
  type OwnPortCall,
} from './requests.ts';

export type CrossTenantAction = 'read' | 'list' | 'update' | 'formality' | 'arrival' | 'cancel';

export interface CrossTenantAttempt extends ExchangeRecord {
  action: CrossTenantAction;
  /** Tenant A's identifiers found in the answer (only ones B did not send itself). */
  leaked: string[];
  /** Further pages read (list), for evidence. */
  evidence?: string[];
}

export interface OwnerView {
  /** A's port call as A read it before B's attempts and after them. */
  beforeStatus?: number;
  afterStatus?: number;
  /** Top-level members whose value differs between the two reads. */
  changed: string[];
  afterEvidenceId?: string;
  /** Formalities on A's port call afterwards (A submitted none). */
  formalities?: { status?: number; count?: number; evidenceId?: string };
}

export interface ClearanceAttempt extends ExchangeRecord {
  /** The port call's clearance as read back afterwards (null: none recorded). */
  clearanceAfter?: unknown;
  readStatus?: number;
  readEvidenceId?: string;
}

export interface AuthzProbes {
  owner: { portCallId: string; imoNumber: string; shipName: string };
  crossTenant: CrossTenantAttempt[];
  ownerView: OwnerView;
  /** Absent when the document has no decideClearance operation. */
  clearance?: ClearanceAttempt;
  readOnly: ReadOnlyProbe[];
  /** The same update without a read-only field: it must succeed, or a refusal proves nothing. */
  updateControl?: ExchangeRecord;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    AuthzProbes: AuthzProbes;
  }
}

/** Bound on list pages followed when looking for A's port call in B's list. */
const MAX_LIST_PAGES = 10;

/** Which of `secrets` occur in the answer's body or headers. */
export function leakedIn(ex: Pick<HttpExchange, 'text' | 'headers'>, secrets: Record<string, string>): string[] {
  const haystack = `${ex.text}\n${Object.values(ex.headers).join('\n')}`.toLowerCase();
  return Object.entries(secrets)
    .filter(([, value]) => value !== '' && haystack.includes(value.toLowerCase()))
    .map(([name]) => name);
}

/** Top-level members whose JSON differs. */
export function changedMembers(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

export const authzProbesCollector = defineCollector({
  name: 'AuthzProbes',
  description:
    "Tenant B against tenant A's port call, an agent deciding clearance, and read-only fields in create and update bodies",
  dependsOn: ['OpenApi'],
  timeoutMs: 120_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<AuthzProbes> {
    const model = await openApiOf(ctx, deps);
    const op = (id: string) => model.operations.find((o) => o.operationId === id);
    const own = await createPortCall(ctx, 'agentA', 'authz: tenant A port call');
    const owner = { portCallId: own.portCallId, imoNumber: own.input.ship.imoNumber, shipName: own.input.ship.name };

    const before = await readPortCall(ctx, 'agentA', own.portCallId, 'authz: A reads its port call (before)');
    const etag = before.etag ?? own.etag;
    const crossTenant = await crossTenantAttempts(ctx, model, op, own, etag);

    const after = await readPortCall(ctx, 'agentA', own.portCallId, 'authz: A reads its port call (after)');
    const ownerView: OwnerView = {
      beforeStatus: before.exchange.status,
      afterStatus: after.exchange.status,
      changed: before.body && after.body ? changedMembers(before.body, after.body) : [],
      ...(after.exchange.evidenceId ? { afterEvidenceId: after.exchange.evidenceId } : {}),
    };
    const listFormalities = op('listFormalities');
    if (listFormalities) {
      const url = operationUrl(model, listFormalities, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
      const ex = await ctx.http.request({
        method: 'GET',
        url,
        as: 'agentA',
        label: 'authz: A lists its formalities (after)',
      });
      const items = isObject(ex.json) && Array.isArray(ex.json.items) ? ex.json.items.length : undefined;
      ownerView.formalities = {
        status: ex.status,
        ...(items !== undefined ? { count: items } : {}),
        ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
      };
    }

    const decide = op('decideClearance');
    const clearance = decide ? await clearanceAttempt(ctx, model, decide) : undefined;
    const readOnly = await readOnlyProbes(ctx, model, op);
    const update = op('updatePortCall');
    const updateControl = update ? await updateWith(ctx, model, update, undefined) : undefined;
    return {
      owner,
      crossTenant,
      ownerView,
      ...(clearance ? { clearance } : {}),
      readOnly,
      ...(updateControl ? { updateControl: updateControl.record } : {}),
    };
  },
});

async function crossTenantAttempts(
  ctx: CollectContext,
  model: OpenApiModel,
  op: (id: string) => OperationModel | undefined,
  own: OwnPortCall,
  etag: string | undefined,
): Promise<CrossTenantAttempt[]> {
  const out: CrossTenantAttempt[] = [];
  const secrets = { imoNumber: own.input.ship.imoNumber, shipName: own.input.ship.name };
  // B's own data in B's bodies, so nothing of A's is in what B sends.
  const bInput = samplePortCall({ ship: uniqueShip() });
  const attempt = async (
    action: CrossTenantAction,
    operationId: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const o = op(operationId);
    if (!o) return;
    const url = operationUrl(model, o, ctx.target.apiBaseUrl, {
      portCallId: own.portCallId,
      formalityType: 'general-declaration',
    });
    try {
      const ex = await ctx.http.request({
        method: o.method,
        url,
        as: 'agentB',
        body,
        headers,
        label: `authz: tenant B ${action} on A's port call`,
      });
      // B sent the portCallId itself (in the path): finding it echoed back discloses nothing.
      out.push({ ...record(o, ex), action, leaked: leakedIn(ex, secrets) });
    } catch (err) {
      out.push({ operationId: o.operationId, method: o.method, url, action, error: errorMessage(err), leaked: [] });
    }
  };

  await attempt('read', 'getPortCall');
  const list = op('listPortCalls');
  if (list) out.push(await listAttempt(ctx, model, list, { ...secrets, portCallId: own.portCallId }));
  await attempt('update', 'updatePortCall', bInput, etag ? { 'if-match': etag } : {});
  const fal1 = op('submitGeneralDeclaration');
  if (fal1) await attempt('formality', 'submitGeneralDeclaration', validBody(fal1, bInput));
  const arrival = op('recordArrival');
  if (arrival) await attempt('arrival', 'recordArrival', validBody(arrival, bInput));
  const cancel = op('cancelPortCall');
  if (cancel) await attempt('cancel', 'cancelPortCall', validBody(cancel, bInput));
  return out;
}

/** B's list, page by page (bounded): A's port call must not be in it. */
async function listAttempt(
  ctx: CollectContext,
  model: OpenApiModel,
  list: OperationModel,
  secrets: Record<string, string>,
): Promise<CrossTenantAttempt> {
  const base = operationUrl(model, list, ctx.target.apiBaseUrl, { portCallId: '' });
  const leaked = new Set<string>();
  const evidence: string[] = [];
  let first: ExchangeRecord | undefined;
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const url = `${base}${base.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const ex = await ctx.http.request({
        method: 'GET',
        url,
        as: 'agentB',
        label: `authz: tenant B lists port calls (page ${page + 1})`,
      });
      first ??= record(list, ex);
      if (ex.evidenceId) evidence.push(ex.evidenceId);
      const found = leakedIn(ex, secrets);
      for (const f of found) leaked.add(f);
      if (found.length > 0 && ex.evidenceId) first = { ...first, evidenceId: ex.evidenceId };
      const next = isObject(ex.json) ? ex.json.nextCursor : undefined;
      if (ex.status !== 200 || typeof next !== 'string' || next === '') break;
      cursor = next;
    }
  } catch (err) {
    return {
      operationId: list.operationId,
      method: list.method,
      url: base,
      action: 'list',
      error: errorMessage(err),
      leaked: [...leaked],
      evidence,
    };
  }
  return {
    ...(first ?? { operationId: list.operationId, method: list.method, url: base }),
    action: 'list',
    leaked: [...leaked],
    evidence,
  };
}

/** agentA, on its own port call, tries the authority-only decision; then reads the port call back. */
async function clearanceAttempt(
  ctx: CollectContext,
  model: OpenApiModel,
  decide: OperationModel,
): Promise<ClearanceAttempt> {
  const own = await createPortCall(ctx, 'agentA', 'authz: port call for the clearance probe');
  const url = operationUrl(model, decide, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
  const body = { ...(validBody(decide, own.input) as Record<string, unknown>), decision: 'granted' };
  let attempt: ClearanceAttempt;
  try {
    const ex = await ctx.http.request({
      method: decide.method,
      url,
      as: 'agentA',
      body,
      label: 'authz: agent decides clearance',
    });
    attempt = record(decide, ex);
  } catch (err) {
    return { operationId: decide.operationId, method: decide.method, url, error: errorMessage(err) };
  }
  const back = await readPortCall(ctx, 'agentA', own.portCallId, 'authz: read back after the agent clearance attempt');
  return {
    ...attempt,
    readStatus: back.exchange.status,
    ...(back.body && 'clearance' in back.body ? { clearanceAfter: back.body.clearance } : {}),
    ...(back.exchange.evidenceId ? { readEvidenceId: back.exchange.evidenceId } : {}),
  };
}
