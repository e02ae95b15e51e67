// `run --openapi`: the generic checks against an API that is not profile v1, served at its origin root
// (a DCSA Port Call 2.0.0 events API): they are judged, the profile-specific ones are not applicable,
// and nothing errors for want of /api/v1 or /oauth/token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../engine/types.ts';
import {
  DCSA_PORT_CALL_OPENAPI,
  startDcsaPortCallServer,
  type DcsaPortCallServer,
} from '../../fixtures/dcsa-port-call/server.ts';
import { validateResults } from '../../reports/schema.ts';
import { runSession } from '../../session/index.ts';

/** Checks that work from any OpenAPI document (the rest rely on profile v1's conventions). */
const GENERIC = [
  'response-schema',
  'documented-responses',
  'required-headers',
  'operation-coverage',
  'invalid-input-rejected',
  'tls-protocol-versions',
  'tls-cipher-suites',
  'tls-certificate-trust',
  'tls-certificate-expiry',
  'tls-key-strength',
  'load-latency',
  'load-error-rate',
  'load-arrival-rate-held',
];

let server: DcsaPortCallServer;
let results: Results;
let exitCode: number;
beforeAll(async () => {
  server = await startDcsaPortCallServer();
  const outcome = await runSession({
    target: { url: server.origin, env: {} },
    openapi: DCSA_PORT_CALL_OPENAPI,
    seed: 5,
    maxTimeMs: 120_000,
  });
  results = outcome.results;
  exitCode = outcome.exitCode;
}, 180_000);
afterAll(async () => server?.close());

describe('run --openapi against the DCSA Port Call mock at its origin root', () => {
  it('writes valid results that name the document and a generic standard', () => {
    expect(validateResults(results).errors).toEqual([]);
    expect(results.target.apiBaseUrl).toBe(server.origin);
    expect(results.run.options.openapi).toBe(DCSA_PORT_CALL_OPENAPI);
    expect(results.run.profile.title).toMatch(/DCSA Port Call/);
  });

  it('no check is in error (nothing missing such as /api/v1 or /oauth/token)', () => {
    expect(results.checks.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
  });

  it.each(GENERIC)('%s is judged', (id) => {
    const c = results.checks.find((x) => x.id === id);
    // not-applicable is a judgement too (required-headers: this document requires no response header).
    expect(['pass', 'fail', 'needs-review', 'not-applicable'], `${id}: ${c?.outcome} ${c?.summary}`).toContain(
      c?.outcome,
    );
  });

  it('the contract checks pass on a conformant events API, and both operations were exercised', () => {
    for (const id of ['response-schema', 'documented-responses', 'operation-coverage', 'invalid-input-rejected'])
      expect(results.checks.find((c) => c.id === id)?.outcome, id).toBe('pass');
    const coverage = results.extensions?.['operation-coverage'] as { neverExercised?: string[] } | undefined;
    expect(coverage?.neverExercised ?? []).toEqual([]);
  });

  it('profile-specific checks are not applicable, saying why', () => {
    for (const id of ['imo-number-validation', 'tenant-isolation', 'portal-login', 'port-call-creation']) {
      const c = results.checks.find((x) => x.id === id)!;
      expect(c.outcome, id).toBe('not-applicable');
      expect(c.summary).toMatch(/psw-v1/);
    }
  });

  it('no request went to a profile v1 path', () => {
    const urls = Object.values(results.evidence)
      .filter((e) => e.kind === 'http')
      .map((e) => (e.kind === 'http' ? (e.request.url ?? '') : ''));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => /\/api\/v1|\/oauth\/token|\/port-calls/.test(u))).toEqual([]);
    expect(exitCode).toBe(results.verdict.exitCode);
  });
});
