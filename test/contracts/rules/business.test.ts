import { describe, expect, it } from 'vitest';
import {
  checkArrivalDeparture,
  checkCrewList,
  checkDangerousGoods,
  checkFormality,
  checkGeneralDeclaration,
  checkPassengerList,
  checkPortCall,
  checkSecurity,
  checkWaste,
} from '../../../contracts/rules/business.ts';
import type { RuleIssue } from '../../../contracts/rules/issues.ts';
import { ERROR_CODES, WARNING_CODES } from '../../../contracts/rules/issues.ts';
import { LocodeList } from '../../../contracts/rules/locode.ts';

type Doc = Record<string, unknown>;
type Found = Array<[string, string]>;

const locodes = LocodeList.builtIn();
const found = (issues: RuleIssue[]): Found => issues.map((i) => [i.code, i.pointer]);
/** A deep copy of `base` with `edit` applied. */
const variant = <T>(base: T, edit: (d: Doc) => void): Doc => {
  const copy = structuredClone(base) as Doc;
  edit(copy);
  return copy;
};

const KNOWN_CODES = new Set<string>([...ERROR_CODES, ...WARNING_CODES]);
function expectWellFormed(issues: RuleIssue[]): void {
  for (const i of issues) {
    expect(KNOWN_CODES.has(i.code)).toBe(true);
    expect(i.pointer === '' || i.pointer.startsWith('/')).toBe(true);
    expect(i.detail.length).toBeGreaterThan(0);
  }
}

const PORT_CALL = {
  ship: { imoNumber: '9074729', mmsi: '227123456', callSign: 'FABC', name: 'ESTEREL', flag: 'FR' },
  portOfCall: 'FRLEH',
  previousPort: 'GBSOU',
  nextPort: 'NLRTM',
  eta: '2026-12-01T08:00:00+01:00',
  etd: '2026-12-02T18:00:00+01:00',
  personsOnBoard: 23,
  callPurpose: 'cargo-operations',
};

