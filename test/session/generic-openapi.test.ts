// `run --openapi`: the generic checks against an API that is not profile v1, served at its origin root
// (a DCSA Port Call 2.0.0 events API): they are judged, the profile-specific ones are not applicable,
// and nothing errors for want of /api/v1 or /oauth/token. The hardening checks (CORS, undocumented
// methods, body size) and the token-free auth checks (missing, malformed token) work from the document:
// on the published document (no security) and on a copy requiring a bearer token, against the mock
// started to require one, without credentials.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Results } from '../../engine/types.ts';
import {
  DCSA_PORT_CALL_OPENAPI,
  startDcsaPortCallServer,
  writeBearerDocument,
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
  'cors-policy',
  'undocumented-methods',
  'body-size-limit',
  'auth-missing-token',
  'auth-malformed-token',
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

  it('undocumented methods and oversized bodies are probed at every planned place and pass', () => {
    for (const id of ['undocumented-methods', 'body-size-limit'])
      expect(results.checks.find((c) => c.id === id)?.outcome, id).toBe('pass');
    // Nothing of ours exists to read back: the summary says so rather than "changed nothing".
    expect(check(results, 'undocumented-methods').summary).toMatch(/nothing was read back/);
    const methods = requirement(results, 'PSW-SEC-HDR-004');
    expect(methods?.probed.sort()).toEqual(['DELETE /events', 'PATCH /events', 'PUT /events']);
    expect(methods?.notProbed).toEqual([]);
    const body = requirement(results, 'PSW-SEC-RES-001');
    expect(body?.probed).toEqual(['post-events']);
    expect(body?.notProbed).toEqual([]);
  });

  it('CORS and the auth checks are not applicable: the document declares no security, saying so', () => {
    expect(check(results, 'cors-policy').outcome).toBe('not-applicable');
    expect(check(results, 'cors-policy').summary).toMatch(/no authenticated operation/);
    for (const id of ['auth-missing-token', 'auth-malformed-token', 'auth-alg-none', 'auth-expired-token']) {
      expect(check(results, id).outcome, id).toBe('not-applicable');
      expect(check(results, id).summary, id).toMatch(/no operation as needing credentials/);
    }
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

function check(r: Results, id: string): CheckResult {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in the results`);
  return c;
}

function requirement(r: Results, id: string) {
  return r.requirements.find((x) => x.id === id)?.places;
}

/** Checks that need a valid access token: not applicable in a run without credentials. */
const TOKEN_CHECKS = [
  'auth-alg-none',
  'auth-algorithm-confusion',
  'auth-expired-token',
  'auth-token-signature',
  'auth-token-key-id',
  'auth-token-key-url',
  'auth-token-claims',
  'auth-token-audience',
];

describe('run --openapi against the mock requiring a bearer token, with a document that says so, without credentials', () => {
  let dir: string;
  let bearer: DcsaPortCallServer;
  let flawed: DcsaPortCallServer;
  let r: Results;
  let defect: Results;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcsa-bearer-'));
    const openapi = writeBearerDocument(dir);
    bearer = await startDcsaPortCallServer({ requireBearer: true });
    flawed = await startDcsaPortCallServer({ requireBearer: true, anonymousOperations: ['get-events'] });
    r = (await runSession({ target: { url: bearer.origin, env: {} }, openapi, seed: 5, maxTimeMs: 120_000 })).results;
    defect = (
      await runSession({
        target: { url: flawed.origin, env: {} },
        openapi,
        checks: ['auth-missing-token', 'auth-malformed-token'],
        seed: 5,
        maxTimeMs: 120_000,
      })
    ).results;
  }, 300_000);
  afterAll(async () => {
    await bearer?.close();
    await flawed?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes valid results, and no check is in error', () => {
    expect(validateResults(r).errors).toEqual([]);
    expect(r.checks.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
  });

  it('missing and malformed tokens are refused with 401 and a Bearer challenge on every operation', () => {
    for (const id of ['auth-missing-token', 'auth-malformed-token'])
      expect(check(r, id).outcome, `${id}: ${check(r, id).summary}`).toBe('pass');
    const places = requirement(r, 'PSW-SEC-AUTH-001');
    expect(places?.probed.sort()).toEqual(['get-events', 'post-events']);
    expect(places?.notProbed).toEqual([]);
    // The token-free part of auth-malformed-token was made; the part needing a real token says why not.
    expect(check(r, 'auth-malformed-token').summary).toMatch(/Not probed: needs credentials/);
  });

  it.each(TOKEN_CHECKS)('%s needs a token the run does not have: not applicable, saying so', (id) => {
    const c = check(r, id);
    expect(c.outcome, `${id}: ${c.summary}`).toBe('not-applicable');
    expect(c.summary).toMatch(/needs credentials/i);
  });

  it('the places of the token verification requirement are not probed, for want of credentials', () => {
    const places = requirement(r, 'PSW-SEC-AUTH-002');
    expect(places?.probed).toEqual([]);
    expect(places?.notProbed.map((n) => [n.id, n.why])).toEqual([
      ['get-events', 'precondition-failed'],
      ['post-events', 'precondition-failed'],
    ]);
    expect(places?.notProbed.every((n) => /needs credentials/.test(n.detail ?? ''))).toBe(true);
  });

  it('CORS: preflights are judged; requests refused for want of credentials are not probed, never a pass proof', () => {
    const c = check(r, 'cors-policy');
    expect(c.outcome, c.summary).toBe('pass');
    expect(c.summary).toMatch(/not judged .*needs credentials/);
    const places = requirement(r, 'PSW-SEC-HDR-003');
    expect(places?.probed.length).toBe(4);
    expect(places?.probed.every((id) => / preflight from Origin /.test(id))).toBe(true);
    expect(places?.notProbed.map((n) => n.why)).toEqual(Array(4).fill('precondition-failed'));
    expect(
      places?.notProbed.every((n) => / request from Origin /.test(n.id) && /needs credentials/.test(n.detail ?? '')),
    ).toBe(true);
  });

  it('undocumented methods answer 405 before authentication: judged and pass', () => {
    expect(check(r, 'undocumented-methods').outcome, check(r, 'undocumented-methods').summary).toBe('pass');
  });

  it('an oversized body refused with 401 before it is read is no body-size proof: needs review, the place not probed', () => {
    const c = check(r, 'body-size-limit');
    expect(c.outcome, c.summary).toBe('needs-review');
    expect(c.summary).toMatch(/needs credentials/);
    const places = requirement(r, 'PSW-SEC-RES-001');
    expect(places?.probed).toEqual([]);
    expect(places?.notProbed).toEqual([
      expect.objectContaining({
        id: 'post-events',
        why: 'precondition-failed',
        detail: expect.stringMatching(/needs credentials/),
      }),
    ]);
  });

  it('the only Authorization headers sent are the malformed-token probes (the run has no credentials)', () => {
    const auth = Object.values(r.evidence).filter(
      (e) => e.kind === 'http' && e.request.headers?.authorization !== undefined,
    );
    expect(auth).toHaveLength(2);
  });

  it('with one operation serving requests without a token, auth-missing-token fails at that operation', () => {
    const c = check(defect, 'auth-missing-token');
    expect(c.outcome, c.summary).toBe('fail');
    expect(c.findings.map((f) => f.location?.operationId)).toEqual(['get-events']);
    // The operation that refuses is still judged: only the defect's place fails.
    expect(requirement(defect, 'PSW-SEC-AUTH-001')?.probed.sort()).toEqual(['get-events', 'post-events']);
  });
});
