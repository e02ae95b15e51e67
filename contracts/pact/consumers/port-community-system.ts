// The port community system (acting for tenant A): pages through port calls, records the actual
// times of arrival and departure, reads a port call.
import { MatchersV3 } from '@pact-foundation/pact';
import { assert, refusal, type ConsumerSuite, type ConsumerTest } from '../consumer-suite.ts';
import { EXAMPLE } from '../examples.ts';
import { PCS } from '../interactions.ts';
import {
  ACCEPT_HEADERS,
  JSON_HEADERS,
  JSON_REQUEST_HEADERS,
  listedPortCallBody,
  portCallBody,
  PROBLEM_HEADERS,
  ruleViolationBody,
} from '../matchers.ts';
import { STATES } from '../states.ts';
import { portCallPath } from './paths.ts';

const { eachLike, fromProviderState, string } = MatchersV3;
const ID = EXAMPLE.portCallId;
const PAGE = EXAMPLE.pageSize;
const MANY = [STATES.morePortCallsThanOnePage, { pageSize: PAGE }] as const;
const ARRIVED = [STATES.arrivedPortCallOfTenantA, { ata: EXAMPLE.ata }] as const;

/** A page item: any stage (a PCS lists the port calls whatever their stage). */
const listedPortCall = listedPortCallBody();

const tests: ConsumerTest[] = [
  {
    meta: PCS.firstPage,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...MANY)
        .uponReceiving(PCS.firstPage.description)
        .withRequest('GET', '/api/v1/port-calls', (b) => b.headers(ACCEPT_HEADERS).query({ limit: String(PAGE) }))
        .willRespondWith(200, (b) =>
          b
            .headers(JSON_HEADERS)
            .jsonBody({ items: eachLike(listedPortCall, PAGE), nextCursor: string(EXAMPLE.cursor) }),
        )
        .executeTest(async (mock) => {
          const page = await clientOf(mock).listPortCalls({ limit: PAGE });
          assert.equal(page.items.length, PAGE);
          assert.equal(typeof page.nextCursor, 'string');
        }),
  },
  {
    meta: PCS.nextPage,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...MANY)
        .uponReceiving(PCS.nextPage.description)
        .withRequest('GET', '/api/v1/port-calls', (b) =>
          b
            .headers(ACCEPT_HEADERS)
            .query({ limit: String(PAGE), cursor: fromProviderState('${cursor}', EXAMPLE.cursor) }),
        )
        // Whether a third page follows depends on what the member holds, so nextCursor is not asked for.
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody({ items: eachLike(listedPortCall) }))
        .executeTest(async (mock) => {
          const page = await clientOf(mock).listPortCalls({ limit: PAGE, cursor: EXAMPLE.cursor });
          assert.ok(page.items.length >= 1 && page.items.length <= PAGE);
        }),
  },
  {
    meta: PCS.read,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(PCS.read.description)
        .withRequest('GET', portCallPath(), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(portCallBody({ status: 'notified' })))
        .executeTest(async (mock) => {
          const { portCall } = await clientOf(mock).getPortCall(ID);
          assert.equal(portCall.ata, null);
        }),
  },
  {
    meta: PCS.arrival,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(PCS.arrival.description)
        .withRequest('POST', portCallPath('/arrival'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ ata: EXAMPLE.ata }),
        )
        .willRespondWith(200, (b) =>
          b.headers(JSON_HEADERS).jsonBody(portCallBody({ status: 'arrived', ata: EXAMPLE.ata })),
        )
        .executeTest(async (mock) => {
          const portCall = await clientOf(mock).recordArrival(ID, EXAMPLE.ata);
          assert.equal(portCall.status, 'arrived');
        }),
  },
  {
    meta: PCS.departure,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...ARRIVED)
        .uponReceiving(PCS.departure.description)
        .withRequest('POST', portCallPath('/departure'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ atd: EXAMPLE.atd }),
        )
        .willRespondWith(200, (b) =>
          b.headers(JSON_HEADERS).jsonBody(portCallBody({ status: 'departed', ata: EXAMPLE.ata, atd: EXAMPLE.atd })),
        )
        .executeTest(async (mock) => {
          const portCall = await clientOf(mock).recordDeparture(ID, EXAMPLE.atd);
          assert.equal(portCall.status, 'departed');
        }),
  },
  {
    meta: PCS.departureBeforeArrival,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...ARRIVED)
        .uponReceiving(PCS.departureBeforeArrival.description)
        .withRequest('POST', portCallPath('/departure'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ atd: EXAMPLE.atdBeforeAta }),
        )
        .willRespondWith(422, (b) =>
          b.headers(PROBLEM_HEADERS).jsonBody(ruleViolationBody({ code: 'ATD_BEFORE_ATA', pointer: '/atd' })),
        )
        .executeTest(async (mock) => {
          const err = await refusal(clientOf(mock).recordDeparture(ID, EXAMPLE.atdBeforeAta), 422);
          assert.ok(err.problem?.errors?.some((e) => e.pointer === '/atd'));
        }),
  },
];

export const portCommunitySystem: ConsumerSuite = { consumer: 'port-community-system', tests };
