// The verifier's JSON report (the shape pact_ffi writes), read into per-interaction results.
import { describe, expect, it } from 'vitest';
import { REDACTED_PERSONAL } from '../../../../engine/redact.ts';
import { parseVerifierReport, pointerOf, summariseValue } from '../../../../suites/contract/pact/report.ts';

const between = 'Verifying a pact between shipping-agent-system and port-single-window';

const REPORT = {
  errors: [
    {
      interaction: `${between} Given a port call exists for tenant A - read a port call`,
      mismatch: {
        interactionId: '',
        type: 'mismatches',
        mismatches: [
          {
            type: 'BodyMismatch',
            path: '$.version',
            expected: '1',
            actual: '"1"',
            mismatch: "Expected '1' (String) to be an integer",
          },
          { type: 'StatusMismatch', expected: 200, actual: 500, mismatch: 'expected 200 but was 500' },
          {
            type: 'HeaderMismatch',
            key: 'Location',
            expected: '/api/v1/port-calls/x',
            actual: '',
            mismatch: "Expected a header 'Location' but was missing",
          },
        ],
      },
    },
    {
      interaction: `${between} - notify a port call`,
      mismatch: {
        interactionId: '',
        type: 'error',
        message: 'Request to provider failed: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      },
    },
  ],
  pendingErrors: [],
  interactionResults: [
    { description: 'cancel a port call', duration: '10ms', result: 'OK' },
    { description: 'notify a port call', duration: '10ms', result: 'Error' },
    { description: 'read a port call', duration: '10ms', result: 'Error' },
  ],
  notices: [],
  output: ['…'],
  result: false,
};

describe('parseVerifierReport', () => {
  it('gives one result per interaction in execution order, with its mismatches', () => {
    const r = parseVerifierReport(JSON.stringify(REPORT))!;
    expect(r.result).toBe(false);
    expect(r.interactions.map((i) => [i.description, i.ok])).toEqual([
      ['cancel a port call', true],
      ['notify a port call', false],
      ['read a port call', false],
    ]);
    const read = r.interactions[2]!;
    expect(read.mismatches.map((m) => [m.kind, m.path ?? null, m.expected, m.actual])).toEqual([
      ['body', '$.version', '1', '"1"'],
      ['status', null, '200', '500'],
      ['header', 'Location', '/api/v1/port-calls/x', ''],
    ]);
  });

  it('keeps a verifier error (no mismatch) as an error, redacted', () => {
    const notify = parseVerifierReport(JSON.stringify(REPORT))!.interactions[1]!;
    expect(notify.mismatches).toEqual([]);
    expect(notify.error).toMatch(/^Request to provider failed/);
    expect(notify.error).not.toContain('eyJhbGci');
  });

  it('gives each of two results of one description (two pact versions) its own error', () => {
    const twice = {
      ...REPORT,
      interactionResults: [
        { description: 'read a port call', result: 'OK' },
        { description: 'read a port call', result: 'Error' },
      ],
      errors: [REPORT.errors[0]],
    };
    const r = parseVerifierReport(JSON.stringify(twice))!;
    expect(r.interactions.map((i) => [i.ok, i.mismatches.length])).toEqual([
      [true, 0],
      [false, 3],
    ]);
  });

  it('marks pending failures', () => {
    const pending = {
      ...REPORT,
      errors: [],
      pendingErrors: [REPORT.errors[0]],
      interactionResults: [{ description: 'read a port call', result: 'Error', pending: true }],
    };
    expect(parseVerifierReport(JSON.stringify(pending))!.interactions[0]).toMatchObject({ ok: false, pending: true });
  });

  it('is undefined for what is not a report (a crash message)', () => {
    expect(parseVerifierReport('Verification was unable to run')).toBeUndefined();
    expect(parseVerifierReport('{"result":true}')).toBeUndefined();
  });
});

describe('mismatch values', () => {
  it('keeps JSON strings quoted so "1" and 1 differ', () => {
    expect(summariseValue('"1"', '$.version')).toBe('"1"');
    expect(summariseValue('1', '$.version')).toBe('1');
    expect(summariseValue('application/json', 'Content-Type')).toBe('application/json');
  });

  it('withholds personal data by the property it sits under, and inside objects', () => {
    expect(summariseValue('"Marchal"', '$.crew[0].familyName')).toBe(JSON.stringify(REDACTED_PERSONAL));
    expect(summariseValue('{"masterName":"Jeanne Marchal","numberOfCrew":3}', '$.document')).toBe(
      JSON.stringify({ masterName: REDACTED_PERSONAL, numberOfCrew: 3 }),
    );
    const r = parseVerifierReport(
      JSON.stringify({
        ...REPORT,
        interactionResults: [{ description: 'read a port call', result: 'Error' }],
        errors: [
          {
            interaction: 'read a port call',
            mismatch: {
              type: 'mismatches',
              mismatches: [
                {
                  type: 'BodyMismatch',
                  path: '$.document.masterName',
                  expected: '"A"',
                  actual: '"Jeanne Marchal"',
                  mismatch: "Expected 'Jeanne Marchal' to be equal to 'A'",
                },
              ],
            },
          },
        ],
      }),
    )!;
    expect(JSON.stringify(r.interactions[0])).not.toContain('Marchal');
  });

  it('shortens long values', () => {
    expect(summariseValue(JSON.stringify('x'.repeat(1000)))!.length).toBeLessThanOrEqual(200);
  });
});

describe('pointerOf', () => {
  it.each([
    ['$', ''],
    ['$.version', '/version'],
    ['$.errors[0].code', '/errors/0/code'],
    ['$.items[*].status', '/items/*/status'],
    ["$['a/b']", '/a~1b'],
  ])('%s → %j', (path, pointer) => {
    expect(pointerOf(path)).toBe(pointer);
  });

  it('is undefined for a header name or a malformed path', () => {
    expect(pointerOf('Location')).toBeUndefined();
    expect(pointerOf('$..x')).toBeUndefined();
  });
});
