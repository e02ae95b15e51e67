/**
 * Identifier and business rules over whole messages of the psw-v1 profile. Each function assumes the
 * body already passed its JSON Schema but never throws on odd input: what is missing or of the wrong
 * type is left to the schema and skipped here. Details name identifiers only, never personal data.
 */
import { compareInstants, hasUtcOffset, isDate, isDateTimeWithOffset } from './datetime.ts';
import {
  isValidImdgClass,
  isValidPackingGroup,
  isValidSubsidiaryRisk,
  isValidUnNumber,
  isValidEmsCode,
} from './dangerous-goods.ts';
import { isValidImoNumber } from './imo.ts';
import { isValidContainerNumber } from './iso6346.ts';
import type { LocodeList } from './locode.ts';
import { isLocodeFormat } from './locode.ts';
import { classifyMmsi } from './mmsi.ts';
import type { RuleIssue, RuleResult } from './issues.ts';
import { jsonPointer } from './issues.ts';

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function present(x: unknown): boolean {
  return x !== undefined && x !== null;
}

function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : typeof x;
}

function imo(value: unknown, pointer: string, out: RuleIssue[]): void {
  if (!present(value) || (typeof value === 'string' && isValidImoNumber(value))) return;
  out.push({
    code: 'IMO_CHECK_DIGIT',
    pointer,
    detail: `${show(value)} is not an IMO number with a valid check digit`,
  });
}

function mmsi(value: unknown, pointer: string, out: RuleIssue[]): void {
  if (!present(value)) return;
  const c = typeof value === 'string' ? classifyMmsi(value) : undefined;
  if (c?.valid && c.kind === 'ship') return;
  const why =
    c === undefined || c.kind === 'invalid'
      ? 'not an MMSI'
      : c.kind === 'ship'
        ? `MID ${c.mid} is not allocated`
        : `a ${c.kind} identity, not a ship station`;
  out.push({ code: 'MMSI_INVALID', pointer, detail: `${show(value)}: ${why}` });
}

/** A port field: a known seaport; EMSWe placeholders (ZZUKN…) only where `allowSpecial`. */
function locode(value: unknown, pointer: string, locodes: LocodeList, out: RuleIssue[], allowSpecial = true): void {
  if (!present(value)) return;
  let why: string | undefined;
  if (!isLocodeFormat(value)) why = 'is not a UN/LOCODE';
  else if (locodes.isSpecial(value)) why = allowSpecial ? undefined : 'is a placeholder, not a port';
  else if (!locodes.has(value)) why = 'is not in the code list';
  else if (!locodes.isPort(value)) why = 'is not a seaport';
  if (why !== undefined) out.push({ code: 'LOCODE_UNKNOWN', pointer, detail: `${show(value)} ${why}` });
}

/** Pushes DATETIME_OFFSET unless `value` is absent or an RFC 3339 date-time with offset; returns it if usable. */
function dateTime(value: unknown, pointer: string, out: RuleIssue[]): string | undefined {
  if (!present(value)) return undefined;
  if (typeof value === 'string' && isDateTimeWithOffset(value)) return value;
  const detail =
    typeof value === 'string' && !hasUtcOffset(value)
      ? 'date-time has no UTC offset'
      : 'not an RFC 3339 date-time with offset';
  out.push({ code: 'DATETIME_OFFSET', pointer, detail });
  return undefined;
}

function countMismatch(code: string, pointer: string, declared: number, actual: number): RuleIssue {
  return { code, pointer, detail: `general declaration says ${declared}, the list has ${actual}` };
}

const pending = (code: string, what: string): RuleIssue => ({ code, pointer: '', detail: `${what} not received yet` });

function arrayAt(doc: unknown, key: string): unknown[] | undefined {
  return isObject(doc) && Array.isArray(doc[key]) ? (doc[key] as unknown[]) : undefined;
}

function intAt(doc: unknown, key: string): number | undefined {
  return isObject(doc) && Number.isInteger(doc[key]) ? (doc[key] as number) : undefined;
}

// ---------------------------------------------------------------------------------------------

