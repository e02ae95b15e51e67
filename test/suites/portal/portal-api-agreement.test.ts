import { describe, expect, it } from 'vitest';
import check, { sameValue } from '../../../suites/portal/portal-api-agreement.ts';
import type { PortalSession } from '../../../suites/portal/artifact.ts';
import { CALL_PAGE, FAL1_API, NOT_APPLICABLE, PORTAL, findingsOf, placesOf, runCheck, session } from './builders.ts';

const at = (field: string) => ({
  method: 'GET',
  url: FAL1_API,
  operationId: 'getFormality',
  jsonPointer: `/document/${field}`,
  in: 'response',
});

describe('portal-api-agreement', () => {
  it('passes when every typed field comes back unchanged', async () => {
    const p = await runCheck(check, session());
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['http-readback', 'shot-fal1']);
    expect(p.metrics).toEqual({ fieldsCompared: 12 });
    expect(placesOf(p).probed).toHaveLength(12);
    expect(placesOf(p).notProbed).toEqual([]);
  });

  it('passes when the API normalises a date-time to the same instant, and skips fields the form lacks', async () => {
    const p = await runCheck(
      check,
      session((a) => {
        a.apiReadback!.document!.dateTimeOfArrival = '2026-12-01T09:00:00+01:00';
        a.fal1!.missingFields = ['flag'];
        delete a.apiReadback!.document!.flag;
      }),
    );
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toEqual({ fieldsCompared: 11 });
    expect(placesOf(p).notProbed).toEqual([['general-declaration form /flag', 'not-exposed']]);
  });

  it('is not applicable without a portal', async () => {
    expect((await runCheck(check, NOT_APPLICABLE)).outcome).toBe('not-applicable');
  });

  it.each<[string, (a: PortalSession) => void, { id: string; location: unknown }[], Record<string, unknown>[]]>([
    [
      'the crew count dropped on the way',
      (a) => void delete a.apiReadback!.document!.numberOfCrew,
      [{ id: 'field-missing', location: at('numberOfCrew') }],
      [{ field: 'numberOfCrew', typed: 17 }],
    ],
    [
      'the crew count stored as 0',
      (a) => void (a.apiReadback!.document!.numberOfCrew = 0),
      [{ id: 'field-disagrees', location: at('numberOfCrew') }],
      [{ field: 'numberOfCrew', typed: 17, api: 0 }],
    ],
    [
      'the passenger count stored as 0',
      (a) => void (a.apiReadback!.document!.numberOfPassengers = 0),
      [{ id: 'field-disagrees', location: at('numberOfPassengers') }],
      [{ field: 'numberOfPassengers', typed: 4, api: 0 }],
    ],
    [
      "the last port of call replaced by the port call's (the pre-filled value)",
      (a) => void (a.apiReadback!.document!.lastPortOfCall = a.fal1!.prefilled.lastPortOfCall),
      [{ id: 'field-disagrees', location: at('lastPortOfCall') }],
      [{ field: 'lastPortOfCall', typed: 'NLRTM', api: 'GBSOU' }],
    ],
    [
      'a changed master name (values never echoed)',
      (a) => void (a.apiReadback!.document!.masterName = 'Someone Else'),
      [{ id: 'field-disagrees', location: at('masterName') }],
      [{ field: 'masterName', typed: '[personal data]', api: '[personal data]' }],
    ],
    [
      'a declaration the API does not have',
      (a) => {
        a.apiReadback!.status = 404;
        delete a.apiReadback!.document;
      },
      [{ id: 'fal1-not-visible', location: { method: 'GET', url: FAL1_API, operationId: 'getFormality' } }],
      [{ status: 404 }],
    ],
    [
      'a port call missing from the portal list',
      (a) => {
        a.listing!.found = false;
        a.listing!.pagesSearched = 3;
        delete a.fal1;
        delete a.apiReadback;
      },
      [{ id: 'port-call-not-listed', location: { url: `${PORTAL}port-calls` } }],
      [{ pages: 3 }],
    ],
  ])('fails on %s', async (_name, change, expected, data) => {
    const p = await runCheck(check, session(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p)).toEqual(expected);
    expect(p.findings?.map((f) => f.data)).toMatchObject(data);
    for (const f of p.findings ?? []) expect(f.evidence?.length, f.id).toBeGreaterThan(0);
  });

  it('needs review when the portal refused the form the harness filled in', async () => {
    const p = await runCheck(
      check,
      session((a) => void (a.fal1!.submitStatus = 422)),
    );
    expect(p.outcome).toBe('needs-review');
    expect(findingsOf(p)).toEqual([
      { id: 'fal1-not-accepted', location: { method: 'POST', url: `${CALL_PAGE}/general-declaration` } },
    ]);
  });

  it('needs review when the sign-in failed', async () => {
    expect(
      (
        await runCheck(
          check,
          session((a) => void (a.login!.succeeded = false)),
        )
      ).outcome,
    ).toBe('needs-review');
  });

  it.each<[string, (a: PortalSession) => void]>([
    ['the FAL1 step threw', (a) => void a.errors.push({ step: 'fal1', message: 'no FAL1 form' })],
    ['the read-back threw', (a) => void a.errors.push({ step: 'api-readback', message: 'ECONNRESET' })],
    ['the listing threw', (a) => void a.errors.push({ step: 'listing', message: 'timeout' })],
  ])('is an error when %s', async (_name, change) => {
    await expect(runCheck(check, session(change))).rejects.toThrow(/did not complete/);
  });
});

describe('sameValue', () => {
  it.each<[string | number, unknown, boolean]>([
    [17, 17, true],
    [17, '17', true],
    [17, 0, false],
    [17, undefined, false],
    [17, '', false],
    ['FR', 'FR', true],
    [' FR ', 'FR', true],
    ['FR', 'fr', false],
    ['2026-12-01T08:00:00Z', '2026-12-01T09:00:00+01:00', true],
    ['2026-12-01T08:00:00Z', '2026-12-01T08:00:01Z', false],
    ['2026-12-01T08:00:00Z', '2026-12-01T08:00:00', false],
    ['x', { x: 1 }, false],
  ])('%o vs %o → %s', (typed, api, expected) => {
    expect(sameValue(typed, api)).toBe(expected);
  });
});