describe('checkPortCall', () => {
  const ship = (d: Doc): Doc => d.ship as Doc;
  it.each<[string, (d: Doc) => void, Found]>([
    ['the README example', () => {}, []],
    ['IMO with prefix', (d) => void (ship(d).imoNumber = 'IMO 9074729'), []],
    ['IMO check digit wrong', (d) => void (ship(d).imoNumber = '9074728'), [['IMO_CHECK_DIGIT', '/ship/imoNumber']]],
    ['IMO as a number', (d) => void (ship(d).imoNumber = 9074729), [['IMO_CHECK_DIGIT', '/ship/imoNumber']]],
    ['IMO too short', (d) => void (ship(d).imoNumber = '907472'), [['IMO_CHECK_DIGIT', '/ship/imoNumber']]],
    ['no MMSI', (d) => void delete ship(d).mmsi, []],
    ['MMSI null', (d) => void (ship(d).mmsi = null), []],
    ['MMSI of no structure', (d) => void (ship(d).mmsi = '123456789'), [['MMSI_INVALID', '/ship/mmsi']]],
    ['MMSI of a coast station', (d) => void (ship(d).mmsi = '002275300'), [['MMSI_INVALID', '/ship/mmsi']]],
    ['MMSI with unallocated MID', (d) => void (ship(d).mmsi = '200123456'), [['MMSI_INVALID', '/ship/mmsi']]],
    ['MMSI of 8 digits', (d) => void (ship(d).mmsi = '22712345'), [['MMSI_INVALID', '/ship/mmsi']]],
    ['unknown port of call', (d) => void (d.portOfCall = 'FRZZZ'), [['LOCODE_UNKNOWN', '/portOfCall']]],
    ['placeholder port of call', (d) => void (d.portOfCall = 'ZZUKN'), [['LOCODE_UNKNOWN', '/portOfCall']]],
    ['malformed port of call', (d) => void (d.portOfCall = 'FRLE1'), [['LOCODE_UNKNOWN', '/portOfCall']]],
    ['lower-case port of call', (d) => void (d.portOfCall = 'frleh'), [['LOCODE_UNKNOWN', '/portOfCall']]],
    ['unknown previous port', (d) => void (d.previousPort = 'XXXXX'), [['LOCODE_UNKNOWN', '/previousPort']]],
    ['previous port unknown (ZZUKN)', (d) => void (d.previousPort = 'ZZUKN'), []],
    ['unknown next port', (d) => void (d.nextPort = 'NLRTX'), [['LOCODE_UNKNOWN', '/nextPort']]],
    ['next port XX888', (d) => void (d.nextPort = 'XX888'), []],
    ['no previous/next port', (d) => void (delete d.previousPort, delete d.nextPort), []],
    ['ETA without offset', (d) => void (d.eta = '2026-12-01T08:00:00'), [['DATETIME_OFFSET', '/eta']]],
    ['ETD without offset', (d) => void (d.etd = '2026-12-02T18:00:00'), [['DATETIME_OFFSET', '/etd']]],
    ['ETD not a calendar date', (d) => void (d.etd = '2026-02-30T18:00:00Z'), [['DATETIME_OFFSET', '/etd']]],
    ['ETA as a number', (d) => void (d.eta = 1764572400000), [['DATETIME_OFFSET', '/eta']]],
    ['ETA after ETD', (d) => void (d.eta = '2026-12-03T08:00:00+01:00'), [['ETA_AFTER_ETD', '/etd']]],
    ['ETA equal to ETD, other offset', (d) => void (d.eta = '2026-12-02T17:00:00Z'), [['ETA_AFTER_ETD', '/etd']]],
    [
      'ETA before ETD although it reads later',
      (d) => void ((d.eta = '2026-12-01T10:00:00+05:00'), (d.etd = '2026-12-01T08:00:00+01:00')),
      [],
    ],
    [
      'everything wrong at once, in document order',
      (d) => {
        Object.assign(ship(d), { imoNumber: '8814274', mmsi: '970123456' });
        Object.assign(d, { portOfCall: 'FRAAA', previousPort: 'GB', eta: '2026-12-05T00:00:00Z' });
      },
      [
        ['IMO_CHECK_DIGIT', '/ship/imoNumber'],
        ['MMSI_INVALID', '/ship/mmsi'],
        ['LOCODE_UNKNOWN', '/portOfCall'],
        ['LOCODE_UNKNOWN', '/previousPort'],
        ['ETA_AFTER_ETD', '/etd'],
      ],
    ],
  ])('%s', (_name, edit, expected) => {
    const issues = checkPortCall(variant(PORT_CALL, edit), { locodes });
    expect(found(issues)).toEqual(expected);
    expectWellFormed(issues);
  });

  it('judges ports against the list it is given', () => {
    const list = LocodeList.fromEntries([
      ['FRLEH', true],
      ['GBSOU', true],
      ['NLRTM', true],
      ['FRPAR', false],
    ]);
    expect(found(checkPortCall(PORT_CALL, { locodes: list }))).toEqual([]);
    expect(found(checkPortCall({ ...PORT_CALL, portOfCall: 'FRPAR' }, { locodes: list }))).toEqual([
      ['LOCODE_UNKNOWN', '/portOfCall'],
    ]);
    expect(found(checkPortCall({ ...PORT_CALL, nextPort: 'FRPAR' }, { locodes: list }))).toEqual([
      ['LOCODE_UNKNOWN', '/nextPort'],
    ]);
    // a list without the EMSWe specials does not know ZZUKN
    expect(found(checkPortCall({ ...PORT_CALL, previousPort: 'ZZUKN' }, { locodes: list }))).toEqual([
      ['LOCODE_UNKNOWN', '/previousPort'],
    ]);
  });

  it.each([null, undefined, 42, 'FRLEH', [], [PORT_CALL], { ship: 'x' }, { ship: null, eta: null }, {}])(
    'does not throw on %j',
    (odd) => {
      expect(() => checkPortCall(odd, { locodes })).not.toThrow();
      expect(checkPortCall(odd, { locodes })).toEqual([]);
    },
  );
});

