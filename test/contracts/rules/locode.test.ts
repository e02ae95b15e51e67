import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../contracts/rules/csv.ts';
import {
  EMSWE_SPECIAL_LOCODES,
  LOCODE_PATTERN,
  LocodeList,
  LocodeListError,
  isLocodeFormat,
} from '../../../contracts/rules/locode.ts';

const STANDARDS = new URL('../../../fixtures/standards/', import.meta.url);

describe('isLocodeFormat', () => {
  it.each([
    ['FRLEH', true],
    ['XX888', true],
    ['GB2AB', true],
    ['FRLE1', false], // 0 and 1 are excluded
    ['FRL0H', false],
    ['frleh', false],
    ['FR LEH', false],
    ['FRLEHX', false],
    ['FRLE', false],
    ['F1LEH', false],
    ['', false],
  ])('%j → %s', (s, ok) => {
    expect(isLocodeFormat(s)).toBe(ok);
    expect(LOCODE_PATTERN.test(s)).toBe(ok);
  });

  it('is false for non-strings', () => {
    expect(isLocodeFormat(12345)).toBe(false);
    expect(isLocodeFormat(null)).toBe(false);
  });
});

describe('LocodeList.builtIn', () => {
  const list = LocodeList.builtIn();

  it.each([
    // VIGIE/GIE ports
    'FRLEH',
    'FRURO',
    'FRMRS',
    'FRDKK',
    'FRNTE',
    'FRLRH',
    'FRBOD',
    'FRBES',
    'FRCER',
    'FRCQF',
    'FRSET',
    'FRTLN',
    'FRNCE',
    'FRBAY',
    'FRLRT',
    // Morocco
    'MAPTM',
    'MACAS',
    'MAAGA',
    // Europe and the world
    'GBSOU',
    'GBFXT',
    'NLRTM',
    'BEANR',
    'DEHAM',
    'DEBRV',
    'ESALG',
    'ESVLC',
    'ITGOA',
    'PTSIN',
    'SGSIN',
    'CNSHA',
    'USNYC',
  ])('%s is a known port', (code) => {
    expect(list.has(code)).toBe(true);
    expect(list.isPort(code)).toBe(true);
    expect(list.isSpecial(code)).toBe(false);
  });

  it.each(['ZZUKN', 'XX888'])('%s is known, special, not a port', (code) => {
    expect(list.has(code)).toBe(true);
    expect(list.isPort(code)).toBe(false);
    expect(list.isSpecial(code)).toBe(true);
  });

  it.each(['FRZZZ', 'XXXXX', 'frleh', 'FRLE1', ''])('%j is unknown', (code) => {
    expect(list.has(code)).toBe(false);
    expect(list.isPort(code)).toBe(false);
  });

  it('is one shared instance whose codes all have the LOCODE format', () => {
    expect(LocodeList.builtIn()).toBe(list);
    expect(list.size).toBe([...list.codes()].length);
    expect(list.size).toBeGreaterThan(100);
    for (const code of list.codes()) expect(code).toMatch(LOCODE_PATTERN);
    expect(list.ports().length).toBe(list.size - EMSWE_SPECIAL_LOCODES.size);
  });

  it('uses only ISO 3166-1 countries of the UN/LOCODE country table (specials aside)', () => {
    const rows = parseCsv(readFileSync(new URL('unlocode/country-codes.csv', STANDARDS), 'utf8'));
    expect(rows[0]).toEqual(['CountryCode', 'CountryName']);
    const countries = new Set(rows.slice(1).map((r) => r[0]));
    expect(countries.size).toBeGreaterThan(200);
    const uncovered = [...list.codes()]
      .filter((code) => !EMSWE_SPECIAL_LOCODES.has(code))
      .filter((code) => !countries.has(code.slice(0, 2)));
    expect(uncovered).toEqual([]);
  });
});

// A slice in the layout of datasets/un-locode data/code-list.csv, with its awkward cases.
const CODE_LIST_CSV = [
  'Change,Country,Location,Name,NameWoDiacritics,Subdivision,Status,Function,Date,IATA,Coordinates,Remarks',
  ',FR,,.FRANCE,.FRANCE,,,,,,,',
  ',FR,LEH,Le Havre,Le Havre,76,AI,1234----,0307,LEH,4929N 00006E,',
  ',FR,PAR,Paris,Paris,75,AI,--345---,0601,,4852N 00220E,',
  ',"FR","NTE","Nantes, Saint-Nazaire ""port""",Nantes,44,AI,12345---,0307,NTE,4713N 00133W,"Port, ""Nantes"""',
  'X,FR,ZZA,Gone,Gone,,XX,1-------,2401,,,"multi',
  'line remark"',
  '+,MA,PTM,Tanger Med,Tanger Med,,RQ,1-------,0901,,3553N 00530W,',
  ',DE,DUI,Duisburg,Duisburg,NW,AI,-23----8,0001,,,', // inland only: function "8" is not position 1
  ',GB,lon,London,London,,AI,12345---,,,,',
  ',US,N1C,Malformed,Malformed,,,1-------,,,,',
  ',XX,,,,,,,,,,',
].join('\r\n');

describe('LocodeList.fromUnLocodeCsv', () => {
  const list = LocodeList.fromUnLocodeCsv(CODE_LIST_CSV);

  it.each([
    ['FRLEH', true, true],
    ['FRPAR', true, false],
    ['FRNTE', true, true], // quoted fields with separators and doubled quotes
    ['FRZZA', true, true], // marked for removal but still in this issue
    ['MAPTM', true, true],
    ['DEDUI', true, false],
    ['GBLON', true, true], // lower-case location normalised
    ['USN1C', false, false], // "1" is not allowed in a LOCODE
    ['ZZUKN', true, false],
    ['XX888', true, false],
    ['FRMRS', false, false],
  ])('%s: has=%s isPort=%s', (code, has, port) => {
    expect(list.has(code)).toBe(has);
    expect(list.isPort(code)).toBe(port);
  });

  it('counts the parsed locations plus the EMSWe specials', () => {
    expect(list.size).toBe(7 + 2);
  });

  it('leaves the specials out on request', () => {
    const plain = LocodeList.fromUnLocodeCsv(CODE_LIST_CSV, { includeEmsweSpecials: false });
    expect(plain.has('ZZUKN')).toBe(false);
    expect(plain.size).toBe(7);
  });

  it('reads the headerless UNECE layout (Function before Status)', () => {
    const unece = [
      ',FR,,.FRANCE,.FRANCE,,,,,,,',
      ',FR,LEH,Le Havre,Le Havre,76,1234----,AI,0307,LEH,4929N 00006E,',
      ',FR,PAR,Paris,Paris,75,--345---,AI,0601,,4852N 00220E,',
    ].join('\n');
    const l = LocodeList.fromUnLocodeCsv(unece, { includeEmsweSpecials: false });
    expect([l.size, l.isPort('FRLEH'), l.has('FRPAR'), l.isPort('FRPAR')]).toEqual([2, true, true, false]);
  });

  it('throws LocodeListError when the header has no Function column', () => {
    expect(() => LocodeList.fromUnLocodeCsv('Country,Location,Name\nFR,LEH,Le Havre')).toThrow(LocodeListError);
  });

  it('fromEntries rejects malformed codes', () => {
    expect(() => LocodeList.fromEntries([['FRLE1', true]])).toThrow(LocodeListError);
    expect(
      LocodeList.fromEntries([
        ['FRLEH', true],
        ['FRLEH', false],
      ]).isPort('FRLEH'),
    ).toBe(true);
  });
});
