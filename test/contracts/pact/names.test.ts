import { describe, expect, it } from 'vitest';
import { INTERACTIONS, interactionRequirements } from '../../../contracts/pact/interactions.ts';
import { interactionCheckId, slug } from '../../../contracts/pact/names.ts';
import { normalisePact } from '../../../contracts/pact/normalise.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';

describe('slug and check ids', () => {
  it.each([
    ['notify a port call', 'notify-a-port-call'],
    ['submit a general declaration (FAL1)', 'submit-a-general-declaration-fal1'],
    ["read another tenant's port call", 'read-another-tenant-s-port-call'],
    ['  --Odd   spacing--  ', 'odd-spacing'],
  ])('%j → %s', (text, want) => {
    expect(slug(text)).toBe(want);
  });

  it('prefixes the consumer', () => {
    expect(interactionCheckId('shipping-agent-system', 'update a port call with a stale ETag')).toBe(
      'pact-shipping-agent-system-update-a-port-call-with-a-stale-etag',
    );
  });

  it('gives every interaction a distinct check id', () => {
    const ids = INTERACTIONS.map((i) => interactionCheckId(i.consumer, i.description));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('interaction metadata', () => {
  const catalog = new Set(loadRequirements().map((r) => r.id));

  it('cites PSW-API-013 first, then requirement ids that exist in the catalog', () => {
    for (const i of INTERACTIONS) {
      const reqs = interactionRequirements(i.consumer, i.description);
      expect(reqs[0]).toBe('PSW-API-013');
      expect(new Set(reqs).size).toBe(reqs.length);
      for (const r of reqs) expect(catalog, `${i.description}: ${r}`).toContain(r);
    }
  });

  it('the stale-ETag interaction also cites PSW-API-005, the agent-clearance one PSW-SEC-AUTHZ-002', () => {
    expect(interactionRequirements('shipping-agent-system', 'update a port call with a stale ETag')).toEqual([
      'PSW-API-013',
      'PSW-API-005',
    ]);
    expect(interactionRequirements('shipping-agent-system', 'decide clearance as a shipping agent')).toEqual([
      'PSW-API-013',
      'PSW-SEC-AUTHZ-002',
    ]);
  });

  it('an interaction it does not know (a broker may hold others) cites PSW-API-013 only', () => {
    expect(interactionRequirements('someone-else', 'anything')).toEqual(['PSW-API-013']);
  });
});

describe('normalisePact', () => {
  const raw = JSON.stringify({
    consumer: { name: 'c' },
    interactions: [{ description: 'b' }, { description: 'a' }],
    metadata: { 'pact-js': { version: '16.5.0' }, pactRust: { ffi: '0.5.4' }, pactSpecification: { version: '4.0' } },
    provider: { name: 'p' },
  });

  it('keeps the specification version only, sorts interactions, ends with a newline', () => {
    const out = normalisePact(raw);
    expect(JSON.parse(out)).toEqual({
      consumer: { name: 'c' },
      interactions: [{ description: 'a' }, { description: 'b' }],
      metadata: { pactSpecification: { version: '4.0' } },
      provider: { name: 'p' },
    });
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('is idempotent', () => {
    expect(normalisePact(normalisePact(raw))).toBe(normalisePact(raw));
  });
});
