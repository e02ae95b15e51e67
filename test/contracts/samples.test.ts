import { describe, expect, it } from 'vitest';
import { validate } from '../../contracts/schemas.ts';
import {
  checkFormality,
  checkPortCall,
  compareInstants,
  isValidImoNumber,
  isValidShipMmsi,
  LocodeList,
} from '../../contracts/rules/index.ts';
import {
  formatDateTime,
  SAMPLE_SHIPS,
  sampleCrewList,
  sampleDangerousGoods,
  sampleGeneralDeclaration,
  samplePassengerList,
  samplePortCall,
  sampleSecurityNotification,
  sampleWasteNotification,
  withoutOffset,
} from '../../contracts/samples.ts';

const now = new Date('2026-11-21T09:41:07.250Z');
const locodes = LocodeList.builtIn();

describe('samples', () => {
  it.each(SAMPLE_SHIPS.map((s) => [s.name, s] as const))(
    'ship %s has a valid IMO number and ship-station MMSI',
    (_name, ship) => {
      expect(isValidImoNumber(ship.imoNumber)).toBe(true);
      expect(isValidShipMmsi(ship.mmsi!)).toBe(true);
    },
  );

  it.each(SAMPLE_SHIPS.map((_s, i) => [i]))(
    'port call with ship %i is schema-valid and breaks no rule, ETA before ETD',
    (i) => {
      const pc = samplePortCall({ now, ship: i });
      expect(validate('PortCallInput', pc).errors).toEqual([]);
      expect(checkPortCall(pc, { locodes })).toEqual([]);
      expect(compareInstants(pc.eta, pc.etd)).toBeLessThan(0);
    },
  );

  it('is deterministic for a given now, with ETA two days ahead at +01:00 and ETD in UTC', () => {
    expect(samplePortCall({ now })).toEqual(samplePortCall({ now }));
    const pc = samplePortCall({ now });
    expect(pc.eta).toBe('2026-11-23T10:00:00+01:00');
    expect(pc.etd).toBe('2026-11-24T19:00:00Z');
  });

  it.each([
    [
      'general-declaration',
      'GeneralDeclaration',
      () => sampleGeneralDeclaration(samplePortCall({ now }), { crew: 3, passengers: 2 }),
    ],
    ['crew-list', 'CrewList', () => sampleCrewList(8)],
    ['passenger-list', 'PassengerList', () => samplePassengerList(samplePortCall({ now }), 5)],
    ['dangerous-goods', 'DangerousGoods', () => sampleDangerousGoods()],
    ['waste', 'WasteNotification', () => sampleWasteNotification(samplePortCall({ now }), now)],
    ['security', 'SecurityNotification', () => sampleSecurityNotification(samplePortCall({ now }), now)],
  ] as const)('%s is schema-valid and breaks no rule', (type, schema, build) => {
    const body = build();
    expect(validate(schema, body).errors).toEqual([]);
    const onFile = { generalDeclaration: { numberOfCrew: 8, numberOfPassengers: 5 } };
    expect(checkFormality(type, body, { locodes, now, onFile }).errors).toEqual([]);
  });

  it('counts and declarations agree so FAL1 is consistent once the lists are on file', () => {
    const pc = samplePortCall({ now });
    const gd = sampleGeneralDeclaration(pc, { crew: 3, passengers: 2 });
    const onFile = { crewList: sampleCrewList(3), passengerList: samplePassengerList(pc, 2) };
    expect(checkFormality('general-declaration', gd, { locodes, onFile })).toEqual({ errors: [], warnings: [] });
    expect(checkFormality('general-declaration', gd, { locodes }).warnings.map((w) => w.code)).toContain(
      'CREW_LIST_PENDING',
    );
  });

  it('repeats the crew roster with distinct identity documents', () => {
    const numbers = sampleCrewList(13).crew.map((c) => c.identityDocument.number);
    expect(new Set(numbers).size).toBe(13);
  });

  it.each([
    [0, '2026-11-21T09:41:07Z'],
    [60, '2026-11-21T10:41:07+01:00'],
    [-210, '2026-11-21T06:11:07-03:30'],
    [330, '2026-11-21T15:11:07+05:30'],
  ])('formats date-times at offset %i', (offset, expected) => {
    expect(formatDateTime(now, offset)).toBe(expected);
    expect(withoutOffset(expected)).toBe(expected.slice(0, 19));
  });
});
