// What the portal visit types into the FAL1 form, and how a typed value compares with the API's.
// Every value is one the form did not already show: a portal that ignored a field and kept its
// pre-filled value (or a default such as 0 passengers) would otherwise hand the API the same value
// and pass. For each field the collector takes the first candidate that differs from the form's
// pre-filled value.
import { formatDateTime, SAMPLE_SHIPS } from '../../contracts/samples.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Typed form value vs the API's: numbers by value, date-times by instant, text trimmed. */
export function sameValue(typed: string | number, api: unknown): boolean {
  if (typeof typed === 'number') {
    if (typeof api === 'number') return api === typed;
    return typeof api === 'string' && api.trim() !== '' && Number(api) === typed;
  }
  if (typeof api !== 'string' && typeof api !== 'number') return false;
  const t = typed.trim();
  const v = String(api).trim();
  if (t === v) return true;
  return RFC3339.test(t) && RFC3339.test(v) && Date.parse(t) === Date.parse(v);
}

/** Ports a member's UN/LOCODE list surely has (major EU and UK seaports). */
const PORTS = ['GBSOU', 'NLRTM', 'BEANR', 'DEHAM', 'ESVLC', 'BEZEE'];

/** `iso` moved by `hours`, written at a +01:00 offset. */
function shifted(iso: string, hours: number): string {
  const t = Date.parse(iso);
  const base = Number.isFinite(t) ? t : Date.UTC(2026, 11, 1, 7);
  return formatDateTime(new Date(base + hours * 3_600_000), 60);
}

/**
 * Candidate values per FAL1 field (the profile's GeneralDeclaration properties), first choice first.
 * Counts vary with the seed (crew 11..30, passengers 1..9) so a stale declaration cannot match by
 * chance; ship details come from the contract samples (valid IMO check digits), ports from
 * well-known LOCODEs, the arrival an hour or two after the port call's ETA.
 */
export function fal1Candidates(portCall: Record<string, unknown>, seed: number): Record<string, (string | number)[]> {
  const ship = (portCall.ship ?? {}) as Record<string, string>;
  const n = Math.abs(Math.trunc(seed));
  const eta = String(portCall.eta ?? '');
  const ships = [...SAMPLE_SHIPS];
  return {
    arrivalOrDeparture: ['departure', 'arrival'],
    shipName: [`${ship.name ?? 'PORTAL CHECK'} ${2 + (n % 7)}`, `${ship.name ?? 'PORTAL CHECK'} ${9 + (n % 7)}`],
    imoNumber: ships.map((s) => s.imoNumber),
    callSign: ships.flatMap((s) => (s.callSign ? [s.callSign] : [])),
    flag: [...new Set(ships.map((s) => s.flag))],
    masterName: ['Conformance Test Master', 'Conformance Test Deputy'],
    numberOfCrew: [11 + (n % 20), 31 + (n % 20)],
    numberOfPassengers: [1 + (n % 9), 10 + (n % 9)],
    lastPortOfCall: [...PORTS],
    nextPortOfCall: [...PORTS].reverse(),
    cargoDescription: ['Conformance run: no cargo', 'Conformance run: ballast'],
    dateTimeOfArrival: [shifted(eta, 1), shifted(eta, 2)],
  };
}

/** Whether a candidate is what the field already shows (so typing it proves nothing). */
function shown(candidate: string | number, prefilled: string | undefined): boolean {
  if (prefilled === undefined || prefilled.trim() === '') return false;
  return sameValue(candidate, prefilled) || String(candidate).toLowerCase() === prefilled.trim().toLowerCase();
}

/**
 * The value typed per field: the first candidate the form does not already show. Two fields that
 * hold ports never get the same one (a declaration from a port to itself reads as an error).
 */
export function chooseTyped(
  candidates: Record<string, (string | number)[]>,
  prefilled: Record<string, string>,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [field, list] of Object.entries(candidates)) {
    const taken = field === 'nextPortOfCall' ? out.lastPortOfCall : undefined;
    const pick = list.find((c) => !shown(c, prefilled[field]) && c !== taken) ?? list[0];
    if (pick !== undefined) out[field] = pick;
  }
  return out;
}

/** The same IMO number with a wrong check digit: a FAL1 the single window must send back with errors. */
export function wrongCheckDigit(imo: string): string {
  const m = /^(\D*\d{6})(\d)$/.exec(imo.trim());
  return m ? `${m[1]}${(Number(m[2]) + 1) % 10}` : '1234560';
}
