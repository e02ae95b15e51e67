// The shipping agent's system (tenant A): notifies, reads, updates (ETag/If-Match) and cancels its
// port calls, submits the FAL forms and the waste and security notifications, reads formalities.
import { assert, refusal, type ConsumerSuite, type ConsumerTest } from '../consumer-suite.ts';
import { EXAMPLE } from '../examples.ts';
import { AGENT } from '../interactions.ts';
import {
  ACCEPT_HEADERS,
  dateTimeWithOffset,
  JSON_HEADERS,
  JSON_REQUEST_HEADERS,
  portCallBody,
  portCallLocation,
  PROBLEM_HEADERS,
  problemBody,
  receiptBody,
  rejectionBody,
  strongEtag,
} from '../matchers.ts';
import { MatchersV3 } from '@pact-foundation/pact';
import { STATES } from '../states.ts';
import type { FormalityDocuments, FormalityType } from '../client.ts';
import { ifMatch, portCallPath } from './paths.ts';

const { eachLike, like, regex, uuid } = MatchersV3;
const ID = EXAMPLE.portCallId;
const GD_ON_FILE = [STATES.generalDeclarationOnFile, { ...EXAMPLE.counts }] as const;

/** A formality submission the agent expects to be accepted (or incomplete, when `pending` may apply). */
function submission<T extends FormalityType>(
  meta: ConsumerTest['meta'],
  type: T,
  document: FormalityDocuments[T],
  opts: { given?: readonly [string, Record<string, number>?]; outcome?: 'accepted' | 'accepted-or-incomplete' } = {},
): ConsumerTest {
  const [state, params] = opts.given ?? [STATES.portCallOfTenantA];
  return {
    meta,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(state, params)
        .uponReceiving(meta.description)
        .withRequest('POST', portCallPath(`/formalities/${type}`), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody(document),
        )
        .willRespondWith(201, (b) => b.headers(JSON_HEADERS).jsonBody(receiptBody(type, opts.outcome)))
        .executeTest(async (mock) => {
          const receipt = await clientOf(mock).submitFormality(ID, type, document);
          assert.equal(receipt.documentType, type);
          assert.ok(receipt.outcome === 'accepted' || receipt.outcome === 'incomplete', receipt.outcome);
          assert.deepEqual(receipt.errors, []);
        }),
  };
}

