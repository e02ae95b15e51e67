// Every interaction of the consumer contracts, as data: its description (the pact's key, and with
// the consumer the check id), the operation it exercises and the requirements it bears on besides
// PSW-API-013 (which every interaction cites). The consumer tests take their descriptions from
// here, and the verification checks take their requirements from here.
import { interactionCheckId, type ConsumerName } from './names.ts';

export interface InteractionMeta {
  consumer: ConsumerName;
  description: string;
  /** The profile operation the interaction calls. */
  operationId: string;
  /** Requirement ids besides PSW-API-013. */
  requirements: readonly string[];
}

/** The requirement every interaction check cites. */
export const CONSUMER_CONTRACTS_REQUIREMENT = 'PSW-API-013';

function table<K extends string>(
  consumer: ConsumerName,
  rows: Record<K, [description: string, operationId: string, requirements: readonly string[]]>,
): Record<K, InteractionMeta> {
  const out = {} as Record<K, InteractionMeta>;
  for (const [key, [description, operationId, requirements]] of Object.entries(rows) as [
    K,
    [string, string, readonly string[]],
  ][]) {
    out[key] = { consumer, description, operationId, requirements };
  }
  return out;
}

export const AGENT = table('shipping-agent-system', {
  notify: ['notify a port call', 'createPortCall', ['PSW-API-003', 'PSW-API-007']],
  notifyWrongImo: [
    'notify a port call with a wrong IMO check digit',
    'createPortCall',
    ['PSW-API-007', 'PSW-API-011', 'PSW-ID-001'],
  ],
  read: ['read a port call', 'getPortCall', ['PSW-API-001']],
  readOtherTenant: ["read another tenant's port call", 'getPortCall', ['PSW-SEC-AUTHZ-001']],
  update: ['update a port call with its current ETag', 'updatePortCall', ['PSW-API-007']],
  updateStale: ['update a port call with a stale ETag', 'updatePortCall', ['PSW-API-005']],
  cancel: ['cancel a port call', 'cancelPortCall', ['PSW-API-001']],
  updateCancelled: ['update a cancelled port call', 'updatePortCall', ['PSW-API-006']],
  generalDeclaration: ['submit a general declaration (FAL1)', 'submitGeneralDeclaration', ['PSW-API-007']],
  crewList: ['submit a crew list (FAL5)', 'submitCrewList', ['PSW-API-007', 'PSW-BR-002']],
  crewListMismatch: [
    'submit a crew list that contradicts the general declaration',
    'submitCrewList',
    ['PSW-API-007', 'PSW-BR-002'],
  ],
  passengerList: ['submit a passenger list (FAL6)', 'submitPassengerList', ['PSW-API-007', 'PSW-BR-003']],
  dangerousGoods: ['submit a dangerous goods declaration (FAL7)', 'submitDangerousGoods', ['PSW-API-007']],
  waste: ['submit a waste notification', 'submitWasteNotification', ['PSW-API-007']],
  security: ['submit a security notification', 'submitSecurityNotification', ['PSW-API-007']],
  listFormalities: ['list the formalities of a port call', 'listFormalities', []],
  readFormality: ['read the general declaration of a port call', 'getFormality', []],
  decideClearance: ['decide clearance as a shipping agent', 'decideClearance', ['PSW-SEC-AUTHZ-002']],
});

export const AUTHORITY = table('national-authority-system', {
  list: ['list port calls of every tenant', 'listPortCalls', ['PSW-API-009']],
  read: ["read a shipping agent's port call", 'getPortCall', ['PSW-API-001']],
  grant: ['grant clearance', 'decideClearance', ['PSW-SEC-AUTHZ-002']],
  decideCancelled: ['decide clearance of a cancelled port call', 'decideClearance', ['PSW-API-008']],
});

export const PCS = table('port-community-system', {
  firstPage: ['list port calls one page at a time', 'listPortCalls', ['PSW-API-009']],
  nextPage: ['follow the cursor to the next page of port calls', 'listPortCalls', ['PSW-API-009']],
  read: ['read a port call', 'getPortCall', ['PSW-API-001']],
  arrival: ['record the arrival of a port call', 'recordArrival', ['PSW-BR-004']],
  departure: ['record the departure of a port call', 'recordDeparture', ['PSW-BR-004']],
  departureBeforeArrival: ['record a departure before the arrival', 'recordDeparture', ['PSW-BR-004', 'PSW-API-011']],
});

export const INTERACTIONS: readonly InteractionMeta[] = [
  ...Object.values(AGENT),
  ...Object.values(AUTHORITY),
  ...Object.values(PCS),
];

/** The metadata of an interaction of a pact, if it is one of ours (a broker may hold others). */
export function interactionMeta(consumer: string, description: string): InteractionMeta | undefined {
  return INTERACTIONS.find((i) => i.consumer === consumer && i.description === description);
}

/** Requirement ids of an interaction's check: PSW-API-013 first, then its own. */
export function interactionRequirements(consumer: string, description: string): string[] {
  const own = interactionMeta(consumer, description)?.requirements ?? [];
  return [CONSUMER_CONTRACTS_REQUIREMENT, ...own.filter((r) => r !== CONSUMER_CONTRACTS_REQUIREMENT)];
}

export { interactionCheckId };
