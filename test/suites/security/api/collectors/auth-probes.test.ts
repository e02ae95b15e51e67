// The AuthProbes collector against a scripted target: what it sends and when it declines a probe.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import {
  AUTH_PROBE_KINDS,
  authProbeOptions,
  authProbesCollector,
  MAX_EXPIRY_WAIT_SECONDS,
} from '../../../../../suites/security/collectors/auth-probes.ts';
import { BASE, TOKEN_URL, fakeContext, form, jwt, type Reply, type Sent } from '../fake-context.ts';

/** A token's header, whatever its payload (some probes break the payload on purpose). */
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;

const JWKS_URL = 'https://127.0.0.1:9443/.well-known/jwks.json';
const PROBE_TOKEN_URL = 'https://127.0.0.1:9443/oauth/probe-token';

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
    // The 16 secured JSON operations and the EDIFACT channel (its body is text: none is sent with a bad token).
    expect(a.operations).toHaveLength(17);
    expect(a.operations.every((o) => o.url.startsWith(BASE))).toBe(true);
    const sentKinds = Object.entries(a.kinds)
      .filter(([, k]) => k.sent)
      .map(([k]) => k);
    // Scripted target: no JWKS and no probe-token endpoint (answers 401), a token lives 900 s.
    const expected = AUTH_PROBE_KINDS.filter(
      (k) => !k.startsWith('alg-confusion') && !k.startsWith('claims-') && k !== 'expired',
    );
    expect(sentKinds.sort()).toEqual([...expected].sort());
    expect(a.results).toHaveLength(17 * expected.length);

    const probes = sent.filter((s) => !s.as && s.url.startsWith(BASE));
    for (const op of a.operations) {
      const forOp = probes.filter((p) => p.method === op.method && p.url === op.url);
      expect(forOp).toHaveLength(expected.length);
      const strip = (p: Sent) => JSON.stringify({ ...p, headers: { ...p.headers, authorization: undefined } });
      expect(new Set(forOp.map(strip)).size).toBe(1); // same method, URL, body and other headers
      const auth = forOp.map((p) => p.headers.authorization);
      expect(auth[0]).toBeUndefined(); // missing
      expect(auth[1]).toBe('Bearer not.a.jwt');
      expect(new Set(auth).size).toBe(expected.length);
    }
    const put = probes.find((p) => p.method === 'PUT');
    expect(put?.headers['if-match']).toBe('"1"');
    expect(put?.url).toBe(`${BASE}/port-calls/${PC}`);

    const headers = probes
      .filter((p) => p.headers.authorization?.startsWith('Bearer ey'))
      .map((p) => headerOf(p.headers.authorization!.slice(7)));
    expect(headers.some((h) => h.alg === 'none')).toBe(true);
    // The other spellings, one per operation in turn.
    expect(
      new Set(headers.map((h) => h.alg).filter((alg) => alg !== 'none' && String(alg).toLowerCase() === 'none')),
    ).toEqual(new Set(['None', 'NONE', 'nOnE']));
    expect(headers.some((h) => h.jku === 'https://attacker.invalid/.well-known/jwks.json')).toBe(true);
    expect(headers.some((h) => h.x5u === 'https://attacker.invalid/certs/signing.pem')).toBe(true);
    expect(headers.some((h) => typeof h.jwk === 'object' && h.kid !== 'k1')).toBe(true);
    expect(headers.some((h) => typeof h.kid === 'string' && h.kid.startsWith('unknown-'))).toBe(true);
    // Nothing is ever sent to the address the injected headers name.
    expect(sent.some((s) => s.url.includes('attacker.invalid'))).toBe(false);
  });

  it('records the challenge of each 401', async () => {
    const { ctx } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: (req) =>
        req.url.startsWith(BASE) && !req.as
          ? { status: 401, headers: { 'www-authenticate': 'Bearer realm="psw"' } }
          : target(() => grant(longLived, 900))(req),
    });
    const a = await authProbesCollector.collect(ctx, {});
    expect(a.results.filter((r) => r.kind === 'missing').every((r) => r.challenge === 'Bearer realm="psw"')).toBe(true);
  });

  it("sends HS256 tokens keyed with each encoding of the JWKS's key", async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = {
      ...(publicKey.export({ format: 'jwk' }) as Record<string, string>),
      kid: 'k1',
      use: 'sig',
      alg: 'RS256',
    };
    const { ctx, sent } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: (req) =>
        req.url === JWKS_URL ? { status: 200, json: { keys: [jwk] } } : target(() => grant(longLived, 900))(req),
    });
    const a = await authProbesCollector.collect(ctx, {});
    const kinds = [
      'alg-confusion-spki-pem',
      'alg-confusion-pkcs1-pem',
      'alg-confusion-spki-der',
      'alg-confusion-jwk-json',
    ] as const;
    for (const k of kinds) expect(a.kinds[k]).toMatchObject({ sent: true, evidence: [expect.any(String)] });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const hs = sent
      .filter((s) => !s.as && s.url.startsWith(BASE) && s.headers.authorization?.startsWith('Bearer ey'))
      .map((s) => s.headers.authorization!.slice(7))
      .filter((t) => headerOf(t).alg === 'HS256');
    expect(hs).toHaveLength(17 * kinds.length);
    // One of them is MACed with the PEM text itself.
    const [h, pl, sig] = hs[0]!.split('.');
    expect(createHmac('sha256', pem).update(`${h}.${pl}`).digest('base64url')).toBe(sig);
  });

  it('sends the probe tokens the probe-token endpoint mints, after checking each has its claim', async () => {
    const now = Math.floor(Date.now() / 1000);
    const minted = {
      'no-exp': await jwt({ ttl: 60, claims: { exp: undefined } }),
      'future-nbf': await jwt({ ttl: 120, claims: { nbf: now + 60 } }),
      'wrong-issuer': await jwt({ ttl: 60, claims: { iss: 'https://elsewhere.invalid' } }),
    };
    const { ctx, sent } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: (req) => {
        if (req.url === PROBE_TOKEN_URL) {
          const probe = form(req).get('probe') as keyof typeof minted;
          return probe === 'wrong-issuer'
            ? { status: 200, json: { access_token: api } } // an ordinary token: refused by the harness
            : { status: 200, json: { access_token: minted[probe] } };
        }
        return target(() => grant(longLived, 900))(req);
      },
    });
    const a = await authProbesCollector.collect(ctx, {});
    expect(a.kinds['claims-no-exp'].sent).toBe(true);
    expect(a.kinds['claims-future-nbf'].sent).toBe(true);
    expect(a.kinds['claims-wrong-issuer']).toMatchObject({ sent: false, why: 'precondition-failed' });
    expect(a.kinds['claims-wrong-issuer'].reason).toMatch(/issuer of ordinary tokens/);
    const bearers = sent.filter((s) => !s.as && s.url.startsWith(BASE)).map((s) => s.headers.authorization);
    expect(bearers.filter((b) => b === `Bearer ${minted['no-exp']}`)).toHaveLength(17);
    expect(a.results.some((r) => r.kind === 'claims-wrong-issuer')).toBe(false);
  });

  it('reports the claim probes not exposed when the member has no probe-token endpoint', async () => {
    const { ctx } = fakeContext({
      token: api,
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: (req) => (req.url === PROBE_TOKEN_URL ? { status: 404 } : target(() => grant(longLived, 900))(req)),
    });
    const a = await authProbesCollector.collect(ctx, {});
    for (const k of ['claims-no-exp', 'claims-future-nbf', 'claims-wrong-issuer'] as const) {
      expect(a.kinds[k]).toMatchObject({ sent: false, why: 'not-exposed' });
      expect(a.kinds[k].reason).toMatch(/no probe-token endpoint/);
    }
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

  it.each([
    // [case, the answer to the expired token at exp + 5 s, after exp + 6 s, the waits, the judged statuses]
    ['refused at exp + leeway: every operation gets it at once', 401, 401, ['+5 s'], 401],
    [
      'accepted at exp + leeway (a server comparing whole seconds): judged at exp + 6 s',
      200,
      401,
      ['+5 s', '+6 s'],
      401,
    ],
    ['accepted throughout: judged at exp + 6 s', 200, 200, ['+5 s', '+6 s'], 200],
  ] as const)('the expired probe: %s', async (_case, early, late, waits, judged) => {
    const expiring = await jwt({ aud: 'psw-api', ttl: 30 });
    const scripted = target((r) => (r === null ? grant(expiring, 30) : grant(r ? events : longLived, 900)));
    let afterMargin = false;
    const { ctx, sent } = fakeContext({
      token: api,
      reply: (req) =>
        req.headers.authorization === `Bearer ${expiring}` ? { status: afterMargin ? late : early } : scripted(req),
    });
    const waited: string[] = [];
    ctx.waitOnTargetClock = async (_until, why) => {
      if (!why.includes('expires')) return;
      waited.push(/\+\d s/.exec(why)![0]);
      if (why.includes('+6 s')) afterMargin = true;
    };
    const a = await authProbesCollector.collect(ctx, {});
    expect(waited).toEqual(waits);
    expect(a.kinds.expired.sent).toBe(true);
    const expired = a.results.filter((r) => r.kind === 'expired');
    expect(expired.map((r) => r.status)).toEqual(a.operations.map(() => judged));
    // The first try is sent (and kept as evidence) but not judged: one request more than the operations.
    const withExpired = sent.filter((q) => q.headers.authorization === `Bearer ${expiring}`);
    expect(withExpired).toHaveLength(a.operations.length + 1);
    expect(withExpired[0]!.method).toBe('GET');
  });

  it('declines the forged probes when the access token is not a JWT', async () => {
    const { ctx } = fakeContext({
      token: 'opaque-token-value',
      security: { expiredTokenMaxWaitSeconds: 0 },
      reply: target(() => grant('opaque-token-value')),
    });
    const a = await authProbesCollector.collect(ctx, {});
    for (const k of [
      'signature-tampered',
      'signature-foreign-key',
      'alg-none',
      'kid-unknown',
      'jku-injection',
    ] as const) {
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
