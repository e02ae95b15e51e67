// AuthzProbes: object- and function-level authorization (OWASP API1, API5) and read-only members
// (API3), at every place the probe plan derives from the document: each tenant-scoped operation
// (each formality type) in both directions between the two agent tenants, each authority-only
// operation as each agent on its own and on the other tenant's port call, each read-only member in
// each body that writes a port call. Every step is recorded; the checks judge.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { parseDirection } from '../../../contracts/plan/authorization.ts';
import { samplePortCall } from '../../../contracts/samples.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { ClientRole, CollectContext, HttpExchange } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import type { Place } from '../../../engine/types.ts';
import { clientOf, outOfTime, placesToProbe, type Unprobed } from './plan-places.ts';
import { readOnlyProbes, type ReadOnlyProbes } from './read-only-probes.ts';
import {
  createPortCall,
  isObject,
  openApiOf,
  operationUrl,
  readPortCall,
  record,
  SetupError,
  uniqueShip,
  validBody,
  type ExchangeRecord,
  type OwnPortCall,
} from './requests.ts';

export const TENANT_REQUIREMENT = 'PSW-SEC-AUTHZ-001';
export const ROLE_REQUIREMENT = 'PSW-SEC-AUTHZ-002';

export type TenantAccess = 'read' | 'list' | 'write';

export interface TenantAttempt extends ExchangeRecord {
  placeId: string;
  /** Who reached (the attacker) and whose port call it was. */
  actor: ClientRole;
  owner: ClientRole;
  access: TenantAccess;
  /** The owner's identifiers found in the answer (never ones the actor sent itself). */
  leaked: string[];
  /** list: items of another tenant than the actor's in the pages read. */
  foreignItems?: number;
  /** list: every page read, for evidence. */
  evidence?: string[];
}

/** One resource of the owner as the owner reads it before the attempts and after them. */
export interface OwnerRead {
  owner: ClientRole;
  /** The URL read (the owner's port call, its formalities, one formality). */
  url: string;
  operationId: string;
  beforeStatus?: number;
  afterStatus?: number;
  /** Top-level members whose value differs between the two reads. */
  changed: string[];
  afterEvidenceId?: string;
}

/** The authority's reach over an owner's port call (PSW-API-009: the authority sees every tenant's). */
export interface AuthorityReach {
  owner: ClientRole;
  read?: ExchangeRecord;
  /** Whether the owner's port call was in the authority's list; undefined when the pages ran out first. */
  listed?: boolean;
  listPages: number;
  listEvidenceId?: string;
}

export interface TenantIsolationProbes {
  /** The planned places of PSW-SEC-AUTHZ-001. */
  places: Place[];
  attempts: TenantAttempt[];
  ownerReads: OwnerRead[];
  authority: AuthorityReach[];
  notProbed: Unprobed[];
}

export interface ClearanceAttempt extends ExchangeRecord {
  placeId: string;
  actor: ClientRole;
  owner: ClientRole;
  /** The port call's clearance as its owner read it back afterwards (null: none). */
  clearanceAfter?: unknown;
  versionBefore?: unknown;
  versionAfter?: unknown;
  readStatus?: number;
  readEvidenceId?: string;
}

export interface RoleRestrictionProbes {
  /** The planned places of PSW-SEC-AUTHZ-002. */
  places: Place[];
  attempts: ClearanceAttempt[];
  notProbed: Unprobed[];
}

export interface AuthzProbes {
  tenant: TenantIsolationProbes;
  roles: RoleRestrictionProbes;
  readOnly: ReadOnlyProbes;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    AuthzProbes: AuthzProbes;
  }
}

/** Bound on list pages followed (limit=100 each) looking for another tenant's port call. */
export const MAX_LIST_PAGES = 10;
/** The authority's list is every tenant's: it may take more pages to reach a port call of this run. */
export const MAX_AUTHORITY_LIST_PAGES = 20;

/** Which of `secrets` occur in the answer's body or headers. */
export function leakedIn(ex: Pick<HttpExchange, 'text' | 'headers'>, secrets: Record<string, string>): string[] {
  const haystack = `${ex.text}\n${Object.values(ex.headers).join('\n')}`.toLowerCase();
  return Object.entries(secrets)
    .filter(([, value]) => value !== '' && haystack.includes(value.toLowerCase()))
    .map(([name]) => name);
}

