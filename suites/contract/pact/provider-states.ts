// The provider states of the consumer contracts, set up the way a member's real clients would: through
// its public API with the test tenants' credentials (no test-only backdoor), via the scoped client so
// every setup request is in scope, bounded and recorded. Each handler answers with the values the
// interaction takes `fromProviderState` (ids and ETags created now).
import type { ClientRole, HttpClient, HttpExchange, HttpRequestOptions } from '../../../engine/context.ts';
import { STATES, type StateName } from '../../../contracts/pact/states.ts';
import { isObject } from '../judging.ts';
import { sampleGeneralDeclaration, samplePortCall, type PortCallInput } from '../../../contracts/samples.ts';

export type StateValues = Record<string, string>;

/** A state that could not be set up: the interaction cannot be judged (not a contract failure). */
export class StateSetupError extends Error {
  override name = 'StateSetupError';
}

export interface StateRun {
  values: StateValues;
  /** Evidence ids of the setup requests. */
  evidence: string[];
}

/** Most port calls a paging state creates (bounds what a consumer's parameters can ask for). */
const MAX_PAGE_SIZE = 10;

class Setup {
  readonly evidence: string[] = [];
  #ships = 0;
  constructor(
    private readonly http: HttpClient,
    private readonly state: string,
  ) {}

  async send(
    opts: Omit<HttpRequestOptions, 'label'> & { label: string },
    expect: (status: number) => boolean,
  ): Promise<HttpExchange> {
    const ex = await this.http.request({ ...opts, label: `pact state "${this.state}": ${opts.label}` });
    if (ex.evidenceId) this.evidence.push(ex.evidenceId);
    if (!expect(ex.status)) throw new StateSetupError(`${opts.label} answered HTTP ${ex.status}`);
    return ex;
  }

  /** createPortCall as `as`; the id from the receipt, else from Location. */
  async createPortCall(as: ClientRole): Promise<{ id: string; input: PortCallInput }> {
    const input = samplePortCall({ ship: this.#ships++ });
    const ex = await this.send(
      { method: 'POST', url: '/port-calls', as, body: input, label: `create a port call as ${as}` },
      (s) => s === 201,
    );
    const fromBody = isObject(ex.json) && typeof ex.json.portCallId === 'string' ? ex.json.portCallId : undefined;
    const fromLocation = ex.headers.location?.split('/').filter(Boolean).pop();
    const id = fromBody ?? (fromLocation ? decodeURIComponent(fromLocation) : undefined);
    if (!id) throw new StateSetupError('createPortCall answered 201 without a port call id');
    return { id, input };
  }

  async etagOf(id: string): Promise<string> {
    const ex = await this.send(
      { method: 'GET', url: path(id), as: 'agentA', label: 'read the port call for its ETag' },
      (s) => s === 200,
    );
    const etag = ex.headers.etag;
    if (!etag) throw new StateSetupError('getPortCall answered without an ETag');
    return etag;
  }
}

const path = (id: string, suffix = '') => `/port-calls/${encodeURIComponent(id)}${suffix}`;
const ok = (s: number) => s >= 200 && s < 300;

function intParam(params: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new StateSetupError(`parameter ${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function stringParam(params: Record<string, unknown>, key: string): string {
  const v = params[key];
  if (typeof v !== 'string' || v === '') throw new StateSetupError(`parameter ${key} must be a non-empty string`);
  return v;
}

type Handler = (s: Setup, params: Record<string, unknown>) => Promise<StateValues>;

const HANDLERS: Record<StateName, Handler> = {
  async [STATES.portCallOfTenantA](s) {
    const { id } = await s.createPortCall('agentA');
    return { portCallId: id, etag: await s.etagOf(id) };
  },
  async [STATES.portCallOfTenantB](s) {
    const { id } = await s.createPortCall('agentB');
    return { portCallId: id };
  },
  async [STATES.portCallsOfTenantsAAndB](s) {
    const a = await s.createPortCall('agentA');
    const b = await s.createPortCall('agentB');
    return { portCallIdA: a.id, portCallIdB: b.id };
  },
  async [STATES.portCallChangedSinceRead](s) {
    const { id, input } = await s.createPortCall('agentA');
    const staleEtag = await s.etagOf(id);
    const changed = { ...input, personsOnBoard: (input.personsOnBoard ?? 0) + 1 };
    await s.send(
      {
        method: 'PUT',
        url: path(id),
        as: 'agentA',
        headers: { 'If-Match': staleEtag },
        body: changed,
        label: 'change the port call',
      },
      ok,
    );
    const etag = await s.etagOf(id);
    if (etag === staleEtag) throw new StateSetupError(`the update left the ETag at ${etag}, so no stale ETag exists`);
    return { portCallId: id, staleEtag, etag };
  },
  async [STATES.cancelledPortCallOfTenantA](s) {
    const { id } = await s.createPortCall('agentA');
    await s.send(
      {
        method: 'POST',
        url: path(id, '/cancel'),
        as: 'agentA',
        body: { reason: 'Voyage cancelled by the owner' },
        label: 'cancel the port call',
      },
      ok,
    );
    return { portCallId: id, etag: await s.etagOf(id) };
  },
  async [STATES.generalDeclarationOnFile](s, params) {
    const crew = intParam(params, 'numberOfCrew', 1, 1000);
    const passengers = intParam(params, 'numberOfPassengers', 0, 10_000);
    const { id, input } = await s.createPortCall('agentA');
    const ex = await s.send(
      {
        method: 'POST',
        url: path(id, '/formalities/general-declaration'),
        as: 'agentA',
        body: sampleGeneralDeclaration(input, { crew, passengers }),
        label: 'submit the general declaration',
      },
      (st) => st === 201,
    );
    const receiptId = isObject(ex.json) && typeof ex.json.receiptId === 'string' ? ex.json.receiptId : '';
    return { portCallId: id, receiptId };
  },
  async [STATES.morePortCallsThanOnePage](s, params) {
    const pageSize = intParam(params, 'pageSize', 1, MAX_PAGE_SIZE);
    for (let i = 0; i <= pageSize; i++) await s.createPortCall('agentA');
    const ex = await s.send(
      { method: 'GET', url: `/port-calls?limit=${pageSize}`, as: 'agentA', label: 'list the first page' },
      (st) => st === 200,
    );
    const cursor = isObject(ex.json) ? ex.json.nextCursor : undefined;
    if (typeof cursor !== 'string' || cursor === '')
      throw new StateSetupError(`the first page of ${pageSize} has no nextCursor`);
    return { cursor };
  },
  async [STATES.arrivedPortCallOfTenantA](s, params) {
    const ata = stringParam(params, 'ata');
    const { id } = await s.createPortCall('agentA');
    await s.send(
      { method: 'POST', url: path(id, '/arrival'), as: 'agentA', body: { ata }, label: 'record the arrival' },
      (st) => st === 200,
    );
    return { portCallId: id };
  },
};

export function isKnownState(name: string): name is StateName {
  return Object.hasOwn(HANDLERS, name);
}

/**
 * Sets up one provider state. Throws StateSetupError (unknown state, refused setup request,
 * bad parameters); transport and scope errors of the client propagate as they are.
 */
export async function setUpState(http: HttpClient, state: string, params: unknown): Promise<StateRun> {
  if (!isKnownState(state)) throw new StateSetupError(`no provider state handler for "${state}"`);
  const setup = new Setup(http, state);
  try {
    const values = await HANDLERS[state](setup, isObject(params) ? params : {});
    return { values, evidence: setup.evidence };
  } catch (err) {
    (err as { evidence?: string[] }).evidence = setup.evidence;
    throw err;
  }
}
