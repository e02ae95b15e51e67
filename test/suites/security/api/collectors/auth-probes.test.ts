// The AuthProbes collector against a scripted target: what it sends and when it declines a probe.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwtParts } from '../../../../../security/jwt/forge.ts';
import {
  authProbeOptions,
  authProbesCollector,
  MAX_EXPIRY_WAIT_SECONDS,
} from '../../../../../suites/security/collectors/auth-probes.ts';
import { BASE, TOKEN_URL, fakeContext, form, jwt, type Reply, type Sent } from '../fake-context.ts';

const PC = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** A target that answers the token endpoint with `tokens(resource)` and every probe with 401. */
function target(tokens: (resource: string | null) => Reply) {
  return (req: Sent): Reply => {
    if (req.url === TOKEN_URL) return tokens(form(req).get('resource'));
    if (req.as)
      return req.method === 'POST' && req.url === `${BASE}/port-calls`
        ? { status: 201, json: { portCallId: PC }, headers: { etag: '"1"' } }
        : { status: 201, json: {} };
    return { status: 401 };
  };
}

const grant = (token: string, expiresIn = 60): Reply => ({
  status: 200,
  json: { access_token: token, token_type: 'Bearer', expires_in: expiresIn },
});

describe('AuthProbes collector', () => {
  let api: string;
  let events: string;
  let longLived: string;
  beforeAll(async () => {
    api = await jwt({ aud: 'psw-api', ttl: 60 });
    events = await jwt({ aud: 'psw-events', ttl: 60 });
    longLived = await jwt({ aud: 'psw-api', ttl: 900 });
  });

  it('probes every protected operation with each kind, changing only the Authorization header', async () => {
    const { ctx, sent } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: target((r) => grant(r === 'urn:psw:events' ? events : longLived, 900)),
    });
    const a = await authProbesCollector.collect(ctx, {});
    expect(a.operations).toHaveLength(16);
    expect(a.operations.every((o) => o.url.startsWith(BASE))).toBe(true);
    const sentKinds = Object.entries(a.kinds)
      .filter(([, k]) => k.sent)
      .map(([k]) => k);
    expect(sentKinds.sort()).toEqual([
      'alg-none',
      'malformed',
      'missing',
      'signature-foreign-key',
      'signature-tampered',
      'wrong-audience',
    ]);
    expect(a.results).toHaveLength(16 * 6);

    const probes = sent.filter((s) => !s.as && s.url !== TOKEN_URL);
    for (const op of a.operations) {
      const forOp = probes.filter((p) => p.method === op.method && p.url === op.url);
      expect(forOp).toHaveLength(6);
      const strip = (p: Sent) => JSON.stringify({ ...p, headers: { ...p.headers, authorization: undefined } });
      expect(new Set(forOp.map(strip)).size).toBe(1); // same method, URL, body and other headers
      const auth = forOp.map((p) => p.headers.authorization);
      expect(auth[0]).toBeUndefined(); // missing
      expect(auth[1]).toBe('Bearer not.a.jwt');
      expect(new Set(auth).size).toBe(6);
    }
    const put = probes.find((p) => p.method === 'PUT');
    expect(put?.headers['if-match']).toBe('"1"');
    expect(put?.url).toBe(`${BASE}/port-calls/${PC}`);

    const algNone = probes.find(
      (p) =>
        p.headers.authorization?.startsWith('Bearer ey') &&
        decodeJwtParts(p.headers.authorization.slice(7)).header.alg === 'none',
    );
    expect(algNone).toBeDefined();
  });

  it.each([
    [
      'refuses the resource',
      (r: string | null) =>
        r
          ? { status: 400, json: { type: 'https://x.example/problems/invalid-target', error: 'invalid_target' } }
          : null,
      /refused resource=urn:psw:events \(400 invalid_target\)/,
    ],
    ['ignores the resource', () => null, /ignored resource=urn:psw:events/],
  ])('declines the wrong-audience probe when the token endpoint %s', async (_name, onResource, why) => {
    const { ctx } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: target((r) => onResource(r) ?? grant(api)),
    });
    const a = await authProbesCollector.collect(ctx, {});
    expect(a.kinds['wrong-audience'].sent).toBe(false);
    expect(a.kinds['wrong-audience'].reason).toMatch(why);
    expect(a.kinds['wrong-audience'].evidence?.length).toBe(1);
    expect(a.results.some((r) => r.kind === 'wrong-audience')).toBe(false);
  });

  it('declines the expired probe when the token outlives the wait budget, saying so', async () => {
    const { ctx } = fakeContext({ token: api, reply: target((r) => grant(r ? events : longLived, 900)) });
    const a = await authProbesCollector.collect(ctx, {});
    expect(a.kinds.expired).toMatchObject({ sent: false });
    expect(a.kinds.expired.reason).toMatch(/tokens live 900 s.*budget of 75 s/);
  });

  it('declines the forged probes when the access token is not a JWT', async () => {
    const { ctx } = fakeContext({
      token: 'opaque-token-value',
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: target(() => grant('opaque-token-value')),
    });
    const a = await authProbesCollector.collect(ctx, {});
    for (const k of ['signature-tampered', 'signature-foreign-key', 'alg-none'] as const) {
      expect(a.kinds[k].sent).toBe(false);
      expect(a.kinds[k].reason).toMatch(/not JWTs/);
    }
    expect(a.kinds.missing.sent).toBe(true);
  });

  it('throws, naming the cause, when it cannot create the port call its probes address', async () => {
    const { ctx } = fakeContext({ token: api, reply: (req) => (req.url === TOKEN_URL ? grant(api) : { status: 503 }) });
    await expect(authProbesCollector.collect(ctx, {})).rejects.toThrow(/createPortCall as agentA answered 503/);
  });
});

describe('authProbeOptions', () => {
  it.each([
    [undefined, { expiredTokenMaxWaitSeconds: 75, wrongAudienceResource: 'urn:psw:events' }],
    [
      { expiredTokenMaxWaitSeconds: 10, wrongAudienceResource: 'urn:x' },
      { expiredTokenMaxWaitSeconds: 10, wrongAudienceResource: 'urn:x' },
    ],
    [
      { expiredTokenMaxWaitSeconds: 99_999 },
      { expiredTokenMaxWaitSeconds: MAX_EXPIRY_WAIT_SECONDS, wrongAudienceResource: 'urn:psw:events' },
    ],
    [
      { expiredTokenMaxWaitSeconds: -1, wrongAudienceResource: '' },
      { expiredTokenMaxWaitSeconds: 75, wrongAudienceResource: 'urn:psw:events' },
    ],
  ])('%j', (security, expected) => {
    expect(authProbeOptions(security)).toEqual(expected);
  });
});
