// The consumer tests regenerate the committed pact files byte for byte, and the files hold exactly
// the interactions of interactions.ts with matchers (not literals) for ids, times and ETags.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePacts } from '../../../contracts/pact/generator.ts';
import { INTERACTIONS } from '../../../contracts/pact/interactions.ts';
import { CONSUMERS, PACT_DIR, pactFileName, PROVIDER } from '../../../contracts/pact/names.ts';
import { STATES } from '../../../contracts/pact/states.ts';

const committedDir = fileURLToPath(PACT_DIR);

interface Interaction {
  description: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: { method: string; path: string; generators?: Record<string, unknown>; headers?: Record<string, string[]> };
  response: { status: number; matchingRules?: { body?: Record<string, unknown>; header?: Record<string, unknown> } };
}

function pactOf(
  dir: string,
  consumer: string,
): {
  consumer: { name: string };
  provider: { name: string };
  interactions: Interaction[];
  metadata: Record<string, unknown>;
} {
  return JSON.parse(readFileSync(join(dir, pactFileName(consumer)), 'utf8'));
}

describe('pact generation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacts-test-'));
    await generatePacts(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one pact per consumer, byte-identical to the committed ones', () => {
    expect(readdirSync(dir).sort()).toEqual(CONSUMERS.map((c) => pactFileName(c)).sort());
    for (const consumer of CONSUMERS) {
      const name = pactFileName(consumer);
      expect(readFileSync(join(dir, name), 'utf8'), `${name}: run npm run pacts and commit`).toBe(
        readFileSync(join(committedDir, name), 'utf8'),
      );
    }
  });

  it.each(CONSUMERS.map((c) => [c]))(
    '%s: the pact is v4 between the consumer and port-single-window, with no tool versions',
    (consumer) => {
      const pact = pactOf(dir, consumer);
      expect(pact.consumer.name).toBe(consumer);
      expect(pact.provider.name).toBe(PROVIDER);
      expect(pact.metadata).toEqual({ pactSpecification: { version: '4.0' } });
      expect(pact.interactions.map((i) => i.description).sort()).toEqual(
        INTERACTIONS.filter((i) => i.consumer === consumer)
          .map((i) => i.description)
          .sort(),
      );
    },
  );

  it('names only the provider states of states.ts; ids in paths come from the provider state', () => {
    const known = new Set<string>(Object.values(STATES));
    for (const consumer of CONSUMERS) {
      for (const i of pactOf(dir, consumer).interactions) {
        for (const s of i.providerStates ?? []) expect(known, `${consumer}: ${i.description}`).toContain(s.name);
        if (/[0-9a-f]{8}-[0-9a-f]{4}-/.test(i.request.path)) {
          expect(i.request.generators, `${consumer}: ${i.description}`).toMatchObject({
            path: { type: 'ProviderState' },
          });
        }
      }
    }
  });

  it('matches ids, times and ETags by shape, not by the example value', () => {
    const agent = pactOf(dir, 'shipping-agent-system').interactions;
    const notify = agent.find((i) => i.description === 'notify a port call')!;
    expect(notify.response.status).toBe(201);
    const body = notify.response.matchingRules!.body!;
    expect(body['$.receiptId']).toMatchObject({ matchers: [{ match: 'regex' }] });
    expect(body['$.portCallId']).toMatchObject({ matchers: [{ match: 'regex' }] });
    expect(body['$.receivedAt']).toMatchObject({ matchers: [{ match: 'regex' }] });
    const headers = notify.response.matchingRules!.header!;
    expect(Object.keys(headers).sort()).toEqual(['Content-Type', 'ETag', 'Location']);

    const stale = agent.find((i) => i.description === 'update a port call with a stale ETag')!;
    expect(stale.providerStates?.[0]?.name).toBe(STATES.portCallChangedSinceRead);
    expect(stale.request.generators).toMatchObject({
      header: { 'If-Match': { type: 'ProviderState', expression: '${staleEtag}' } },
    });
    expect(stale.response.status).toBe(412);
  });

  it('carries provider-state parameters where the consumer chooses the precondition', () => {
    const pcs = pactOf(dir, 'port-community-system').interactions;
    const departure = pcs.find((i) => i.description === 'record the departure of a port call')!;
    expect(departure.providerStates).toEqual([
      { name: STATES.arrivedPortCallOfTenantA, params: { ata: expect.stringMatching(/\+01:00$/) } },
    ]);
    const next = pcs.find((i) => i.description === 'follow the cursor to the next page of port calls')!;
    expect(next.providerStates).toEqual([{ name: STATES.morePortCallsThanOnePage, params: { pageSize: 2 } }]);
    expect(next.request.generators).toMatchObject({
      query: { cursor: { type: 'ProviderState', expression: '${cursor}' } },
    });
  });
});