/** PortCallInput (create and update): ship identifiers, ports, ETA/ETD. */
export function checkPortCall(input: unknown, opts: { locodes: LocodeList }): RuleIssue[] {
  const out: RuleIssue[] = [];
  if (!isObject(input)) return out;
  if (isObject(input.ship)) {
    imo(input.ship.imoNumber, '/ship/imoNumber', out);
    mmsi(input.ship.mmsi, '/ship/mmsi', out);
  }
  locode(input.portOfCall, '/portOfCall', opts.locodes, out, false);
  locode(input.previousPort, '/previousPort', opts.locodes, out);
  locode(input.nextPort, '/nextPort', opts.locodes, out);
  const eta = dateTime(input.eta, '/eta', out);
  const etd = dateTime(input.etd, '/etd', out);
  // PSW-BR-001: ETA strictly before ETD.
  if (eta !== undefined && etd !== undefined && compareInstants(eta, etd) >= 0)
    out.push({ code: 'ETA_AFTER_ETD', pointer: '/etd', detail: 'ETD must be after ETA' });
  return out;
}

/** Recorded arrival and departure (PSW-BR-004): ATD strictly after ATA. */
export function checkArrivalDeparture(times: { ata?: unknown; atd?: unknown }): RuleIssue[] {
  const out: RuleIssue[] = [];
  if (!isObject(times)) return out;
  const ata = dateTime(times.ata, '/ata', out);
  const atd = dateTime(times.atd, '/atd', out);
  if (ata !== undefined && atd !== undefined && compareInstants(atd, ata) <= 0)
    out.push({ code: 'ATD_BEFORE_ATA', pointer: '/atd', detail: 'ATD must be after ATA' });
  return out;
}

/**
 * FAL form 1. `crewCount`/`passengerCount` are the entries of the crew and passenger lists on file
 * (undefined: not received). Without a crew list the declaration is pending; without a passenger
 * list only when it declares passengers.
 */
export function checkGeneralDeclaration(
  fal1: unknown,
  ctx: { locodes: LocodeList; crewCount?: number; passengerCount?: number },
): RuleResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  if (!isObject(fal1)) return { errors, warnings };
  imo(fal1.imoNumber, '/imoNumber', errors);
  locode(fal1.lastPortOfCall, '/lastPortOfCall', ctx.locodes, errors);
  locode(fal1.nextPortOfCall, '/nextPortOfCall', ctx.locodes, errors);
  dateTime(fal1.dateTimeOfArrival, '/dateTimeOfArrival', errors);
  const crew = intAt(fal1, 'numberOfCrew');
  if (ctx.crewCount === undefined) warnings.push(pending('CREW_LIST_PENDING', 'crew list (FAL 5)'));
  else if (crew !== undefined && crew !== ctx.crewCount)
    errors.push(countMismatch('CREW_COUNT_MISMATCH', '/numberOfCrew', crew, ctx.crewCount));
  const passengers = intAt(fal1, 'numberOfPassengers');
  if (ctx.passengerCount === undefined) {
    if (passengers !== undefined && passengers > 0)
      warnings.push(pending('PASSENGER_LIST_PENDING', 'passenger list (FAL 6)'));
  } else if (passengers !== undefined && passengers !== ctx.passengerCount)
    errors.push(countMismatch('PASSENGER_COUNT_MISMATCH', '/numberOfPassengers', passengers, ctx.passengerCount));
  return { errors, warnings };
}

/** FAL form 5 against the general declaration's `numberOfCrew` (undefined: FAL 1 not received). */
export function checkCrewList(fal5: unknown, ctx: { declaredCrew?: number } = {}): RuleResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const crew = arrayAt(fal5, 'crew');
  if (crew === undefined) return { errors, warnings };
  if (ctx.declaredCrew === undefined)
    warnings.push(pending('GENERAL_DECLARATION_PENDING', 'general declaration (FAL 1)'));
  else if (crew.length !== ctx.declaredCrew)
    errors.push(countMismatch('CREW_COUNT_MISMATCH', '/crew', ctx.declaredCrew, crew.length));
  return { errors, warnings };
}

