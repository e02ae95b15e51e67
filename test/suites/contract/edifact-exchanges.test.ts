// The EDIFACT collector against the reference single window: controls accepted, every probe refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edifactExchangesCollector } from '../../../suites/contract/collectors/edifact-exchanges.ts';
import { makeCheckContext } from '../../../engine/check.ts';
import { NOT_DECLARED } from '../../../suites/contract/collectors/edifact-exchanges.ts';
import { readAnswer } from '../../../suites/contract/edifact-answers.ts';
import edifactEnvelope from '../../../suites/contract/edifact-envelope.ts';
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

  // Where the capability is declared: the member config (absent: silent, [] : none, [edifact]) × the
  // discovery document (the reference declares it; without the document nothing does).
  it.each([
    ['silent', 'reference', undefined, { capable: true, config: 'silent', discovery: true }],
    ['declared', 'reference', ['edifact'], { capable: true, config: 'declared', discovery: true }],
    ['none', 'reference', [], { capable: true, config: 'not-declared', discovery: true, disagreement: 'capability' }],
    [
      'declared',
      'no document',
      ['edifact'],
      { capable: true, config: 'declared', discovery: false, disagreement: 'capability' },
    ],
    ['silent', 'no document', undefined, { capable: false, config: 'silent', discovery: false }],
    ['none', 'no document', [], { capable: false, config: 'not-declared', discovery: false }],
  ] as const)('config %s × discovery %s', async (_c, where, capabilities, want) => {
    const s = where === 'reference' ? server : await startFixture('flawed', ['discovery-document-missing']);
    try {
      const ctx = await contextFor(s);
      if (capabilities) ctx.target.capabilities = [...capabilities];
      const a = await edifactExchangesCollector.collect(ctx, {});
      expect({
        capable: a.capable,
        config: a.declaration?.config,
        discovery: a.declaration?.discovery,
        ...(a.declaration?.disagreement ? { disagreement: a.declaration.disagreement } : {}),
      }).toEqual(want);
      expect(a.capable ? a.probes.length > 0 : [a.reason, a.probes.length]).toEqual(
        a.capable ? true : [NOT_DECLARED, 0],
      );
      const p = await Promise.resolve(
        edifactEnvelope.run({ EdifactExchanges: a }, makeCheckContext(edifactEnvelope, {})),
      );
      const declared = (p.findings ?? [])
        .filter((f) => f.id === 'declaration-differs')
        .map((f) => f.location?.jsonPointer);
      expect([p.outcome, declared]).toEqual(
        !a.capable ? ['not-applicable', []] : 'disagreement' in want ? ['fail', ['/capabilities']] : ['pass', []],
      );
    } finally {
      if (s !== server) await s.close();
    }
  });

  it("an edifactEndpoint the discovery document does not name is a disagreement; the config's is probed", async () => {
    const ctx = await contextFor(server);
    const endpoint = new URL('/api/v1/edifact?via=config', ctx.target.apiBaseUrl).href;
    Object.assign(ctx.target, { capabilities: ['edifact'], edifactEndpoint: endpoint });
    const a = await edifactExchangesCollector.collect(ctx, {});
    expect([a.endpoint, a.declaration?.disagreement]).toEqual([endpoint, 'endpoint']);
  });
});