describe('checkArrivalDeparture', () => {
  it.each<[Doc, Found]>([
    [{ ata: '2026-12-01T08:00:00+01:00', atd: '2026-12-02T18:00:00+01:00' }, []],
    [{ ata: '2026-12-01T08:00:00+01:00' }, []],
    [{ ata: '2026-12-01T08:00:00+01:00', atd: null }, []],
    [{ ata: '2026-12-02T08:00:00Z', atd: '2026-12-01T08:00:00Z' }, [['ATD_BEFORE_ATA', '/atd']]],
    [{ ata: '2026-12-01T08:00:00+01:00', atd: '2026-12-01T07:00:00Z' }, [['ATD_BEFORE_ATA', '/atd']]], // same instant
    [{ ata: '2026-12-01T09:00:00+03:00', atd: '2026-12-01T08:00:00+01:00' }, []], // 06:00Z then 07:00Z
    [{ ata: '2026-12-01T08:00:00', atd: '2026-12-01T07:00:00Z' }, [['DATETIME_OFFSET', '/ata']]],
    [{ ata: '2026-12-01T08:00:00Z', atd: 'soon' }, [['DATETIME_OFFSET', '/atd']]],
  ])('%j', (times, expected) => {
    const issues = checkArrivalDeparture(times);
    expect(found(issues)).toEqual(expected);
    expectWellFormed(issues);
  });

  it('does not throw on odd input', () => {
    expect(checkArrivalDeparture(null as never)).toEqual([]);
    expect(checkArrivalDeparture({})).toEqual([]);
  });
});

const FAL1 = {
  arrivalOrDeparture: 'arrival',
  shipName: 'ESTEREL',
  imoNumber: '9074729',
  callSign: 'FABC',
  flag: 'FR',
  masterName: 'Jeanne Martin',
  numberOfCrew: 3,
  numberOfPassengers: 2,
  lastPortOfCall: 'GBSOU',
  nextPortOfCall: 'NLRTM',
  dateTimeOfArrival: '2026-12-01T08:00:00+01:00',
};

describe('checkGeneralDeclaration', () => {
  type Ctx = { crewCount?: number; passengerCount?: number };
  it.each<[string, (d: Doc) => void, Ctx, Found, Found]>([
    ['consistent with both lists', () => {}, { crewCount: 3, passengerCount: 2 }, [], []],
    [
      'before either list',
      () => {},
      {},
      [],
      [
        ['CREW_LIST_PENDING', ''],
        ['PASSENGER_LIST_PENDING', ''],
      ],
    ],
    ['no passengers declared, no list', (d) => void (d.numberOfPassengers = 0), { crewCount: 3 }, [], []],
    [
      'crew count differs',
      () => {},
      { crewCount: 4, passengerCount: 2 },
      [['CREW_COUNT_MISMATCH', '/numberOfCrew']],
      [],
    ],
    [
      'passenger count differs',
      () => {},
      { crewCount: 3, passengerCount: 0 },
      [['PASSENGER_COUNT_MISMATCH', '/numberOfPassengers']],
      [],
    ],
    [
      'crew differs, passenger list pending',
      () => {},
      { crewCount: 2 },
      [['CREW_COUNT_MISMATCH', '/numberOfCrew']],
      [['PASSENGER_LIST_PENDING', '']],
    ],
    [
      'bad IMO',
      (d) => void (d.imoNumber = '9319467'),
      { crewCount: 3, passengerCount: 2 },
      [['IMO_CHECK_DIGIT', '/imoNumber']],
      [],
    ],
    [
      'unknown last port',
      (d) => void (d.lastPortOfCall = 'FRQQQ'),
      { crewCount: 3, passengerCount: 2 },
      [['LOCODE_UNKNOWN', '/lastPortOfCall']],
      [],
    ],
    [
      'unknown next port',
      (d) => void (d.nextPortOfCall = 'NL'),
      { crewCount: 3, passengerCount: 2 },
      [['LOCODE_UNKNOWN', '/nextPortOfCall']],
      [],
    ],
    ['no next port', (d) => void delete d.nextPortOfCall, { crewCount: 3, passengerCount: 2 }, [], []],
    [
      'arrival time without offset',
      (d) => void (d.dateTimeOfArrival = '2026-12-01T08:00:00'),
      { crewCount: 3, passengerCount: 2 },
      [['DATETIME_OFFSET', '/dateTimeOfArrival']],
      [],
    ],
  ])('%s', (_name, edit, ctx, errors, warnings) => {
    const result = checkGeneralDeclaration(variant(FAL1, edit), { locodes, ...ctx });
    expect(found(result.errors)).toEqual(errors);
    expect(found(result.warnings)).toEqual(warnings);
    expectWellFormed([...result.errors, ...result.warnings]);
  });

  it("never puts the master's name in a detail", () => {
    const r = checkGeneralDeclaration({ ...FAL1, imoNumber: '1' }, { locodes, crewCount: 9 });
    expect(JSON.stringify(r)).not.toContain('Jeanne');
  });

  it.each([null, 'x', [], {}])('does not throw on %j', (odd) => {
    expect(() => checkGeneralDeclaration(odd, { locodes })).not.toThrow();
  });
});

