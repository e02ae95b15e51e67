// The EDIFACT collector against the reference single window: controls accepted, every probe refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edifactExchangesCollector } from '../../../suites/contract/collectors/edifact-exchanges.ts';
import { readAnswer } from '../../../suites/contract/edifact-answers.ts';
import { contextFor, startFixture, type FixtureServer } from '../../helpers/fixture-harness.ts';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixture('reference');
});
afterAll(async () => {
  await server?.close();
});

describe('EdifactExchanges on the reference', () => {
  it('controls are accepted (APERAK 29), probes refused', async () => {
    const ctx = await contextFor(server);
    const a = await edifactExchangesCollector.collect(ctx, {});
    expect(a.capable).toBe(true);
    const controls = a.probes.filter((p) => p.kind === 'control');
    expect(controls.map((p) => [p.probe, p.status, /BGM\+313\+[^+]*\+29'/.test(p.answer)])).toEqual([
      ['control:BERMAN', 200, true],
      ['control:IFTDGN', 200, true],
      ['control:WASDIS', 200, true],
    ]);
    for (const p of a.probes.filter((x) => x.kind !== 'control'))
      expect([p.probe, readAnswer(p.answer).rejected]).toEqual([p.probe, true]);
    expect(a.agreement.map((x) => [x.what, x.status])).toEqual([
      ['port-call', 200],
      ['dangerous-goods', 200],
      ['waste', 200],
    ]);
  });

  it('a member whose discovery document declares no edifact capability is not probed', async () => {
    const flawed = await startFixture('flawed', ['discovery-document-missing']);
    try {
      const a = await edifactExchangesCollector.collect(await contextFor(flawed), {});
      expect([a.capable, a.reason, a.probes.length]).toEqual([
        false,
        'the discovery document declares no edifact capability',
        0,
      ]);
    } finally {
      await flawed.close();
    }
  });
});
