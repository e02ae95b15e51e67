// What a generic reading of the document cannot know about profile v1: realistic messages (the
// contract suite's samples, identifiers with valid check digits), who may call what, and the
// state an operation needs first (a departure needs an arrival; reading a formality needs one).
import type { OperationModel } from '../../../contracts/openapi.ts';
import { bermanBody, buildInterchange, type PortCallLike } from '../../../contracts/edifact/build.ts';
import type { ClientRole, CollectContext, HttpExchange } from '../../../engine/context.ts';
import {
  formatDateTime,
  sampleCrewList,
  sampleDangerousGoods,
  sampleGeneralDeclaration,
  samplePassengerList,
  samplePortCall,
  sampleSecurityNotification,
  sampleWasteNotification,
} from '../../../contracts/samples.ts';

/** Sends an operation's base request with some path parameters fixed (setup steps of a state). */
export type RunOperation = (operationId: string, fixed: Record<string, string>) => Promise<HttpExchange | undefined>;

export interface ResourceState {
  /** Distinguishes resources in this state from plain ones (they are created and kept apart). */
  name: string;
  /** Path parameters that go with the state (e.g. which formality is on file). */
  params?: Record<string, string>;
  /** Brings a freshly created resource into the state; a reason when it could not. */
  setup(id: string, run: RunOperation): Promise<string | undefined>;
}

/** Standard-specific knowledge; every hook is optional and the generic planner does the rest. */
export interface StandardPlan {
  /** A valid request body for the operation (validated against the document before use). */
  body?(op: OperationModel): unknown;
  role?(op: OperationModel): ClientRole | undefined;
  state?(op: OperationModel): ResourceState | undefined;
  /** An exchange proving the operation works that needs no request of the tour's own. */
  tour?(op: OperationModel, ctx: CollectContext): Promise<HttpExchange | undefined>;
}

const HOUR_MS = 3_600_000;

function ok(ex: HttpExchange | undefined, what: string): string | undefined {
  if (!ex) return `${what} got no response`;
  return ex.status >= 200 && ex.status < 300 ? undefined : `${what} answered HTTP ${ex.status}`;
}

/** Profile v1's plan; `now` fixes every date so a seed replays the same messages (within a day). */
export function profileV1Plan(now: Date): StandardPlan {
  const portCall = samplePortCall({ now, ship: 0 });
  const ata = new Date(Date.parse(portCall.eta) + HOUR_MS);
  const bodies: Record<string, () => unknown> = {
    createPortCall: () => portCall,
    updatePortCall: () => ({ ...portCall, personsOnBoard: 24 }),
    cancelPortCall: () => ({ reason: 'Voyage cancelled by the owner' }),
    recordArrival: () => ({ ata: formatDateTime(ata, 60) }),
    recordDeparture: () => ({ atd: formatDateTime(new Date(ata.getTime() + 30 * HOUR_MS), 0) }),
    decideClearance: () => ({ decision: 'granted', remarks: 'Cleared for berthing' }),
    submitGeneralDeclaration: () => sampleGeneralDeclaration(portCall, { crew: 2, passengers: 1 }),
    submitCrewList: () => sampleCrewList(2),
    submitPassengerList: () => samplePassengerList(portCall, 1),
    submitDangerousGoods: () => sampleDangerousGoods(),
    submitWasteNotification: () => sampleWasteNotification(portCall, now),
    submitSecurityNotification: () => sampleSecurityNotification(portCall, now),
    // The EDIFACT channel's body is text: one BERMAN notifying the same port call.
    submitEdifactInterchange: () =>
      buildInterchange([{ type: 'BERMAN', release: '00A', body: bermanBody(portCall as PortCallLike, 'TOUR1') }], {
        controlRef: 'TOUR1',
      }),
  };
  const states: Record<string, ResourceState> = {
    recordDeparture: {
      name: 'arrived',
      setup: async (id, run) => ok(await run('recordArrival', { portCallId: id }), 'recordArrival'),
    },
    getFormality: {
      name: 'general-declaration-on-file',
      params: { formalityType: 'general-declaration' },
      setup: async (id, run) =>
        ok(await run('submitGeneralDeclaration', { portCallId: id }), 'submitGeneralDeclaration'),
    },
  };
  return {
    body: (op) => bodies[op.operationId]?.(),
    role: (op) => (op.operationId === 'decideClearance' ? 'authority' : undefined),
    state: (op) => states[op.operationId],
    // The token provider's own request is the token endpoint's exchange.
    tour: async (op, ctx) => (op.operationId === 'issueToken' ? ctx.auth.tokenExchange('agentA') : undefined),
  };
}
