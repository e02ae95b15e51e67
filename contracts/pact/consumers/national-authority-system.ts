// The national authority's system: sees every tenant's port calls and decides clearance.
import { MatchersV3 } from '@pact-foundation/pact';
import { assert, refusal, type ConsumerSuite, type ConsumerTest } from '../consumer-suite.ts';
import { EXAMPLE } from '../examples.ts';
import { AUTHORITY } from '../interactions.ts';
import {
  ACCEPT_HEADERS,
  JSON_HEADERS,
  JSON_REQUEST_HEADERS,
  listedPortCallBody,
  portCallBody,
  PROBLEM_HEADERS,
  problemBody,
} from '../matchers.ts';
import { STATES } from '../states.ts';
import { portCallPath } from './paths.ts';

const { eachLike } = MatchersV3;
const ID = EXAMPLE.portCallId;

const tests: ConsumerTest[] = [
  {
    meta: AUTHORITY.list,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallsOfTenantsAAndB)
        .uponReceiving(AUTHORITY.list.description)
        .withRequest('GET', '/api/v1/port-calls', (b) => b.headers(ACCEPT_HEADERS))
        // nextCursor is left out: whether more pages follow depends on what the member holds.
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody({ items: eachLike(listedPortCallBody()) }))
        .executeTest(async (mock) => {
          const page = await clientOf(mock).listPortCalls();
          assert.ok(page.items.length > 0);
        }),
  },
  {
    meta: AUTHORITY.read,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AUTHORITY.read.description)
        .withRequest('GET', portCallPath(), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(portCallBody({ status: 'notified' })))
        .executeTest(async (mock) => {
          const { portCall } = await clientOf(mock).getPortCall(ID);
          assert.equal(portCall.clearance, null);
        }),
  },
  {
    meta: AUTHORITY.grant,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AUTHORITY.grant.description)
        .withRequest('POST', portCallPath('/clearance'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ decision: 'granted', remarks: EXAMPLE.clearanceRemarks }),
        )
        .willRespondWith(200, (b) =>
          b.headers(JSON_HEADERS).jsonBody(
            portCallBody({
              status: 'notified',
              clearance: { decision: 'granted', remarks: EXAMPLE.clearanceRemarks },
            }),
          ),
        )
        .executeTest(async (mock) => {
          const portCall = await clientOf(mock).decideClearance(ID, 'granted', EXAMPLE.clearanceRemarks);
          assert.equal(portCall.clearance?.decision, 'granted');
        }),
  },
  {
    meta: AUTHORITY.decideCancelled,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.cancelledPortCallOfTenantA)
        .uponReceiving(AUTHORITY.decideCancelled.description)
        .withRequest('POST', portCallPath('/clearance'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ decision: 'refused' }),
        )
        .willRespondWith(409, (b) => b.headers(PROBLEM_HEADERS).jsonBody(problemBody(409)))
        .executeTest(async (mock) => {
          const err = await refusal(clientOf(mock).decideClearance(ID, 'refused'), 409);
          assert.equal(err.problem?.status, 409);
        }),
  },
];

export const nationalAuthoritySystem: ConsumerSuite = { consumer: 'national-authority-system', tests };
