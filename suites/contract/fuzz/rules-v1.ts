// Profile v1's identifier rules as mutations: values in the right format that break the rule
// (wrong check digit, coast-station MMSI, LOCODE not in the code list, UN number out of range).
// The message stays schema-valid, so the target must find the error itself (422 at the field).
import fc from 'fast-check';
import {
  containerCheckDigit,
  imoCheckDigit,
  isValidContainerNumber,
  isValidImoNumber,
  isValidShipMmsi,
  isValidUnNumber,
  LOCODE_PATTERN,
  LocodeList,
} from '../../../contracts/rules/index.ts';
import { matching } from './matching.ts';
import type { SchemaView } from './schema-doc.ts';

export const RULE_KINDS = [
  'imo-check-digit',
  'mmsi-not-ship-station',
  'locode-unknown',
  'container-check-digit',
  'un-number-invalid',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The identifier rule a field carries, by its name and pattern. */
export function ruleKindOf(name: string, view: SchemaView): RuleKind | undefined {
  if (!view.types?.includes('string')) return undefined;
  if (name === 'imoNumber') return 'imo-check-digit';
  if (name === 'mmsi') return 'mmsi-not-ship-station';
  if (name === 'containerNumber') return 'container-check-digit';
  if (name === 'unNumber') return 'un-number-invalid';
  if (view.pattern === LOCODE_PATTERN.source) return 'locode-unknown';
  return undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Values that keep the field's format and break its rule. */
export function ruleArbitrary(kind: RuleKind, base: unknown): fc.Arbitrary<string> {
  switch (kind) {
    case 'imo-check-digit':
      return fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 9 })).map(([n, k]) => {
        const six = pad(n, 6);
        return `${six}${(imoCheckDigit(six) + k) % 10}`;
      });
    case 'mmsi-not-ship-station':
      // First digit 0 (groups, coast stations), 1 (SAR aircraft), 8 (handhelds), 9 (AIS devices).
      return fc
        .tuple(fc.constantFrom('0', '1', '8', '9'), fc.integer({ min: 0, max: 99_999_999 }))
        .map(([first, rest]) => `${first}${pad(rest, 8)}`);
    case 'locode-unknown': {
      const known = LocodeList.builtIn();
      const country = typeof base === 'string' && /^[A-Z]{2}/.test(base) ? base.slice(0, 2) : 'FR';
      return matching(/^[A-Z2-9]{3}$/)
        .map((rest) => `${country}${rest}`)
        .map((code) => (known.has(code) ? `${country}QQQ` : code));
    }
    case 'container-check-digit':
      return fc
        .tuple(
          matching(/^[A-Z]{3}$/),
          fc.constantFrom('U', 'J', 'Z', 'R'),
          fc.integer({ min: 0, max: 999_999 }),
          fc.integer({ min: 1, max: 9 }),
        )
        .map(([owner, category, serial, k]) => {
          const first10 = `${owner}${category}${pad(serial, 6)}`;
          return `${first10}${(containerCheckDigit(first10) + k) % 10}`;
        });
    case 'un-number-invalid':
      return fc.oneof(fc.integer({ min: 3601, max: 9999 }), fc.integer({ min: 0, max: 3 })).map((n) => pad(n, 4));
  }
}

/** Guards against a generator slip: the value must really break the rule. */
export function breaksRule(kind: RuleKind, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  switch (kind) {
    case 'imo-check-digit':
      return /^\d{7}$/.test(value) && !isValidImoNumber(value);
    case 'mmsi-not-ship-station':
      return /^\d{9}$/.test(value) && !isValidShipMmsi(value);
    case 'locode-unknown':
      return LOCODE_PATTERN.test(value) && !LocodeList.builtIn().has(value);
    case 'container-check-digit':
      return /^[A-Z]{3}[UJZR]\d{7}$/.test(value) && !isValidContainerNumber(value);
    case 'un-number-invalid':
      return /^\d{4}$/.test(value) && !isValidUnNumber(value);
  }
}