const person = (n: number): Doc => ({
  familyName: `Family${n}`,
  givenNames: `Given${n}`,
  rankOrRating: 'AB',
  nationality: 'FR',
  dateOfBirth: '1990-01-01',
  identityDocument: { type: 'passport', number: `P${n}` },
});

describe('checkCrewList', () => {
  const fal5 = (n: number): Doc => ({ crew: Array.from({ length: n }, (_, i) => person(i)) });
  it.each<[number, number | undefined, Found, Found]>([
    [3, 3, [], []],
    [2, 3, [['CREW_COUNT_MISMATCH', '/crew']], []],
    [4, 3, [['CREW_COUNT_MISMATCH', '/crew']], []],
    [3, undefined, [], [['GENERAL_DECLARATION_PENDING', '']]],
  ])('%i entries, %s declared', (entries, declaredCrew, errors, warnings) => {
    const r = checkCrewList(fal5(entries), declaredCrew === undefined ? {} : { declaredCrew });
    expect(found(r.errors)).toEqual(errors);
    expect(found(r.warnings)).toEqual(warnings);
    expectWellFormed([...r.errors, ...r.warnings]);
    expect(JSON.stringify(r)).not.toMatch(/Family|Given|P0/);
  });

  it.each([null, {}, { crew: 'x' }])('does not throw on %j', (odd) => {
    expect(checkCrewList(odd, { declaredCrew: 1 })).toEqual({ errors: [], warnings: [] });
  });
});

describe('checkPassengerList', () => {
  const passenger = (n: number, from = 'GBSOU', to = 'FRLEH'): Doc => ({
    ...person(n),
    portOfEmbarkation: from,
    portOfDisembarkation: to,
    transit: false,
  });
  it.each<[string, Doc[], number | undefined, Found, Found]>([
    ['consistent', [passenger(0), passenger(1)], 2, [], []],
    ['count differs', [passenger(0)], 2, [['PASSENGER_COUNT_MISMATCH', '/passengers']], []],
    ['empty list, none declared', [], 0, [], []],
    ['declaration pending', [passenger(0)], undefined, [], [['GENERAL_DECLARATION_PENDING', '']]],
    [
      'unknown ports, by index',
      [passenger(0), passenger(1, 'FRXXX'), passenger(2, 'GBSOU', 'NLRT1')],
      3,
      [
        ['LOCODE_UNKNOWN', '/passengers/1/portOfEmbarkation'],
        ['LOCODE_UNKNOWN', '/passengers/2/portOfDisembarkation'],
      ],
      [],
    ],
  ])('%s', (_name, passengers, declaredPassengers, errors, warnings) => {
    const r = checkPassengerList(
      { passengers },
      declaredPassengers === undefined ? { locodes } : { locodes, declaredPassengers },
    );
    expect(found(r.errors)).toEqual(errors);
    expect(found(r.warnings)).toEqual(warnings);
    expectWellFormed([...r.errors, ...r.warnings]);
  });
});

