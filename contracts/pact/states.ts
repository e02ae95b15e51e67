// Provider states: the preconditions consumers name in `given(...)`. A verifier sets each one up
// through the member's public API and answers with the values the interaction's request and
// expected response take `fromProviderState` (ids and ETags created at verification time).
// Names and value keys are shared by the consumer tests and the provider's state handlers.

export const STATES = {
  /** → { portCallId, etag } */
  portCallOfTenantA: 'a port call exists for tenant A',
  /** → { portCallId } (created by tenant B's agent) */
  portCallOfTenantB: 'a port call exists for tenant B',
  /** → { portCallIdA, portCallIdB } */
  portCallsOfTenantsAAndB: 'port calls exist for tenants A and B',
  /** → { portCallId, staleEtag, etag }: read (staleEtag), then changed by another update (etag). */
  portCallChangedSinceRead: 'a port call of tenant A was changed since it was read',
  /** → { portCallId, etag } */
  cancelledPortCallOfTenantA: 'a cancelled port call exists for tenant A',
  /** params { numberOfCrew, numberOfPassengers } → { portCallId, receiptId } */
  generalDeclarationOnFile: 'a port call of tenant A has a general declaration on file',
  /** params { pageSize } → { cursor }: the nextCursor of the first page of that size */
  morePortCallsThanOnePage: 'tenant A has more port calls than fit on one page',
  /** params { ata } → { portCallId } */
  arrivedPortCallOfTenantA: 'a port call of tenant A has arrived',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];

export interface GeneralDeclarationParams {
  numberOfCrew: number;
  numberOfPassengers: number;
}

export interface PageParams {
  pageSize: number;
}

export interface ArrivedParams {
  /** The recorded actual time of arrival (RFC 3339 with offset). */
  ata: string;
}
