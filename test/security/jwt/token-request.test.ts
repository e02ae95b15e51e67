import { describe, expect, it } from 'vitest';
import { probeTokenUrl, requestProbeToken, requestToken } from '../../../security/jwt/token-request.ts';
import { fakeContext, form, TOKEN_URL, type Reply } from '../../suites/security/api/fake-context.ts';

describe('requestToken', () => {
  it('posts a client-credentials form, with the resource indicator when given', async () => {
    const { ctx, sent } = fakeContext({
      token: 't',
      reply: () => ({ status: 200, json: { access_token: 'abc', expires_in: 60 } }),
    });
    const grant = await requestToken(ctx.http, ctx.target, 'agentB', { resource: 'urn:psw:events' });
    expect(grant).toMatchObject({ status: 200, accessToken: 'abc', expiresIn: 60 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(Object.fromEntries(form(sent[0]!))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'agent-b',
      client_secret: 's-b',
      resource: 'urn:psw:events',
    });
    expect(sent[0]!.as).toBeUndefined();
  });

  it.each<[string, Reply, string | undefined]>([
    [
      'an OAuth error member',
      { status: 400, json: { error: 'invalid_target', type: 'https://x.example/problems/invalid-target' } },
      'invalid_target',
    ],
    [
      'a problem type only',
      { status: 400, json: { type: 'https://x.example/problems/invalid-target', title: 'Invalid token request' } },
      'invalid-target',
    ],
    ['a title only', { status: 401, json: { title: 'Client authentication failed' } }, 'Client authentication failed'],
    ['no body', { status: 500 }, undefined],
    ['200 without a token', { status: 200, json: { token_type: 'Bearer' } }, undefined],
  ])('reports a refusal with %s', async (_name, reply, error) => {
    const { ctx } = fakeContext({ token: 't', reply: () => reply });
    const grant = await requestToken(ctx.http, ctx.target, 'agentA', { resource: 'urn:x' });
    expect(grant.accessToken).toBeUndefined();
    expect(grant.status).toBe(reply.status);
    expect(grant.error).toBe(error);
    expect(grant.evidenceId).toBeDefined();
  });

  it('refuses a role without credentials', async () => {
    const { ctx } = fakeContext({ token: 't', reply: () => ({ status: 200 }) });
    await expect(requestToken(ctx.http, { ...ctx.target, credentials: {} }, 'authority')).rejects.toThrow(
      /no credentials for authority/,
    );
  });
});

describe('requestProbeToken', () => {
  it('lives beside the token endpoint', () => {
    expect(probeTokenUrl('https://psw.example/oauth/token')).toBe('https://psw.example/oauth/probe-token');
    expect(probeTokenUrl('https://psw.example/auth/realms/x/token')).toBe(
      'https://psw.example/auth/realms/x/probe-token',
    );
  });

  it('posts the client credentials and the probe, and reads the token or the refusal', async () => {
    const { ctx, sent } = fakeContext({
      token: 't',
      reply: (req) =>
        form(req).get('probe') === 'no-exp'
          ? { status: 200, json: { access_token: 'minted', token_type: 'Bearer', probe: 'no-exp' } }
          : { status: 400, json: { error: 'invalid_request' } },
    });
    expect(await requestProbeToken(ctx.http, ctx.target, 'agentA', 'no-exp')).toMatchObject({
      status: 200,
      accessToken: 'minted',
    });
    expect(Object.fromEntries(form(sent[0]!))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'agent-a',
      client_secret: 's-a',
      probe: 'no-exp',
    });
    expect(sent[0]!.url).toBe(probeTokenUrl(TOKEN_URL));
    const refused = await requestProbeToken(ctx.http, ctx.target, 'agentA', 'wrong-issuer');
    expect(refused).toMatchObject({ status: 400, error: 'invalid_request' });
    expect(refused.accessToken).toBeUndefined();
  });
});
