import { describe, expect, it } from 'vitest';
import * as rules from '../../../contracts/rules/index.ts';

// The reference single window and the harness's checks import these names: they are the module's contract.
describe('contracts/rules index', () => {
  it.each([
    'imoCheckDigit',
    'isValidImoNumber',
    'classifyMmsi',
    'isValidShipMmsi',
    'isLocodeFormat',
    'containerCheckDigit',
    'isValidContainerNumber',
    'isValidUnNumber',
    'isValidImdgClass',
    'isValidPackingGroup',
    'isValidEmsCode',
    'hasUtcOffset',
    'isDateTimeWithOffset',
    'isDate',
    'compareInstants',
    'checkPortCall',
    'checkGeneralDeclaration',
    'checkCrewList',
    'checkPassengerList',
    'checkDangerousGoods',
    'checkWaste',
    'checkSecurity',
    'checkArrivalDeparture',
    'checkFormality',
    'outcomeOf',
  ])('exports function %s', (name) => {
    expect(typeof (rules as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the constants and the LocodeList class', () => {
    expect(rules.LOCODE_PATTERN.source).toBe('^[A-Z]{2}[A-Z2-9]{3}$');
    expect(rules.IMDG_CLASSES.has('1.4S')).toBe(true);
    expect(rules.LocodeList.builtIn().has('FRLEH')).toBe(true);
  });
});