/** Top-level members whose JSON differs (a non-object on either side: the whole value, ''). */
export function changedMembers(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [''];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

export const authzProbesCollector = defineCollector({
  name: 'AuthzProbes',
  description:
    "Each tenant against the other's data at every tenant-scoped operation, agents at the authority's operations, and read-only members in every body that writes a port call",
  dependsOn: ['OpenApi', 'ProbePlan'],
  // Tenants, the authority and port calls of their own: profile v1's conventions.
  standard: 'psw-v1',
  timeoutMs: 150_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<AuthzProbes> {
    const model = await openApiOf(ctx, deps);
    // Three independent families, each on port calls of its own: run side by side.
    const [tenant, roles, readOnly] = await Promise.all([
      tenantIsolation(ctx, deps, model),
      roleRestrictions(ctx, deps, model),
      readOnlyProbes(ctx, deps, model),
    ]);
    return { tenant, roles, readOnly };
  },
});

// ---------------------------------------------------------------- tenant isolation

const accessOf = (op: OperationModel): TenantAccess =>
  op.method === 'GET' || op.method === 'HEAD'
    ? op.parameters.some((p) => p.in === 'path')
      ? 'read'
      : 'list'
    : 'write';

/** Reads first, then replacements, then submissions (deepest paths first), then deletions. */
function attemptRank(op: OperationModel): number {
  const access = accessOf(op);
  if (access !== 'write') return access === 'list' ? 0 : 1;
  if (op.method === 'PUT' || op.method === 'PATCH') return 2;
  if (op.method === 'DELETE') return 20;
  return 10 - op.pathTemplate.split('/').length;
}

interface OwnerSetup {
  role: ClientRole;
  own: OwnPortCall;
  etag?: string;
  /** The `tenant` member of the owner's port call, as the API reports it. */
  tenant?: string;
  /** GET paths (of places) whose data the owner could not create: reads there prove nothing. */
  missing: Map<string, string>;
  reads: Map<string, { url: string; operationId: string; status?: number; json?: unknown }>;
}

async function tenantIsolation(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
): Promise<TenantIsolationProbes> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, TENANT_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const attempts: TenantAttempt[] = [];
  const opById = new Map(model.operations.map((o) => [o.operationId, o]));
  const runnable: { place: Place; op: OperationModel; actor: ClientRole; owner: ClientRole }[] = [];
  for (const place of chosen) {
    const d = parseDirection(place.variant);
    const op = opById.get(place.operationId ?? '');
    const actor = clientOf(ctx, d?.actor);
    const owner = clientOf(ctx, d?.owner);
    if (!op || !d) notProbed.push({ id: place.id, why: 'not-applicable', detail: 'no such operation or direction' });
    else if (!actor || !owner)
      notProbed.push({ id: place.id, why: 'not-exposed', detail: `no credentials for ${actor ? d.owner : d.actor}` });
    else runnable.push({ place, op, actor, owner });
  }

  // Every owner (and every actor: its own tenant is what "foreign" is measured against) gets a port
  // call with data at every place the others will reach for.
  const roles = [...new Set(runnable.flatMap((r) => [r.owner, r.actor]))];
  const setups = new Map<ClientRole, OwnerSetup>();
  for (const role of roles) {
    if (outOfTime(ctx)) break;
    try {
      setups.set(
        role,
        await ownerSetup(
          ctx,
          model,
          role,
          runnable.filter((r) => r.owner === role),
        ),
      );
    } catch (err) {
      if (!(err instanceof SetupError)) throw err;
      for (const r of runnable.filter((x) => x.owner === role))
        notProbed.push({ id: r.place.id, why: 'precondition-failed', detail: err.message });
    }
  }

  const queue = runnable.filter((r) => setups.has(r.owner)).sort((a, b) => attemptRank(a.op) - attemptRank(b.op));
  for (const r of queue) {
    const owner = setups.get(r.owner)!;
    if (outOfTime(ctx)) {
      notProbed.push({ id: r.place.id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    const missing = owner.missing.get(r.place.path ?? '');
    if (missing && accessOf(r.op) === 'read') {
      notProbed.push({ id: r.place.id, why: 'precondition-failed', detail: missing });
      continue;
    }
    if (accessOf(r.op) === 'list')
      attempts.push(await listAttempt(ctx, model, r.op, r.place, r.actor, owner, setups.get(r.actor)?.tenant));
    else attempts.push(await attempt(ctx, model, r.op, r.place, r.actor, owner));
  }

  // The owners read their data back: nothing changed, nothing was added.
  const ownerReads: OwnerRead[] = [];
  for (const owner of setups.values()) {
    if (!runnable.some((r) => r.owner === owner.role)) continue;
    for (const [url, before] of owner.reads) {
      const ex = await ctx.http.request({
        method: 'GET',
        url,
        as: owner.role,
        label: `authz: ${owner.role} reads its ${before.operationId} back`,
      });
      ownerReads.push({
        owner: owner.role,
        url,
        operationId: before.operationId,
        ...(before.status !== undefined ? { beforeStatus: before.status } : {}),
        afterStatus: ex.status,
        changed: before.status === 200 && ex.status === 200 ? changedMembers(before.json, ex.json) : [],
        ...(ex.evidenceId ? { afterEvidenceId: ex.evidenceId } : {}),
      });
    }
  }
  const authority = ctx.target.credentials.authority ? await authorityReach(ctx, model, [...setups.values()]) : [];
  return { places, attempts, ownerReads, authority, notProbed };
}

/** The owner's port call, the data every read place needs (submitted first), and its reads before. */
async function ownerSetup(
  ctx: CollectContext,
  model: OpenApiModel,
  role: ClientRole,
  places: { place: Place; op: OperationModel }[],
): Promise<OwnerSetup> {
  const own = await createPortCall(ctx, role, `authz: ${role}'s port call`);
  const setup: OwnerSetup = { role, own, missing: new Map(), reads: new Map() };
  const values = { portCallId: own.portCallId };
  const readPaths = new Map<string, OperationModel>();
  for (const { place, op } of places)
    if (accessOf(op) === 'read' && place.path && !readPaths.has(place.path)) readPaths.set(place.path, op);
  // Data at a read place comes from the write operation at the same concrete path (a formality is
  // read where it is submitted).
  for (const path of readPaths.keys()) {
    const writer = model.operations.find((o) => o.method === 'POST' && o.pathTemplate === path && o.requestBody);
    if (!writer) continue;
    const ex = await ctx.http.request({
      method: writer.method,
      url: operationUrl(model, writer, ctx.target.apiBaseUrl, values),
      as: role,
      body: validBody(writer, own.input),
      label: `authz: ${role} submits ${writer.operationId} to its port call`,
    });
    if (ex.status < 200 || ex.status >= 300)
      setup.missing.set(path, `${role}'s own ${writer.operationId} answered ${ex.status}`);
  }
  for (const [path, op] of readPaths) {
    const url = operationUrl(model, op, ctx.target.apiBaseUrl, values, path);
    const ex = await ctx.http.request({ method: 'GET', url, as: role, label: `authz: ${role} reads its ${path}` });
    setup.reads.set(url, { url, operationId: op.operationId, status: ex.status, json: ex.json });
    if (op.operationId === 'getPortCall' || path === '/port-calls/{portCallId}') {
      if (ex.headers.etag) setup.etag = ex.headers.etag;
      if (isObject(ex.json) && typeof ex.json.tenant === 'string') setup.tenant = ex.json.tenant;
    }
  }
  if (setup.tenant === undefined) {
    const r = await readPortCall(ctx, role, own.portCallId, `authz: ${role} reads its port call`);
    if (typeof r.body?.tenant === 'string') setup.tenant = r.body.tenant;
    setup.etag ??= r.etag;
  }
  setup.etag ??= own.etag;
  return setup;
}

/** One request of the actor at a read or write place of the owner's port call. */
async function attempt(
  ctx: CollectContext,
  model: OpenApiModel,
  op: OperationModel,
  place: Place,
  actor: ClientRole,
  owner: OwnerSetup,
): Promise<TenantAttempt> {
  const url = operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: owner.own.portCallId }, place.path);
  const secrets = { imoNumber: owner.own.input.ship.imoNumber, shipName: owner.own.input.ship.name };
  // The actor's own data in its bodies, so nothing of the owner's is in what it sends.
  const body = op.requestBody ? validBody(op, samplePortCall({ ship: uniqueShip() })) : undefined;
  const base = { placeId: place.id, actor, owner: owner.role, access: accessOf(op) };
  try {
    const ex = await ctx.http.request({
      method: op.method,
      url,
      as: actor,
      body,
      headers: op.method === 'PUT' && owner.etag ? { 'if-match': owner.etag } : {},
      label: `authz: ${actor} ${op.operationId} on ${owner.role}'s port call`,
    });
    return { ...record(op, ex), ...base, leaked: leakedIn(ex, secrets) };
  } catch (err) {
    return { operationId: op.operationId, method: op.method, url, ...base, error: errorMessage(err), leaked: [] };
  }
}

/** The actor's list, page by page (bounded): nothing of the owner's, no item of another tenant. */
async function listAttempt(
  ctx: CollectContext,
  model: OpenApiModel,
  list: OperationModel,
  place: Place,
  actor: ClientRole,
  owner: OwnerSetup,
  actorTenant: string | undefined,
): Promise<TenantAttempt> {
  const base = operationUrl(model, list, ctx.target.apiBaseUrl, { portCallId: '' });
  const secrets = {
    portCallId: owner.own.portCallId,
    imoNumber: owner.own.input.ship.imoNumber,
    shipName: owner.own.input.ship.name,
  };
  const leaked = new Set<string>();
  const evidence: string[] = [];
  let first: ExchangeRecord | undefined;
  let foreign = 0;
  let cursor: string | undefined;
  const what = { placeId: place.id, actor, owner: owner.role, access: 'list' as const };
  try {
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const url = `${base}${base.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const ex = await ctx.http.request({
        method: 'GET',
        url,
        as: actor,
        label: `authz: ${actor} lists (page ${page + 1}), looking for ${owner.role}'s`,
      });
      first ??= record(list, ex);
      if (ex.evidenceId) evidence.push(ex.evidenceId);
      const found = leakedIn(ex, secrets);
      const items = isObject(ex.json) && Array.isArray(ex.json.items) ? ex.json.items : [];
      const foreignHere =
        actorTenant === undefined
          ? 0
          : items.filter((i) => isObject(i) && typeof i.tenant === 'string' && i.tenant !== actorTenant).length;
      foreign += foreignHere;
      for (const f of found) leaked.add(f);
      if ((found.length > 0 || foreignHere > 0) && ex.evidenceId) first = { ...first, evidenceId: ex.evidenceId };
      const next = isObject(ex.json) ? ex.json.nextCursor : undefined;
      if (ex.status !== 200 || typeof next !== 'string' || next === '') break;
      cursor = next;
    }
  } catch (err) {
    return {
      operationId: list.operationId,
      method: list.method,
      url: base,
      ...what,
      error: errorMessage(err),
      leaked: [...leaked],
      foreignItems: foreign,
      evidence,
    };
  }
  return {
    ...(first ?? { operationId: list.operationId, method: list.method, url: base }),
    ...what,
    leaked: [...leaked],
    foreignItems: foreign,
    evidence,
  };
}