const tests: ConsumerTest[] = [
  {
    meta: AGENT.notify,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .uponReceiving(AGENT.notify.description)
        .withRequest('POST', '/api/v1/port-calls', (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody(EXAMPLE.portCallInput),
        )
        .willRespondWith(201, (b) =>
          b
            .headers({ ...JSON_HEADERS, Location: portCallLocation, ETag: strongEtag() })
            .jsonBody(receiptBody('port-call')),
        )
        .executeTest(async (mock) => {
          const { receipt, location, etag } = await clientOf(mock).notifyPortCall(EXAMPLE.portCallInput);
          assert.equal(receipt.outcome, 'accepted');
          // The agent keeps the port call's address and version for its next update.
          assert.ok(location.endsWith(`/port-calls/${receipt.portCallId}`), location);
          assert.match(etag, /^"/);
        }),
  },
  {
    meta: AGENT.notifyWrongImo,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .uponReceiving(AGENT.notifyWrongImo.description)
        .withRequest('POST', '/api/v1/port-calls', (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody(EXAMPLE.wrongImoPortCallInput),
        )
        .willRespondWith(422, (b) =>
          b
            .headers(PROBLEM_HEADERS)
            .jsonBody(rejectionBody('port-call', { code: 'IMO_CHECK_DIGIT', pointer: '/ship/imoNumber' })),
        )
        .executeTest(async (mock) => {
          const err = await refusal(clientOf(mock).notifyPortCall(EXAMPLE.wrongImoPortCallInput), 422);
          // The agent shows the officer the field to fix, from the rejection receipt.
          assert.equal(err.problem?.outcome, 'rejected');
          assert.ok(err.problem?.errors?.some((e) => e.code === 'IMO_CHECK_DIGIT' && e.pointer === '/ship/imoNumber'));
        }),
  },
  {
    meta: AGENT.read,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AGENT.read.description)
        .withRequest('GET', portCallPath(), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(200, (b) =>
          b.headers({ ...JSON_HEADERS, ETag: strongEtag() }).jsonBody(portCallBody({ status: 'notified' })),
        )
        .executeTest(async (mock) => {
          const { portCall, etag } = await clientOf(mock).getPortCall(ID);
          assert.equal(portCall.status, 'notified');
          assert.equal(typeof portCall.version, 'number');
          assert.match(portCall.eta, /(Z|[+-]\d{2}:\d{2})$/);
          // The agent updates with this ETag later.
          assert.match(etag ?? '', /^"/);
        }),
  },
  {
    meta: AGENT.readOtherTenant,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantB)
        .uponReceiving(AGENT.readOtherTenant.description)
        .withRequest('GET', portCallPath(), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(404, (b) => b.headers(PROBLEM_HEADERS).jsonBody(problemBody(404)))
        .executeTest(async (mock) => {
          // Another tenant's port call is, for the agent, a port call that does not exist.
          const err = await refusal(clientOf(mock).getPortCall(ID), 404);
          assert.equal(err.problem?.status, 404);
        }),
  },
  {
    meta: AGENT.update,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AGENT.update.description)
        .withRequest('PUT', portCallPath(), (b) =>
          b.headers({ ...JSON_REQUEST_HEADERS, ...ifMatch('etag') }).jsonBody(EXAMPLE.updatedPortCallInput),
        )
        .willRespondWith(200, (b) =>
          b.headers({ ...JSON_HEADERS, ETag: strongEtag('"2"') }).jsonBody(receiptBody('port-call')),
        )
        .executeTest(async (mock) => {
          const { receipt, etag } = await clientOf(mock).updatePortCall(ID, EXAMPLE.updatedPortCallInput, EXAMPLE.etag);
          assert.equal(receipt.outcome, 'accepted');
          assert.notEqual(etag, EXAMPLE.etag);
        }),
  },
  {
    meta: AGENT.updateStale,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallChangedSinceRead)
        .uponReceiving(AGENT.updateStale.description)
        .withRequest('PUT', portCallPath(), (b) =>
          b.headers({ ...JSON_REQUEST_HEADERS, ...ifMatch('staleEtag') }).jsonBody(EXAMPLE.updatedPortCallInput),
        )
        .willRespondWith(412, (b) => b.headers(PROBLEM_HEADERS).jsonBody(problemBody(412)))
        .executeTest(async (mock) => {
          // The agent must re-read and merge instead of overwriting someone else's change.
          const err = await refusal(clientOf(mock).updatePortCall(ID, EXAMPLE.updatedPortCallInput, EXAMPLE.etag), 412);
          assert.equal(err.problem?.status, 412);
        }),
  },
  {
    meta: AGENT.cancel,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AGENT.cancel.description)
        .withRequest('POST', portCallPath('/cancel'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ reason: EXAMPLE.cancelReason }),
        )
        .willRespondWith(200, (b) => b.headers(JSON_HEADERS).jsonBody(portCallBody({ status: 'cancelled' })))
        .executeTest(async (mock) => {
          const portCall = await clientOf(mock).cancelPortCall(ID, EXAMPLE.cancelReason);
          assert.equal(portCall.status, 'cancelled');
        }),
  },
  {
    meta: AGENT.updateCancelled,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.cancelledPortCallOfTenantA)
        .uponReceiving(AGENT.updateCancelled.description)
        .withRequest('PUT', portCallPath(), (b) =>
          b.headers({ ...JSON_REQUEST_HEADERS, ...ifMatch('etag') }).jsonBody(EXAMPLE.updatedPortCallInput),
        )
        .willRespondWith(409, (b) => b.headers(PROBLEM_HEADERS).jsonBody(problemBody(409)))
        .executeTest(async (mock) => {
          const err = await refusal(clientOf(mock).updatePortCall(ID, EXAMPLE.updatedPortCallInput, EXAMPLE.etag), 409);
          assert.equal(err.problem?.status, 409);
        }),
  },
  // FAL1 before its crew list is on file: accepted, possibly as incomplete (CREW_LIST_PENDING).
  submission(AGENT.generalDeclaration, 'general-declaration', EXAMPLE.generalDeclaration, {
    outcome: 'accepted-or-incomplete',
  }),
  submission(AGENT.crewList, 'crew-list', EXAMPLE.crewList, { given: GD_ON_FILE }),
  {
    meta: AGENT.crewListMismatch,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...GD_ON_FILE)
        .uponReceiving(AGENT.crewListMismatch.description)
        .withRequest('POST', portCallPath('/formalities/crew-list'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody(EXAMPLE.shortCrewList),
        )
        .willRespondWith(422, (b) =>
          b.headers(PROBLEM_HEADERS).jsonBody(
            rejectionBody('crew-list', {
              code: 'CREW_COUNT_MISMATCH',
              pointer: { regex: '^/(crew|numberOfCrew)$', example: '/crew' },
            }),
          ),
        )
        .executeTest(async (mock) => {
          const err = await refusal(clientOf(mock).submitFormality(ID, 'crew-list', EXAMPLE.shortCrewList), 422);
          assert.ok(err.problem?.errors?.some((e) => e.code === 'CREW_COUNT_MISMATCH'));
        }),
  },
  submission(AGENT.passengerList, 'passenger-list', EXAMPLE.passengerList, { given: GD_ON_FILE }),
  submission(AGENT.dangerousGoods, 'dangerous-goods', EXAMPLE.dangerousGoods),
  submission(AGENT.waste, 'waste', EXAMPLE.waste),
  submission(AGENT.security, 'security', EXAMPLE.security),
  {
    meta: AGENT.listFormalities,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...GD_ON_FILE)
        .uponReceiving(AGENT.listFormalities.description)
        .withRequest('GET', portCallPath('/formalities'), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(200, (b) =>
          b.headers(JSON_HEADERS).jsonBody({
            items: eachLike({
              formalityType: regex(
                '^(general-declaration|crew-list|passenger-list|dangerous-goods|waste|security)$',
                'general-declaration',
              ),
              receiptId: uuid(EXAMPLE.receiptId),
              outcome: regex('^(accepted|incomplete)$', 'incomplete'),
              submittedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
            }),
          }),
        )
        .executeTest(async (mock) => {
          const items = await clientOf(mock).listFormalities(ID);
          assert.ok(items.some((i) => i.formalityType === 'general-declaration'));
        }),
  },
  {
    meta: AGENT.readFormality,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(...GD_ON_FILE)
        .uponReceiving(AGENT.readFormality.description)
        .withRequest('GET', portCallPath('/formalities/general-declaration'), (b) => b.headers(ACCEPT_HEADERS))
        .willRespondWith(200, (b) =>
          b.headers(JSON_HEADERS).jsonBody({
            formalityType: 'general-declaration',
            receiptId: uuid(EXAMPLE.receiptId),
            outcome: regex('^(accepted|incomplete)$', 'incomplete'),
            submittedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
            document: like(EXAMPLE.generalDeclaration),
          }),
        )
        .executeTest(async (mock) => {
          const record = await clientOf(mock).getFormality(ID, 'general-declaration');
          assert.equal(record.formalityType, 'general-declaration');
          assert.equal(typeof record.document.numberOfCrew, 'number');
        }),
  },
  {
    meta: AGENT.decideClearance,
    run: (pact, clientOf) =>
      pact
        .addInteraction()
        .given(STATES.portCallOfTenantA)
        .uponReceiving(AGENT.decideClearance.description)
        .withRequest('POST', portCallPath('/clearance'), (b) =>
          b.headers(JSON_REQUEST_HEADERS).jsonBody({ decision: 'granted' }),
        )
        .willRespondWith(403, (b) => b.headers(PROBLEM_HEADERS).jsonBody(problemBody(403)))
        .executeTest(async (mock) => {
          // Only the authority decides; the agent's system must be told so, not obeyed.
          const err = await refusal(clientOf(mock).decideClearance(ID, 'granted'), 403);
          assert.equal(err.problem?.status, 403);
        }),
  },
];

export const shippingAgentSystem: ConsumerSuite = { consumer: 'shipping-agent-system', tests };