const DG_ITEM = {
  unNumber: '1203',
  properShippingName: 'GASOLINE',
  imdgClass: '3',
  packingGroup: 'II',
  containerNumber: 'CSQU3054383',
  grossMassKg: 12000,
  emsCode: 'F-E, S-E',
};

describe('checkDangerousGoods', () => {
  it.each<[string, Doc[], Found]>([
    ['a valid item', [DG_ITEM], []],
    ['explosive without PG', [{ ...DG_ITEM, unNumber: '0012', imdgClass: '1.4S', packingGroup: undefined }], []],
    [
      'gas without PG',
      [{ ...DG_ITEM, unNumber: '1075', imdgClass: '2.1', packingGroup: undefined, emsCode: 'F-D, S-U' }],
      [],
    ],
    ['no container, no EmS', [{ ...DG_ITEM, containerNumber: undefined, emsCode: undefined }], []],
    ['UN number out of range', [{ ...DG_ITEM, unNumber: '0000' }], [['UN_NUMBER_INVALID', '/items/0/unNumber']]],
    ['UN number as a number', [{ ...DG_ITEM, unNumber: 1203 }], [['UN_NUMBER_INVALID', '/items/0/unNumber']]],
    ['unknown class', [{ ...DG_ITEM, imdgClass: '10' }], [['IMDG_CLASS_INVALID', '/items/0/imdgClass']]],
    [
      'class 1 without division',
      [{ ...DG_ITEM, imdgClass: '1', packingGroup: undefined }],
      [['IMDG_CLASS_INVALID', '/items/0/imdgClass']],
    ],
    [
      'PG on a gas',
      [{ ...DG_ITEM, imdgClass: '2.2', packingGroup: 'III' }],
      [['PACKING_GROUP_INVALID', '/items/0/packingGroup']],
    ],
    [
      'PG on radioactive',
      [{ ...DG_ITEM, unNumber: '2915', imdgClass: '7', packingGroup: 'I' }],
      [['PACKING_GROUP_INVALID', '/items/0/packingGroup']],
    ],
    [
      'PG missing on class 8',
      [{ ...DG_ITEM, unNumber: '1760', imdgClass: '8', packingGroup: undefined }],
      [['PACKING_GROUP_INVALID', '/items/0/packingGroup']],
    ],
    ['PG IV', [{ ...DG_ITEM, packingGroup: 'IV' }], [['PACKING_GROUP_INVALID', '/items/0/packingGroup']]],
    ['self-reactive 4.1 without PG', [{ ...DG_ITEM, unNumber: '3226', imdgClass: '4.1', packingGroup: undefined }], []],
    [
      'container check digit',
      [{ ...DG_ITEM, containerNumber: 'CSQU3054384' }],
      [['CONTAINER_CHECK_DIGIT', '/items/0/containerNumber']],
    ],
    [
      'container not ISO 6346',
      [{ ...DG_ITEM, containerNumber: 'CSQ3054383' }],
      [['CONTAINER_CHECK_DIGIT', '/items/0/containerNumber']],
    ],
    ['EmS fire schedule beyond J', [{ ...DG_ITEM, emsCode: 'F-K, S-E' }], [['EMS_INVALID', '/items/0/emsCode']]],
    [
      'subsidiary risks',
      [{ ...DG_ITEM, subsidiaryRisks: ['6.1', '3', '1.4S'] }],
      [
        ['IMDG_CLASS_INVALID', '/items/0/subsidiaryRisks/1'],
        ['IMDG_CLASS_INVALID', '/items/0/subsidiaryRisks/2'],
      ],
    ],
    [
      'errors located by item index',
      [DG_ITEM, { ...DG_ITEM, unNumber: '99', imdgClass: '4.4', containerNumber: 'TASU1170001' }, DG_ITEM],
      [
        ['UN_NUMBER_INVALID', '/items/1/unNumber'],
        ['IMDG_CLASS_INVALID', '/items/1/imdgClass'],
        ['CONTAINER_CHECK_DIGIT', '/items/1/containerNumber'],
      ],
    ],
  ])('%s', (_name, items, expected) => {
    const r = checkDangerousGoods({ items: JSON.parse(JSON.stringify(items)) });
    expect(found(r.errors)).toEqual(expected);
    expect(r.warnings).toEqual([]);
    expectWellFormed(r.errors);
  });

  it.each([null, {}, { items: null }, { items: [null, 3, 'x'] }])('does not throw on %j', (odd) => {
    expect(checkDangerousGoods(odd)).toEqual({ errors: [], warnings: [] });
  });
});

