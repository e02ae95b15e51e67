// Valid psw-v1 messages with realistic data: IMO numbers with correct check digits, ship-station
// MMSIs, UN/LOCODEs from the code list, date-times with explicit offsets and ETA before ETD.
// Probes start from these and break exactly one rule, so whatever the target refuses is that rule.
// Every builder is deterministic for a given `now` (default: the current time).

export interface Ship {
  imoNumber: string;
  mmsi?: string;
  callSign?: string;
  name: string;
  flag: string;
}

export type CallPurpose =
  'cargo-operations' | 'passenger-movement' | 'bunkering' | 'repair' | 'crew-change' | 'supplies' | 'other';

export interface PortCallInput {
  ship: Ship;
  portOfCall: string;
  previousPort?: string;
  nextPort?: string;
  eta: string;
  etd: string;
  personsOnBoard?: number;
  callPurpose?: CallPurpose;
}

export interface GeneralDeclaration {
  arrivalOrDeparture: 'arrival' | 'departure';
  shipName: string;
  imoNumber: string;
  callSign?: string;
  flag: string;
  masterName: string;
  numberOfCrew: number;
  numberOfPassengers: number;
  lastPortOfCall: string;
  nextPortOfCall?: string;
  cargoDescription?: string;
  dateTimeOfArrival: string;
}

export interface IdentityDocument {
  type: 'passport' | 'seafarer-id' | 'national-id' | 'other';
  number: string;
}

export interface CrewMember {
  familyName: string;
  givenNames: string;
  rankOrRating: string;
  nationality: string;
  dateOfBirth: string;
  placeOfBirth?: string;
  identityDocument: IdentityDocument;
}

export interface CrewList {
  crew: CrewMember[];
}

export interface Passenger {
  familyName: string;
  givenNames: string;
  nationality: string;
  dateOfBirth: string;
  portOfEmbarkation: string;
  portOfDisembarkation: string;
  identityDocument: IdentityDocument;
  transit: boolean;
}

export interface PassengerList {
  passengers: Passenger[];
}

export interface DangerousGoodsItem {
  unNumber: string;
  properShippingName: string;
  imdgClass: string;
  subsidiaryRisks?: string[];
  packingGroup?: 'I' | 'II' | 'III';
  containerNumber?: string;
  grossMassKg: number;
  emsCode?: string;
  stowagePosition?: string;
}

export interface DangerousGoods {
  items: DangerousGoodsItem[];
}

export type WasteCategory =
  | 'oily-residues'
  | 'oily-bilge-water'
  | 'sewage'
  | 'garbage-plastics'
  | 'garbage-food'
  | 'garbage-other'
  | 'cargo-residues'
  | 'exhaust-gas-residues';

export interface WasteNotification {
  lastDeliveryPort: string;
  lastDeliveryDate: string;
  deliveringAllWaste: boolean;
  wastes: { category: WasteCategory; toBeDeliveredM3: number; retainedOnBoardM3: number; maxStorageM3: number }[];
}

export interface SecurityNotification {
  issc: { valid: boolean; issuer: string; expiryDate: string };
  securityLevel: 1 | 2 | 3;
  shipSecurityOfficer: { name: string; phone?: string };
  lastCalls: { port: string; arrival: string; departure: string; securityLevel: 1 | 2 | 3 }[];
}

/** Ships with valid IMO check digits and ship-station MMSIs (MID of the flag state). */
export const SAMPLE_SHIPS: readonly Ship[] = [
  { imoNumber: '9074729', mmsi: '227123456', callSign: 'FABC', name: 'ESTEREL', flag: 'FR' },
  { imoNumber: '9321483', mmsi: '219018272', callSign: 'OXOS2', name: 'NORDLYS MAERSK', flag: 'DK' },
  { imoNumber: '9454436', mmsi: '235762000', callSign: 'MLBK7', name: 'THAMES TRADER', flag: 'GB' },
  { imoNumber: '9776171', mmsi: '244650000', callSign: 'PCRD', name: 'SCHELDE EXPRESS', flag: 'NL' },
  { imoNumber: '9703291', mmsi: '242091300', callSign: 'CNA2041', name: 'TANGER MED BRIDGE', flag: 'MA' },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0');
}

/**
 * RFC 3339 date-time of `instant` written at a fixed UTC offset (minutes east of UTC), whole seconds,
 * e.g. 2026-12-01T08:00:00+01:00. Offset 0 is written as `Z`.
 */
