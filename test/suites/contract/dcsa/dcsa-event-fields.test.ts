import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import check from '../../../../suites/contract/dcsa/dcsa-event-fields.ts';
import { listedCodes } from '../../../../suites/contract/dcsa/event-rules.ts';
import { findingsOf, httpLog, runCheck } from '../builders.ts';
import { PROBES, answer, dcsaDocument, event } from './dcsa-builders.ts';

let OpenApi: OpenApiModel;
beforeAll(async () => {
  OpenApi = await dcsaDocument();
});
const run = (...events: Record<string, unknown>[]) =>
  runCheck(check, { DcsaProbes: PROBES, HttpLog: httpLog(answer('GET', '/events', 200, { events })), OpenApi });

describe('dcsa-event-fields', () => {
  it('passes on conformant events', async () => {
    expect(
      (await run(event(), event({ timestamp: { classifierCode: 'ACT', serviceDateTime: '2026-12-07T06:05:00Z' } })))
        .outcome,
    ).toBe('pass');
  });

  it.each([
    [
      'an unlisted classifier code',
      { timestamp: { classifierCode: 'ACTUAL' } },
      'code-not-listed',
      '/events/1/timestamp/classifierCode',
    ],
    [
      'an unlisted service type',
      { portCallService: { portCallServiceTypeCode: 'DOCKING' } },
      'code-not-listed',
      '/events/1/portCallService/portCallServiceTypeCode',
    ],
    [
      'an unlisted facility code list provider',
      { portCallService: { serviceLocation: { facility: { facilityCodeListProvider: 'XYZ' } } } },
      'code-not-listed',
      '/events/1/portCallService/serviceLocation/facility/facilityCodeListProvider',
    ],
    [
      'a serviceDateTime without offset',
      { timestamp: { classifierCode: 'EST', serviceDateTime: '2026-12-07T06:00:00' } },
      'date-time-without-offset',
      '/events/1/timestamp/serviceDateTime',
    ],
    [
      'an eventUpdatedDateTime without offset',
      { eventUpdatedDateTime: '2026-12-07T06:00:00' },
      'date-time-without-offset',
      '/events/1/eventUpdatedDateTime',
    ],
    [
      'a port call UN/LOCODE with 1',
      { portCall: { UNLocationCode: 'NLRT1' } },
      'locode-invalid',
      '/events/1/portCall/UNLocationCode',
    ],
    [
      'an IMO number with a wrong check digit',
      { vessel: { vesselIMONumber: '9321484' } },
      'imo-number-invalid',
      '/events/1/vessel/vesselIMONumber',
    ],
  ])('fails: %s, at that field', async (_name, change, id, pointer) => {
    const p = await run(event(), event(change));
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p).map((f) => [f.id, (f.location as { jsonPointer: string }).jsonPointer])).toEqual([
      [id, pointer],
    ]);
  });

  it('derives code lists from the document, not from a list of its own', () => {
    const timestamp = (
      OpenApi.document.components as {
        schemas: Record<string, { properties: Record<string, { description: string }> }>;
      }
    ).schemas.Timestamp!;
    expect(listedCodes(timestamp.properties.classifierCode!.description)).toEqual(
      expect.arrayContaining(['ACT', 'EST', 'PLN', 'REQ']),
    );
  });

  it('is not applicable without published events', async () => {
    expect((await run()).outcome).toBe('not-applicable');
  });
});
