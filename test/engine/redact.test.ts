import { describe, expect, it } from 'vitest';
import { MemoryEvidenceStore } from '../../engine/evidence.ts';
import {
  REDACTED,
  REDACTED_PERSONAL,
  redactBody,
  redactHeaderValue,
  redactJson,
  redactText,
} from '../../engine/redact.ts';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhZ2VudC1hIiwiYXVkIjoicHN3LWFwaSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('redaction', () => {
  it.each([
    ['authorization', `Bearer ${JWT}`, `Bearer ${REDACTED}`],
    ['Authorization', 'Basic YWdlbnQtYTpzZWNyZXQ=', `Basic ${REDACTED}`],
    ['cookie', 'psw_session=abc123; theme=dark', `psw_session=${REDACTED}; theme=${REDACTED}`],
    [
      'set-cookie',
      'psw_session=abc123; Path=/; Secure; HttpOnly; SameSite=Strict',
      `psw_session=${REDACTED}; Path=/; Secure; HttpOnly; SameSite=Strict`,
    ],
    ['x-api-key', 'k-123', REDACTED],
    ['content-type', 'application/json', 'application/json'],
  ])('header %s', (name, value, expected) => {
    expect(redactHeaderValue(name, value)).toBe(expected);
  });

  it('replaces secrets and personal data in JSON at any depth', () => {
    const out = redactJson({
      access_token: JWT,
      client_secret: 's3cret',
      crew: [
        {
          familyName: 'Martin',
          givenNames: 'Jeanne',
          dateOfBirth: '1980-02-01',
          rankOrRating: 'Master',
          identityDocument: { type: 'passport', number: 'X1' },
        },
      ],
      masterName: 'J. Martin',
      ship: { name: 'ESTEREL', imoNumber: '9074729' },
      note: `token was ${JWT}`,
    }) as Record<string, unknown>;
    expect(out.access_token).toBe(REDACTED);
    expect(out.client_secret).toBe(REDACTED);
    const crew = (out.crew as Record<string, unknown>[])[0]!;
    expect(crew.familyName).toBe(REDACTED_PERSONAL);
    expect(crew.givenNames).toBe(REDACTED_PERSONAL);
    expect(crew.dateOfBirth).toBe(REDACTED_PERSONAL);
    expect(crew.identityDocument).toBe(REDACTED_PERSONAL);
    expect(crew.rankOrRating).toBe('Master');
    expect(out.masterName).toBe(REDACTED_PERSONAL);
    expect(out.ship).toEqual({ name: 'ESTEREL', imoNumber: '9074729' });
    expect(out.note).not.toContain(JWT);
  });

  it('redacts form bodies and query strings', () => {
    const form = redactBody(
      'grant_type=client_credentials&client_id=agent-a&client_secret=s3cret',
      'application/x-www-form-urlencoded',
    );
    expect(form.text).toContain('client_id=agent-a');
    expect(form.text).not.toContain('s3cret');
    expect(redactText('https://x.example/cb?code=abc&state=1&access_token=zzz')).not.toMatch(/abc|zzz/);
  });

  it('truncates long bodies and says so', () => {
    const r = redactBody('x'.repeat(20_000), 'text/plain', 100);
    expect(r.truncated).toBe(true);
    expect(r.text).toHaveLength(100);
  });

  it('survives hostile nesting', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    expect(() => redactJson(deep)).not.toThrow();
  });

  it('the evidence store never keeps a secret it was given', () => {
    const store = new MemoryEvidenceStore();
    const id = store.addHttp({
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      request: {
        method: 'POST',
        url: 'https://127.0.0.1/oauth/token',
        headers: { authorization: `Bearer ${JWT}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'client_secret=s3cret&client_id=a',
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'set-cookie': 'sid=abc; Secure' },
        body: JSON.stringify({ access_token: JWT, expires_in: 60 }),
      },
    });
    const text = JSON.stringify(store.get(id));
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('sid=abc');
  });
});

describe('HTML bodies', () => {
  it('keep their markup but lose the values typed into forms', () => {
    const html =
      '<form><input name="masterName" value="Jeanne Martin"><input type=hidden name=csrf value=abc123></form>';
    const r = redactBody(html, 'text/html; charset=utf-8');
    expect(r.text).toContain('name="masterName"');
    expect(r.text).not.toMatch(/Jeanne|abc123/);
  });
});