/** FAL form 6: ports of embarkation/disembarkation, and the count against `numberOfPassengers`. */
export function checkPassengerList(
  fal6: unknown,
  ctx: { locodes: LocodeList; declaredPassengers?: number },
): RuleResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const passengers = arrayAt(fal6, 'passengers');
  if (passengers === undefined) return { errors, warnings };
  passengers.forEach((p, i) => {
    if (!isObject(p)) return;
    locode(p.portOfEmbarkation, jsonPointer('passengers', i, 'portOfEmbarkation'), ctx.locodes, errors);
    locode(p.portOfDisembarkation, jsonPointer('passengers', i, 'portOfDisembarkation'), ctx.locodes, errors);
  });
  if (ctx.declaredPassengers === undefined)
    warnings.push(pending('GENERAL_DECLARATION_PENDING', 'general declaration (FAL 1)'));
  else if (passengers.length !== ctx.declaredPassengers)
    errors.push(countMismatch('PASSENGER_COUNT_MISMATCH', '/passengers', ctx.declaredPassengers, passengers.length));
  return { errors, warnings };
}

/** FAL form 7: UN number, class, subsidiary risks, packing group, container number, EmS per item. */
export function checkDangerousGoods(fal7: unknown): RuleResult {
  const errors: RuleIssue[] = [];
  (arrayAt(fal7, 'items') ?? []).forEach((item, i) => {
    if (!isObject(item)) return;
    const at = (...rest: Array<string | number>): string => jsonPointer('items', i, ...rest);
    const un = item.unNumber;
    if (present(un) && !(typeof un === 'string' && isValidUnNumber(un)))
      errors.push({
        code: 'UN_NUMBER_INVALID',
        pointer: at('unNumber'),
        detail: `${show(un)} is not a UN number (0004–3600)`,
      });
    const cls = item.imdgClass;
    const classOk = typeof cls === 'string' && isValidImdgClass(cls);
    if (present(cls) && !classOk)
      errors.push({
        code: 'IMDG_CLASS_INVALID',
        pointer: at('imdgClass'),
        detail: `${show(cls)} is not an IMDG class or division`,
      });
    if (Array.isArray(item.subsidiaryRisks))
      item.subsidiaryRisks.forEach((risk, j) => {
        if (typeof risk === 'string' && isValidSubsidiaryRisk(risk, classOk ? cls : undefined)) return;
        errors.push({
          code: 'IMDG_CLASS_INVALID',
          pointer: at('subsidiaryRisks', j),
          detail: `${show(risk)} is not a valid subsidiary hazard here`,
        });
      });
    // The packing group is judged only against a valid class: an unknown class is already reported.
    if (classOk) {
      const pg = item.packingGroup;
      const pgOk =
        (pg === undefined || pg === null || typeof pg === 'string') &&
        isValidPackingGroup(cls, pg, typeof un === 'string' ? { unNumber: un } : {});
      if (!pgOk)
        errors.push({
          code: 'PACKING_GROUP_INVALID',
          pointer: at('packingGroup'),
          detail: present(pg)
            ? `packing group ${show(pg)} not allowed for class ${cls}`
            : `class ${cls} requires a packing group`,
        });
    }
    const container = item.containerNumber;
    if (present(container) && !(typeof container === 'string' && isValidContainerNumber(container)))
      errors.push({
        code: 'CONTAINER_CHECK_DIGIT',
        pointer: at('containerNumber'),
        detail: `${show(container)} is not an ISO 6346 container number with a valid check digit`,
      });
    const ems = item.emsCode;
    if (present(ems) && !(typeof ems === 'string' && isValidEmsCode(ems)))
      errors.push({
        code: 'EMS_INVALID',
        pointer: at('emsCode'),
        detail: `${show(ems)} is not an EmS code ("F-x, S-y")`,
      });
  });
  return { errors, warnings: [] };
}

/** Waste notification (Directive (EU) 2019/883): the last delivery port; storage plausibility. */
export function checkWaste(w: unknown, ctx: { locodes: LocodeList }): RuleResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  if (!isObject(w)) return { errors, warnings };
  locode(w.lastDeliveryPort, '/lastDeliveryPort', ctx.locodes, errors);
  (arrayAt(w, 'wastes') ?? []).forEach((entry, i) => {
    if (!isObject(entry)) return;
    const { retainedOnBoardM3: kept, maxStorageM3: max } = entry;
    // More kept on board than the dedicated storage can hold: the figures cannot both be right.
    if (typeof kept === 'number' && typeof max === 'number' && kept > max)
      warnings.push({
        code: 'WASTE_RETAINED_EXCEEDS_CAPACITY',
        pointer: jsonPointer('wastes', i, 'retainedOnBoardM3'),
        detail: `${kept} m³ retained exceeds the ${max} m³ dedicated storage`,
      });
  });
  return { errors, warnings };
}