const WASTE = {
  lastDeliveryPort: 'NLRTM',
  lastDeliveryDate: '2026-11-20',
  deliveringAllWaste: false,
  wastes: [
    { category: 'oily-bilge-water', toBeDeliveredM3: 4, retainedOnBoardM3: 1, maxStorageM3: 10 },
    { category: 'sewage', toBeDeliveredM3: 0, retainedOnBoardM3: 2, maxStorageM3: 2 },
  ],
};

describe('checkWaste', () => {
  it.each<[string, (d: Doc) => void, Found, Found]>([
    ['valid', () => {}, [], []],
    [
      'unknown last delivery port',
      (d) => void (d.lastDeliveryPort = 'NLXXX'),
      [['LOCODE_UNKNOWN', '/lastDeliveryPort']],
      [],
    ],
    ['never delivered (ZZUKN)', (d) => void (d.lastDeliveryPort = 'ZZUKN'), [], []],
    [
      'more retained than storage',
      (d) => void ((d.wastes as Doc[])[1]!.retainedOnBoardM3 = 2.5),
      [],
      [['WASTE_RETAINED_EXCEEDS_CAPACITY', '/wastes/1/retainedOnBoardM3']],
    ],
  ])('%s', (_name, edit, errors, warnings) => {
    const r = checkWaste(variant(WASTE, edit), { locodes });
    expect(found(r.errors)).toEqual(errors);
    expect(found(r.warnings)).toEqual(warnings);
    expectWellFormed([...r.errors, ...r.warnings]);
  });
});

const SECURITY = {
  issc: { valid: true, issuer: 'Bureau Veritas', expiryDate: '2028-06-30' },
  securityLevel: 1,
  shipSecurityOfficer: { name: 'Ana Silva', phone: '+33 6 00 00 00 00' },
  lastCalls: [
    { port: 'GBSOU', arrival: '2026-11-28T06:00:00Z', departure: '2026-11-29T20:00:00Z', securityLevel: 1 },
    { port: 'ESALG', arrival: '2026-11-20', departure: '2026-11-20', securityLevel: 1 },
  ],
};

