import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../contracts/rules/csv.ts';
import {
  IMDG_CLASSES,
  isValidEmsCode,
  isValidImdgClass,
  isValidPackingGroup,
  isValidSubsidiaryRisk,
  isValidUnNumber,
  packingGroupRule,
} from '../../../contracts/rules/dangerous-goods.ts';

const DCSA_CLASSES = new URL('../../../fixtures/standards/dcsa/imoclasses-v3.1.0.csv', import.meta.url);

describe('isValidUnNumber', () => {
  it.each([
    ['0004', true],
    ['1203', true],
    ['3600', true],
    ['0003', false],
    ['0000', false],
    ['3601', false],
    ['9999', false],
    ['1203 ', false],
    ['UN1203', false],
    ['203', false],
    ['12030', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(isValidUnNumber(s)).toBe(ok);
  });

  it('rejects numbers (leading zeros matter)', () => {
    expect(isValidUnNumber(1203 as never)).toBe(false);
  });
});

describe('IMDG classes', () => {
  // DCSA reference data, columns: IMO Class Code, IMO Class Name, IMO Class Description.
  const rows = parseCsv(readFileSync(DCSA_CLASSES, 'utf8'));
  const header = rows[0] ?? [];
  const codeColumn = header.indexOf('IMO Class Code');
  const dcsaCodes = rows.slice(1).map((r) => r[codeColumn] ?? '');

  it('reads the 49 DCSA classes', () => {
    expect(codeColumn).toBe(0);
    expect(dcsaCodes).toHaveLength(49);
  });

  it.each(dcsaCodes)('accepts DCSA class %s', (code) => {
    expect(isValidImdgClass(code)).toBe(true);
  });

  it('holds exactly the DCSA classes plus the bare class 1 divisions', () => {
    expect([...IMDG_CLASSES].sort()).toEqual([...dcsaCodes, '1.1', '1.2', '1.3', '1.4', '1.5', '1.6'].sort());
  });

  it.each([
    '1', // a class 1 division is required
    '2',
    '4',
    '5',
    '6',
    '1.1H', // compatibility group not allowed for the division
    '1.3A',
    '1.4A',
    '1.4N',
    '1.5A',
    '1.6A',
    '1.7',
    '1.1I', // no group I
    '2.4',
    '3.1',
    '4.4',
    '6.3',
    '7.1',
    '10',
    '0',
    '1.4s',
    ' 3',
    '3 ',
    '',
  ])('rejects %j', (code) => {
    expect(isValidImdgClass(code)).toBe(false);
  });
});

describe('isValidSubsidiaryRisk', () => {
  it.each([
    ['6.1', undefined, true],
    ['8', '3', true],
    ['1', '5.2', true], // explosive subsidiary hazard
    ['2.1', '2.3', true],
    ['3', '3', false], // repeats the primary class
    ['1', '1.4S', false],
    ['1.4S', undefined, false], // no compatibility group in a subsidiary hazard
    ['6', undefined, false],
    ['10', undefined, false],
  ])('%j with primary %j → %s', (risk, primary, ok) => {
    expect(isValidSubsidiaryRisk(risk, primary)).toBe(ok);
  });
});

describe('isValidPackingGroup', () => {
  it.each([
    // none allowed: classes 1, 2, 7 and 6.2
    ['1.4S', undefined, true],
    ['1.1D', 'II', false],
    ['1.4', 'III', false],
    ['2.1', undefined, true],
    ['2.2', null, true],
    ['2.3', 'I', false],
    ['7', undefined, true],
    ['7', 'III', false],
    ['6.2', undefined, true],
    ['6.2', 'II', false],
    // required: 3, 4.x, 5.1, 6.1, 8
    ['3', 'I', true],
    ['3', 'II', true],
    ['3', 'III', true],
    ['3', undefined, false],
    ['3', '', false],
    ['4.1', 'II', true],
    ['4.2', undefined, false],
    ['4.3', 'I', true],
    ['5.1', undefined, false],
    ['6.1', 'III', true],
    ['8', undefined, false],
    // optional: 5.2 and 9
    ['5.2', undefined, true],
    ['5.2', 'II', true],
    ['9', undefined, true],
    ['9', 'III', true],
    // not a packing group
    ['3', 'IV', false],
    ['3', '2', false],
    ['3', 'ii', false],
    ['9', 'IIII', false],
    // unknown class
    ['10', 'II', false],
    ['10', undefined, false],
  ])('class %j, PG %j → %s', (cls, pg, ok) => {
    expect(isValidPackingGroup(cls, pg)).toBe(ok);
  });

  it.each([
    ['3226', undefined, true], // self-reactive solid type D: no packing group
    ['3226', 'II', true],
    ['1325', undefined, false], // flammable solid n.o.s. needs one
    [undefined, undefined, false],
  ])('class 4.1, UN %j, PG %j → %s', (un, pg, ok) => {
    expect(isValidPackingGroup('4.1', pg, un === undefined ? {} : { unNumber: un })).toBe(ok);
  });

  it('classifies classes by packing group rule', () => {
    expect(['1.4S', '2.1', '7', '6.2', '3', '4.1', '5.2', '9', 'X'].map(packingGroupRule)).toEqual([
      'none',
      'none',
      'none',
      'none',
      'required',
      'required',
      'optional',
      'optional',
      undefined,
    ]);
  });
});

describe('isValidEmsCode', () => {
  it.each([
    ['F-A, S-A', true],
    ['F-E, S-D', true],
    ['F-J, S-Z', true],
    ['F-K, S-A', false], // fire schedules stop at J
    ['S-D, F-E', false],
    ['F-E,S-D', false],
    ['F-E', false],
    ['f-e, s-d', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(isValidEmsCode(s)).toBe(ok);
  });
});