/**
 * Security notification (SOLAS XI-2/9, ISPS): last ports of call and their order, and the ISSC.
 * `now` (default: the current time) dates the ISSC expiry warning.
 */
export function checkSecurity(s: unknown, ctx: { locodes: LocodeList; now?: Date }): RuleResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  if (!isObject(s)) return { errors, warnings };
  (arrayAt(s, 'lastCalls') ?? []).forEach((call, i) => {
    if (!isObject(call)) return;
    locode(call.port, jsonPointer('lastCalls', i, 'port'), ctx.locodes, errors);
    const arrival = when(call.arrival, jsonPointer('lastCalls', i, 'arrival'), errors);
    const departure = when(call.departure, jsonPointer('lastCalls', i, 'departure'), errors);
    if (arrival !== undefined && departure !== undefined && isBefore(departure, arrival))
      errors.push({
        code: 'ATD_BEFORE_ATA',
        pointer: jsonPointer('lastCalls', i, 'departure'),
        detail: 'departure before arrival',
      });
  });
  if (isObject(s.issc)) {
    if (s.issc.valid === false)
      warnings.push({ code: 'ISSC_NOT_VALID', pointer: '/issc/valid', detail: 'the ship declares no valid ISSC' });
    const expiry = s.issc.expiryDate;
    const today = (ctx.now ?? new Date()).toISOString().slice(0, 10);
    if (typeof expiry === 'string' && isDate(expiry) && expiry < today)
      warnings.push({ code: 'ISSC_EXPIRED', pointer: '/issc/expiryDate', detail: `ISSC expired on ${expiry}` });
  }
  return { errors, warnings };
}

interface CallTime {
  date: string;
  instant?: string;
}

/** A last-call time may be a date (yyyy-mm-dd) or a date-time with offset; undefined when unusable. */
function when(value: unknown, pointer: string, out: RuleIssue[]): CallTime | undefined {
  if (!present(value)) return undefined;
  if (typeof value === 'string' && isDate(value)) return { date: value };
  const instant = dateTime(value, pointer, out);
  return instant === undefined ? undefined : { date: instant.slice(0, 10), instant };
}

// Two date-times compare as instants; with a bare date on either side only the calendar dates can be
// compared, so a same-day departure is never reported.
function isBefore(a: CallTime, b: CallTime): boolean {
  if (a.instant !== undefined && b.instant !== undefined) return compareInstants(a.instant, b.instant) < 0;
  return a.date < b.date;
}

// ---------------------------------------------------------------------------------------------

export const FORMALITY_TYPES = [
  'general-declaration',
  'crew-list',
  'passenger-list',
  'dangerous-goods',
  'waste',
  'security',
] as const;
export type FormalityType = (typeof FORMALITY_TYPES)[number];

/** The port call's documents already on file (latest accepted or incomplete submission of each). */
export interface DocumentsOnFile {
  generalDeclaration?: unknown;
  crewList?: unknown;
  passengerList?: unknown;
}

/**
 * Runs the rules of one formality, deriving the cross-document counts from the documents on file,
 * so a single window need not know which formality needs which context.
 */
export function checkFormality(
  type: FormalityType,
  body: unknown,
  ctx: { locodes: LocodeList; onFile?: DocumentsOnFile; now?: Date },
): RuleResult {
  const onFile = ctx.onFile ?? {};
  const declared = onFile.generalDeclaration;
  switch (type) {
    case 'general-declaration':
      return checkGeneralDeclaration(body, {
        locodes: ctx.locodes,
        crewCount: arrayAt(onFile.crewList, 'crew')?.length,
        passengerCount: arrayAt(onFile.passengerList, 'passengers')?.length,
      });
    case 'crew-list':
      return checkCrewList(body, { declaredCrew: intAt(declared, 'numberOfCrew') });
    case 'passenger-list':
      return checkPassengerList(body, {
        locodes: ctx.locodes,
        declaredPassengers: intAt(declared, 'numberOfPassengers'),
      });
    case 'dangerous-goods':
      return checkDangerousGoods(body);
    case 'waste':
      return checkWaste(body, { locodes: ctx.locodes });
    case 'security':
      return checkSecurity(
        body,
        ctx.now === undefined ? { locodes: ctx.locodes } : { locodes: ctx.locodes, now: ctx.now },
      );
    default:
      return { errors: [], warnings: [] };
  }
}