/** The authority reads each owner's port call and finds it in its list (bounded pages). */
async function authorityReach(
  ctx: CollectContext,
  model: OpenApiModel,
  owners: OwnerSetup[],
): Promise<AuthorityReach[]> {
  const get = model.operations.find((o) => o.operationId === 'getPortCall');
  const list = model.operations.find((o) => o.operationId === 'listPortCalls');
  const out: AuthorityReach[] = [];
  for (const owner of owners) {
    if (outOfTime(ctx)) break;
    const reach: AuthorityReach = { owner: owner.role, listPages: 0 };
    if (get) {
      const ex = await readPortCall(ctx, 'authority', owner.own.portCallId, `authz: authority reads ${owner.role}'s`);
      reach.read = record(get, ex.exchange);
    }
    out.push(reach);
  }
  if (!list || out.length === 0) return out;
  // One walk of the authority's list, looking for every owner's port call.
  const wanted = new Map(out.map((r) => [owners.find((o) => o.role === r.owner)!.own.portCallId, r]));
  const base = operationUrl(model, list, ctx.target.apiBaseUrl, { portCallId: '' });
  let cursor: string | undefined;
  for (let page = 0; page < MAX_AUTHORITY_LIST_PAGES && !outOfTime(ctx); page++) {
    const url = `${base}${base.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const ex = await ctx.http.request({ method: 'GET', url, as: 'authority', record: false });
    const items = isObject(ex.json) && Array.isArray(ex.json.items) ? ex.json.items : [];
    for (const r of out) r.listPages = page + 1;
    for (const item of items) {
      const r = isObject(item) && typeof item.portCallId === 'string' ? wanted.get(item.portCallId) : undefined;
      if (r) r.listed = true;
    }
    const next = isObject(ex.json) ? ex.json.nextCursor : undefined;
    const last = ex.status !== 200 || typeof next !== 'string' || next === '';
    if (last || out.every((r) => r.listed)) {
      // The page that settled it is the evidence (recorded once more).
      const shown = await ctx.http.request({ method: 'GET', url, as: 'authority', label: 'authz: authority lists' });
      for (const r of out) {
        if (shown.evidenceId) r.listEvidenceId = shown.evidenceId;
        if (ex.status === 200 && r.listed === undefined) r.listed = false;
      }
      break;
    }
    cursor = next;
  }
  return out;
}

// ---------------------------------------------------------------- function-level authorization

async function roleRestrictions(
  ctx: CollectContext,
  deps: Partial<ArtifactMap>,
  model: OpenApiModel,
): Promise<RoleRestrictionProbes> {
  const { places, chosen, skipped } = placesToProbe(ctx, deps, model, ROLE_REQUIREMENT);
  const notProbed: Unprobed[] = [...skipped];
  const attempts: ClearanceAttempt[] = [];
  for (const place of chosen) {
    const d = parseDirection(place.variant);
    const op = model.operations.find((o) => o.operationId === place.operationId);
    const actor = clientOf(ctx, d?.actor);
    const owner = clientOf(ctx, d?.owner);
    if (!op || !d) {
      notProbed.push({ id: place.id, why: 'not-applicable', detail: 'no such operation or direction' });
      continue;
    }
    if (!actor || !owner) {
      notProbed.push({ id: place.id, why: 'not-exposed', detail: `no credentials for ${actor ? d.owner : d.actor}` });
      continue;
    }
    if (outOfTime(ctx)) {
      notProbed.push({ id: place.id, why: 'stopped', detail: 'the collector ran out of time' });
      continue;
    }
    try {
      attempts.push(await restrictedAttempt(ctx, model, op, place, actor, owner));
    } catch (err) {
      if (!(err instanceof SetupError)) throw err;
      notProbed.push({ id: place.id, why: 'precondition-failed', detail: err.message });
    }
  }
  return { places, attempts, notProbed };
}

/**
 * The owner creates a port call; the actor calls the restricted operation on it (the clearance
 * decision: `granted`); the owner reads the port call back.
 */
async function restrictedAttempt(
  ctx: CollectContext,
  model: OpenApiModel,
  op: OperationModel,
  place: Place,
  actor: ClientRole,
  owner: ClientRole,
): Promise<ClearanceAttempt> {
  const own = await createPortCall(ctx, owner, `authz: ${owner}'s port call for ${place.id}`);
  const before = await readPortCall(ctx, owner, own.portCallId, `authz: ${owner} reads it before ${place.id}`);
  const url = operationUrl(model, op, ctx.target.apiBaseUrl, { portCallId: own.portCallId });
  const valid = validBody(op, own.input);
  const body = isObject(valid) ? { ...valid, decision: 'granted' } : valid;
  const base = { placeId: place.id, actor, owner, versionBefore: before.body?.version };
  let result: ClearanceAttempt;
  try {
    const ex = await ctx.http.request({
      method: op.method,
      url,
      as: actor,
      body,
      label: `authz: ${actor} calls ${op.operationId} on ${owner === actor ? 'its own' : `${owner}'s`} port call`,
    });
    result = { ...record(op, ex), ...base };
  } catch (err) {
    return { operationId: op.operationId, method: op.method, url, ...base, error: errorMessage(err) };
  }
  const back = await readPortCall(ctx, owner, own.portCallId, `authz: ${owner} reads it back after ${place.id}`);
  return {
    ...result,
    readStatus: back.exchange.status,
    ...(back.body && 'clearance' in back.body ? { clearanceAfter: back.body.clearance } : {}),
    ...(back.body ? { versionAfter: back.body.version } : {}),
    ...(back.exchange.evidenceId ? { readEvidenceId: back.exchange.evidenceId } : {}),
  };
}
