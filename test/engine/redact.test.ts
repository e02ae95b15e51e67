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

describe('secret parameters in URLs and free text', () => {
  const base = 'https://psw.example.org/cb';
  it.each([
    ['a query access_token', `${base}?access_token=S1`, `${base}?access_token=${REDACTED}`],
    ['a fragment access_token', `${base}#access_token=S1&state=x`, `${base}#access_token=${REDACTED}&state=x`],
    ['a matrix jsessionid', `${base};jsessionid=S1`, `${base};jsessionid=${REDACTED}`],
    ['client_secret', `${base}?client_secret=S1`, `${base}?client_secret=${REDACTED}`],
    ['id_token', `${base}?x=1&id_token=S1`, `${base}?x=1&id_token=${REDACTED}`],
    ['api_key', `${base}?api_key=S1`, `${base}?api_key=${REDACTED}`],
    ['apikey', `${base}?apikey=S1`, `${base}?apikey=${REDACTED}`],
    ['api-key', `${base}?api-key=S1`, `${base}?api-key=${REDACTED}`],
    ['X-Amz-Signature', `${base}?X-Amz-Signature=S1`, `${base}?X-Amz-Signature=${REDACTED}`],
    ['X-Amz-Security-Token', `${base}?X-Amz-Security-Token=S1`, `${base}?X-Amz-Security-Token=${REDACTED}`],
    ['X-Amz-Credential', `${base}?X-Amz-Credential=S1`, `${base}?X-Amz-Credential=${REDACTED}`],
    ['sig', `${base}?sv=2020&sig=S1`, `${base}?sv=2020&sig=${REDACTED}`],
    ['pwd', `${base}?pwd=S1`, `${base}?pwd=${REDACTED}`],
    ['passwd', `${base}?passwd=S1`, `${base}?passwd=${REDACTED}`],
    ['PASSWORD (any case)', `${base}?PASSWORD=S1`, `${base}?PASSWORD=${REDACTED}`],
    ['secret', `${base}?secret=S1`, `${base}?secret=${REDACTED}`],
    ['sessionid', `${base}?sessionid=S1`, `${base}?sessionid=${REDACTED}`],
    ['session_id', `${base}?session_id=S1`, `${base}?session_id=${REDACTED}`],
    ['an OAuth code (as before)', `${base}?code=S1&state=x`, `${base}?code=${REDACTED}&state=x`],
    ['userinfo user:password', 'https://agent:S1@psw.example.org/api', `https://${REDACTED}@psw.example.org/api`],
    ['userinfo user only', 'https://S1@psw.example.org/', `https://${REDACTED}@psw.example.org/`],
    [
      'userinfo inside text',
      'GET http://u:S1@127.0.0.1:8443/x failed',
      `GET http://${REDACTED}@127.0.0.1:8443/x failed`,
    ],
  ])('%s is redacted', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    ['key', `${base}?key=k1`],
    ['id', `${base}?id=42`],
    ['locode', `${base}?locode=FRMRS`],
    ['portCode', `${base}?portCode=FRMRS`],
    ['idempotencyKey', `${base}?idempotencyKey=abc-123`],
    ['state', `${base}?state=x&nonce=y`],
    ['a name merely containing token', `${base}?tokenType=Bearer&design=1`],
    ['an email address (not userinfo)', 'contact master@example.org'],
  ])('%s is kept', (_name, input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe('JSON bodies that do not parse', () => {
  const pw = 'hunter2!';
  it.each([
    ['cut at the cap', `{"username":"jmartin","password":"${pw}","ship":{"name":"ESTEREL","imo`],
    ['a string cut short', `{"ship":{"name":"ESTEREL"},"password":"${pw}`],
    ['trailing bytes', `{"username":"jmartin","password":"${pw}","name":"ESTEREL"}garbage`],
    ['a number and literal values', `{"phone": 33612345678, "password": true, "ship": {"name": "ESTEREL"}} x`],
  ])('%s: sensitive values go, the rest stays readable', (_name, body) => {
    const text = redactBody(body, 'application/json').text!;
    expect(text).not.toContain(pw);
    expect(text).not.toContain('jmartin');
    expect(text).not.toContain('33612345678');
    expect(text).not.toMatch(/"password":\s*true/);
    expect(text).toContain('ESTEREL');
  });

  it('keeps key names and marks the kind of value removed', () => {
    expect(redactBody('{"password":"p1","masterName":"J. Martin","count":3', 'application/json').text).toBe(
      `{"password":"${REDACTED}","masterName":"${REDACTED_PERSONAL}","count":3`,
    );
  });

  it.each([
    [
      'an object under a personal key goes whole',
      '{"crew":[{"identityDocument":{"type":"passport","number":"X1234567"},"rank":"master"}],"x"',
      `{"crew":[{"identityDocument":"${REDACTED_PERSONAL}","rank":"master"}],"x"`,
    ],
    [
      'an array under a personal key goes whole',
      '{"givenNames":["Jean","Pierre"],"count":2,',
      `{"givenNames":"${REDACTED_PERSONAL}","count":2,`,
    ],
    [
      'an object cut short goes to the end',
      '{"ship":"ESTEREL","identityDocument":{"type":"passport","number":"X12',
      `{"ship":"ESTEREL","identityDocument":"${REDACTED_PERSONAL}"`,
    ],
    [
      'a string holding key-like text is stepped over, and the key after it still found',
      '{"remark":"\\"password\\": \\"not a key\\"","password":"p1"} x',
      `{"remark":"\\"password\\": \\"not a key\\"","password":"${REDACTED}"} x`,
    ],
    ['null stays null', '{"password":null,"n":1', '{"password":null,"n":1'],
  ])('%s', (_name, body, redacted) => {
    expect(redactBody(body, 'application/json').text).toBe(redacted);
  });

  it('a leading BOM is dropped and the body parsed as JSON', () => {
    const text = redactBody(`\uFEFF{"password":"${pw}","count":3}`, 'application/json').text!;
    expect(JSON.parse(text)).toEqual({ password: REDACTED, count: 3 });
  });
});
