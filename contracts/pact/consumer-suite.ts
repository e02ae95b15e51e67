// The consumer tests as generators: each test declares one interaction (PactV4) and drives the
// typed client against Pact's mock server; when every test of a consumer passes, pact-js writes the
// consumer's pact file. A test that fails (client error, unmatched request, broken assertion) stops
// the generation, so a pact never records an interaction its consumer does not really perform.
import { strict as assert } from 'node:assert';
import { PactV4, type V3MockServer as V4MockServer } from '@pact-foundation/pact';
import { Agent, fetch as undiciFetch } from 'undici';
import { ApiError, SingleWindowClient } from './client.ts';
import type { InteractionMeta } from './interactions.ts';
import { PROVIDER, type ConsumerName } from './names.ts';

export interface ConsumerTest {
  meta: InteractionMeta;
  /** Declares the interaction on `pact` (description from meta) and exercises the client. */
  run(pact: PactV4, clientOf: (mock: V4MockServer) => SingleWindowClient): Promise<unknown>;
}

export interface ConsumerSuite {
  consumer: ConsumerName;
  tests: readonly ConsumerTest[];
}

// Pact's core reports usage to an analytics service unless told not to; a conformance tool sends
// nothing anywhere it was not asked to.
process.env.PACT_DO_NOT_TRACK = 'true';

/** The consumer's own token never reaches the pact: each side authenticates with its credentials. */
const CONSUMER_TEST_TOKEN = 'consumer-test-token';

/**
 * A client of one mock server. Each gets its own connection pool: mock servers come and go on
 * ephemeral ports, and a kept-alive socket to a closed one (its port reused) would fail the test.
 */
function clientFactory(agents: Agent[]) {
  return (mock: V4MockServer): SingleWindowClient => {
    const agent = new Agent({ keepAliveTimeout: 1_000 });
    agents.push(agent);
    const fetchVia = ((url: string, init?: RequestInit) =>
      undiciFetch(url, { ...init, dispatcher: agent } as never)) as unknown as typeof fetch;
    return new SingleWindowClient({
      baseUrl: `${mock.url}/api/v1`,
      token: () => CONSUMER_TEST_TOKEN,
      timeoutMs: 5_000,
      fetch: fetchVia,
    });
  };
}

/**
 * pact-core's mock server can answer a request and still report it "expected but not received"
 * when the verification read overtakes its bookkeeping under CPU load (pact-js#1835,
 * pact-reference#535). A failed test writes nothing, so running it again is safe; a test that
 * really sends nothing fails every attempt.
 */
const MAX_ATTEMPTS = 4;
function isBookkeepingRace(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return (
    message.includes('was expected but not received') &&
    !message.includes('was incorrect') &&
    !message.includes('was not expected') &&
    !message.includes('Unknown mismatch')
  );
}

/** Runs a consumer's tests in order against fresh mock servers; pact-js writes the pact into `dir`. */
export async function runConsumerSuite(suite: ConsumerSuite, dir: string): Promise<void> {
  const pact = new PactV4({ consumer: suite.consumer, provider: PROVIDER, dir, logLevel: 'error' });
  const agents: Agent[] = [];
  const clientOf = clientFactory(agents);
  try {
    for (const test of suite.tests) {
      assert.equal(test.meta.consumer, suite.consumer, `${test.meta.description} belongs to ${test.meta.consumer}`);
      for (let attempt = 1; ; attempt++) {
        try {
          await test.run(pact, clientOf);
          break;
        } catch (err) {
          if (attempt < MAX_ATTEMPTS && isBookkeepingRace(err)) continue;
          throw new Error(`${suite.consumer}: "${test.meta.description}" failed: ${(err as Error).message}`, {
            cause: err,
          });
        } finally {
          await Promise.all(agents.splice(0).map((a) => a.close()));
        }
      }
    }
  } finally {
    await Promise.all(agents.map((a) => a.destroy()));
  }
}

/** Awaits a call the consumer expects to be refused with `status`; returns the error to inspect. */
export async function refusal(call: Promise<unknown>, status: number): Promise<ApiError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiError && err.status === status) return err;
    throw err;
  }
  throw new Error(`expected HTTP ${status}, the call succeeded`);
}

export { assert };