describe('checkSecurity', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const call = (d: Doc, i: number): Doc => (d.lastCalls as Doc[])[i]!;
  it.each<[string, (d: Doc) => void, Found, Found]>([
    ['valid', () => {}, [], []],
    ['unknown last port', (d) => void (call(d, 1).port = 'ESXXX'), [['LOCODE_UNKNOWN', '/lastCalls/1/port']], []],
    [
      'departure before arrival (date-times)',
      (d) => void (call(d, 0).departure = '2026-11-28T05:00:00Z'),
      [['ATD_BEFORE_ATA', '/lastCalls/0/departure']],
      [],
    ],
    [
      'departure before arrival (dates)',
      (d) => void (call(d, 1).departure = '2026-11-19'),
      [['ATD_BEFORE_ATA', '/lastCalls/1/departure']],
      [],
    ],
    [
      'arrival without offset',
      (d) => void (call(d, 0).arrival = '2026-11-28T06:00:00'),
      [['DATETIME_OFFSET', '/lastCalls/0/arrival']],
      [],
    ],
    ['ISSC not valid', (d) => void ((d.issc as Doc).valid = false), [], [['ISSC_NOT_VALID', '/issc/valid']]],
    [
      'ISSC expired',
      (d) => void ((d.issc as Doc).expiryDate = '2026-11-29'),
      [],
      [['ISSC_EXPIRED', '/issc/expiryDate']],
    ],
    ['ISSC expires today', (d) => void ((d.issc as Doc).expiryDate = '2026-11-30'), [], []],
  ])('%s', (_name, edit, errors, warnings) => {
    const r = checkSecurity(variant(SECURITY, edit), { locodes, now });
    expect(found(r.errors)).toEqual(errors);
    expect(found(r.warnings)).toEqual(warnings);
    expectWellFormed([...r.errors, ...r.warnings]);
    expect(JSON.stringify(r)).not.toMatch(/Ana|\+33/);
  });
});

describe('checkFormality', () => {
  const fal5 = { crew: [person(0), person(1), person(2)] };
  const fal6 = {
    passengers: [0, 1].map((n) => ({
      ...person(n),
      portOfEmbarkation: 'GBSOU',
      portOfDisembarkation: 'FRLEH',
      transit: false,
    })),
  };
  it.each<[string, Parameters<typeof checkFormality>[0], unknown, Doc, Found, Found]>([
    [
      'FAL1 first',
      'general-declaration',
      FAL1,
      {},
      [],
      [
        ['CREW_LIST_PENDING', ''],
        ['PASSENGER_LIST_PENDING', ''],
      ],
    ],
    ['FAL1 after both lists', 'general-declaration', FAL1, { crewList: fal5, passengerList: fal6 }, [], []],
    [
      'FAL1 after a shorter crew list',
      'general-declaration',
      FAL1,
      { crewList: { crew: [person(0)] }, passengerList: fal6 },
      [['CREW_COUNT_MISMATCH', '/numberOfCrew']],
      [],
    ],
    ['FAL5 first', 'crew-list', fal5, {}, [], [['GENERAL_DECLARATION_PENDING', '']]],
    ['FAL5 after FAL1', 'crew-list', fal5, { generalDeclaration: FAL1 }, [], []],
    [
      'FAL5 short after FAL1',
      'crew-list',
      { crew: [person(0)] },
      { generalDeclaration: FAL1 },
      [['CREW_COUNT_MISMATCH', '/crew']],
      [],
    ],
    ['FAL6 after FAL1', 'passenger-list', fal6, { generalDeclaration: FAL1 }, [], []],
    [
      'FAL6 long after FAL1',
      'passenger-list',
      { passengers: [...fal6.passengers, ...fal6.passengers] },
      { generalDeclaration: FAL1 },
      [['PASSENGER_COUNT_MISMATCH', '/passengers']],
      [],
    ],
    [
      'FAL7',
      'dangerous-goods',
      { items: [{ ...DG_ITEM, unNumber: '4000' }] },
      {},
      [['UN_NUMBER_INVALID', '/items/0/unNumber']],
      [],
    ],
    ['waste', 'waste', { ...WASTE, lastDeliveryPort: 'AAAAA' }, {}, [['LOCODE_UNKNOWN', '/lastDeliveryPort']], []],
    ['security', 'security', SECURITY, {}, [], []],
  ])('%s', (_name, type, body, onFile, errors, warnings) => {
    const r = checkFormality(type, body, { locodes, onFile, now: new Date('2026-11-30T00:00:00Z') });
    expect(found(r.errors)).toEqual(errors);
    expect(found(r.warnings)).toEqual(warnings);
  });

  it('answers an unknown formality type with no findings', () => {
    expect(checkFormality('cargo' as never, {}, { locodes })).toEqual({ errors: [], warnings: [] });
  });
});
