// DeclaredCapabilities and the OpenApi artifact it narrows: a member offers an optional operation of the
// profile (x-psw-capability) only when its discovery document or its member config declares the capability.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../../../engine/profile.ts';
import { declaredCapabilitiesCollector } from '../../../../suites/contract/collectors/capabilities.ts';
import { openApiCollector } from '../../../../suites/contract/collectors/openapi.ts';
import { contextFor, startFixture, type FixtureServer } from '../../../helpers/fixture-harness.ts';

const EDIFACT_OP = 'submitEdifactInterchange';

describe('DeclaredCapabilities', () => {
  const servers: Record<string, FixtureServer> = {};
  beforeAll(async () => {
    servers.reference = await startFixture('reference');
    servers.noDiscovery = await startFixture('flawed', ['discovery-document-missing']);
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });

  it.each([
    ['reference', undefined, ['edifact'], undefined, true],
    ['reference', [], ['edifact'], undefined, true],
    ['noDiscovery', undefined, [], 'the discovery document answered HTTP 404', false],
    ['noDiscovery', [], [], 'the discovery document answered HTTP 404', false],
    // The member config's declaration is enough: the channel is probed where either names it.
    ['noDiscovery', ['edifact'], ['edifact'], 'the discovery document answered HTTP 404', true],
  ] as const)(
    '%s, config capabilities %j: declared %j (%s); the OpenApi artifact offers the EDIFACT channel: %s',
    async (name, configCaps, declared, reason, offered) => {
      const ctx = await contextFor(servers[name]!, configCaps ? { capabilities: [...configCaps] } : {});
      try {
        const caps = await declaredCapabilitiesCollector.collect(ctx, {});
        expect(caps).toEqual({ optional: ['edifact'], declared: [...declared], ...(reason ? { reason } : {}) });
        expect(ctx.http.exchanges().map((e) => [e.method, new URL(e.url).pathname])).toEqual([
          ['GET', '/.well-known/psw-configuration'],
        ]);
        const model = await openApiCollector.collect(ctx, { DeclaredCapabilities: caps });
        expect(model.operations.some((op) => op.operationId === EDIFACT_OP)).toBe(offered);
        expect(model.operations.length).toBe(offered ? 20 : 19);
      } finally {
        await ctx.close();
      }
    },
  );

  it('a document without optional operations (DCSA) asks nothing', async () => {
    const ctx = await contextFor(servers.reference!, { profile: loadProfile('dcsa-port-call') });
    try {
      expect(await declaredCapabilitiesCollector.collect(ctx, {})).toEqual({ optional: [], declared: [] });
      expect(ctx.http.requestCount()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