export function formatDateTime(instant: Date, offsetMinutes = 60): string {
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const offset =
    offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`;
  return `${date}T${time}${offset}`;
}

/** The same wall-clock time without its offset: the naive form the profile forbids. */
export function withoutOffset(dateTime: string): string {
  return dateTime.replace(/(Z|[+-]\d{2}:\d{2})$/i, '');
}

/** RFC 3339 full-date (UTC) of an instant. */
export function formatDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `now` rounded down to the hour, so messages built in one run share round times. */
function hourOf(now: Date): number {
  return Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
}

export interface PortCallOptions {
  now?: Date;
  /** Index into SAMPLE_SHIPS (wraps), or a ship. */
  ship?: number | Ship;
  portOfCall?: string;
}

/**
 * A pre-arrival notification for Le Havre from Southampton to Rotterdam: ETA two days ahead
 * (Paris time, +01:00), ETD 34 hours later written in UTC, so a server must compare instants.
 */
export function samplePortCall(opts: PortCallOptions = {}): PortCallInput {
  const base = hourOf(opts.now ?? new Date());
  const ship = typeof opts.ship === 'object' ? opts.ship : SAMPLE_SHIPS[(opts.ship ?? 0) % SAMPLE_SHIPS.length]!;
  const eta = new Date(base + 2 * DAY_MS);
  const etd = new Date(eta.getTime() + 34 * HOUR_MS);
  return {
    ship: { ...ship },
    portOfCall: opts.portOfCall ?? 'FRLEH',
    previousPort: 'GBSOU',
    nextPort: 'NLRTM',
    eta: formatDateTime(eta, 60),
    etd: formatDateTime(etd, 0),
    personsOnBoard: 23,
    callPurpose: 'cargo-operations',
  };
}

/** FAL form 1 for `portCall`, declaring `crew` and `passengers` (the lists must match). */
export function sampleGeneralDeclaration(
  portCall: PortCallInput,
  counts: { crew: number; passengers: number },
): GeneralDeclaration {
  return {
    arrivalOrDeparture: 'arrival',
    shipName: portCall.ship.name,
    imoNumber: portCall.ship.imoNumber,
    ...(portCall.ship.callSign ? { callSign: portCall.ship.callSign } : {}),
    flag: portCall.ship.flag,
    masterName: 'Jeanne Marchal',
    numberOfCrew: counts.crew,
    numberOfPassengers: counts.passengers,
    lastPortOfCall: portCall.previousPort ?? 'GBSOU',
    ...(portCall.nextPort ? { nextPortOfCall: portCall.nextPort } : {}),
    cargoDescription: 'Containers, general cargo and reefers',
    dateTimeOfArrival: portCall.eta,
  };
}

const CREW: readonly CrewMember[] = [
  {
    familyName: 'Marchal',
    givenNames: 'Jeanne',
    rankOrRating: 'Master',
    nationality: 'FR',
    dateOfBirth: '1975-04-12',
    placeOfBirth: 'Brest',
    identityDocument: { type: 'passport', number: '19AB12345' },
  },
  {
    familyName: 'Okafor',
    givenNames: 'Chidi Emeka',
    rankOrRating: 'Chief Engineer',
    nationality: 'NG',
    dateOfBirth: '1982-09-30',
    identityDocument: { type: 'seafarer-id', number: 'NG-SID-884120' },
  },
  {
    familyName: 'Santos',
    givenNames: 'Maria Luisa',
    rankOrRating: 'Chief Officer',
    nationality: 'PH',
    dateOfBirth: '1988-02-03',
    placeOfBirth: 'Iloilo',
    identityDocument: { type: 'seafarer-id', number: 'PH-SIRB-D0457731' },
  },
  {
    familyName: 'Kowalski',
    givenNames: 'Tomasz',
    rankOrRating: 'Second Engineer',
    nationality: 'PL',
    dateOfBirth: '1990-11-21',
    identityDocument: { type: 'passport', number: 'EK4471902' },
  },
  {
    familyName: 'Benali',
    givenNames: 'Youssef',
    rankOrRating: 'Able Seaman',
    nationality: 'MA',
    dateOfBirth: '1994-06-08',
    placeOfBirth: 'Casablanca',
    identityDocument: { type: 'passport', number: 'UZ8812047' },
  },
  {
    familyName: 'Ivanenko',
    givenNames: 'Oleksandr',
    rankOrRating: 'Bosun',
    nationality: 'UA',
    dateOfBirth: '1979-01-17',
    identityDocument: { type: 'seafarer-id', number: 'AB 502118' },
  },
];

/** FAL form 5 with `count` members (names repeat with a numbered document past the roster). */
export function sampleCrewList(count: number): CrewList {
  return {
    crew: Array.from({ length: count }, (_, i) => {
      const m = CREW[i % CREW.length]!;
      const round = Math.floor(i / CREW.length);
      return round === 0
        ? { ...m, identityDocument: { ...m.identityDocument } }
        : { ...m, identityDocument: { ...m.identityDocument, number: `${m.identityDocument.number}-${round}` } };
    }),
  };
}

const PASSENGERS: readonly Omit<Passenger, 'portOfEmbarkation' | 'portOfDisembarkation'>[] = [
  {
    familyName: 'Lindqvist',
    givenNames: 'Anna',
    nationality: 'SE',
    dateOfBirth: '1990-01-15',
    identityDocument: { type: 'national-id', number: 'SE900115' },
    transit: false,
  },
  {
    familyName: 'Moreau',
    givenNames: 'Paul Antoine',
    nationality: 'FR',
    dateOfBirth: '1968-07-04',
    identityDocument: { type: 'passport', number: '18CV90211' },
    transit: false,
  },
  {
    familyName: 'Haddad',
    givenNames: 'Leila',
    nationality: 'LB',
    dateOfBirth: '2001-12-30',
    identityDocument: { type: 'passport', number: 'RL3390217' },
    transit: true,
  },
];

/** FAL form 6 with `count` passengers embarked at the previous port. */
export function samplePassengerList(portCall: PortCallInput, count: number): PassengerList {
  return {
    passengers: Array.from({ length: count }, (_, i) => {
      const p = PASSENGERS[i % PASSENGERS.length]!;
      const round = Math.floor(i / PASSENGERS.length);
      const doc =
        round === 0
          ? { ...p.identityDocument }
          : { ...p.identityDocument, number: `${p.identityDocument.number}-${round}` };
      return {
        ...p,
        identityDocument: doc,
        portOfEmbarkation: portCall.previousPort ?? 'GBSOU',
        portOfDisembarkation: p.transit ? (portCall.nextPort ?? 'NLRTM') : portCall.portOfCall,
      };
    }),
  };
}

/** FAL form 7: petrol in a tank container, paint, lithium-ion batteries (all identifiers valid). */
export function sampleDangerousGoods(): DangerousGoods {
  return {
    items: [
      {
        unNumber: '1203',
        properShippingName: 'GASOLINE',
        imdgClass: '3',
        packingGroup: 'II',
        containerNumber: 'CSQU3054383',
        grossMassKg: 18_000,
        emsCode: 'F-E, S-E',
        stowagePosition: '0120482',
      },
      {
        unNumber: '1263',
        properShippingName: 'PAINT',
        imdgClass: '3',
        packingGroup: 'III',
        containerNumber: 'MSCU1234566',
        grossMassKg: 9_450.5,
        emsCode: 'F-E, S-E',
        stowagePosition: '0340286',
      },
      {
        unNumber: '3480',
        properShippingName: 'LITHIUM ION BATTERIES',
        imdgClass: '9',
        containerNumber: 'TGHU8765436',
        grossMassKg: 4_200,
        emsCode: 'F-A, S-I',
        stowagePosition: '1100382',
      },
    ],
  };
}

/** Advance waste notification: last delivery at the previous port five days ago. */
export function sampleWasteNotification(portCall: PortCallInput, now: Date = new Date()): WasteNotification {
  return {
    lastDeliveryPort: portCall.previousPort ?? 'GBSOU',
    lastDeliveryDate: formatDate(new Date(hourOf(now) - 5 * DAY_MS)),
    deliveringAllWaste: true,
    wastes: [
      { category: 'oily-bilge-water', toBeDeliveredM3: 6.5, retainedOnBoardM3: 0, maxStorageM3: 30 },
      { category: 'sewage', toBeDeliveredM3: 4.5, retainedOnBoardM3: 0, maxStorageM3: 12 },
      { category: 'garbage-plastics', toBeDeliveredM3: 1.2, retainedOnBoardM3: 0, maxStorageM3: 8 },
    ],
  };
}

/** Pre-arrival security information: valid ISSC for two more years, two earlier calls at level 1. */
export function sampleSecurityNotification(portCall: PortCallInput, now: Date = new Date()): SecurityNotification {
  const base = hourOf(now);
  return {
    issc: { valid: true, issuer: 'Bureau Veritas', expiryDate: formatDate(new Date(base + 730 * DAY_MS)) },
    securityLevel: 1,
    shipSecurityOfficer: { name: 'Jeanne Marchal', phone: '+33 2 35 00 00 00' },
    lastCalls: [
      {
        port: portCall.previousPort ?? 'GBSOU',
        arrival: formatDateTime(new Date(base - 6 * DAY_MS), 0),
        departure: formatDateTime(new Date(base - 4 * DAY_MS), 0),
        securityLevel: 1,
      },
      {
        port: 'BEANR',
        arrival: formatDateTime(new Date(base - 10 * DAY_MS), 60),
        departure: formatDateTime(new Date(base - 8 * DAY_MS), 60),
        securityLevel: 1,
      },
    ],
  };
}
