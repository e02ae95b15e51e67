// What the portal visit types into the FAL1 form: values the form did not show, valid ones.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../contracts/schemas.ts';
import { isValidImoNumber } from '../../../contracts/rules/imo.ts';
import { chooseTyped, fal1Candidates, sameValue, wrongCheckDigit } from '../../../suites/portal/fal1.ts';
import { portalPortCall } from '../../../suites/portal/layout.ts';

const portCall = portalPortCall(new Date('2026-11-21T10:00:00Z'));
const ship = portCall.ship as Record<string, string>;
/** What the reference's form shows for a fresh port call. */
const PREFILLED = {
  arrivalOrDeparture: 'arrival',
  shipName: ship.name!,
  imoNumber: ship.imoNumber!,
  callSign: ship.callSign!,
  flag: ship.flag!,
  lastPortOfCall: String(portCall.previousPort),
  nextPortOfCall: String(portCall.nextPort),
  dateTimeOfArrival: String(portCall.eta),
};

describe('chooseTyped', () => {
  it.each([1, 7, 42, 123456])('types a value in every field that differs from the form (seed %i)', (seed) => {
    const typed = chooseTyped(fal1Candidates(portCall, seed), PREFILLED);
    expect(Object.keys(typed).sort()).toEqual(
      [
        'arrivalOrDeparture',
        'cargoDescription',
        'callSign',
        'dateTimeOfArrival',
        'flag',
        'imoNumber',
        'lastPortOfCall',
        'masterName',
        'nextPortOfCall',
        'numberOfCrew',
        'numberOfPassengers',
        'shipName',
      ].sort(),
    );
    for (const [field, shown] of Object.entries(PREFILLED)) expect(sameValue(typed[field]!, shown), field).toBe(false);
    expect(typed.numberOfPassengers).toBeGreaterThan(0);
    expect(typed.lastPortOfCall).not.toBe(typed.nextPortOfCall);
    // A declaration the profile accepts.
    expect(validate('GeneralDeclaration', typed).errors).toEqual([]);
  });

  it('takes the first candidate when the form shows nothing', () => {
    expect(chooseTyped({ a: ['x', 'y'], n: [3, 4] }, {})).toEqual({ a: 'x', n: 3 });
    expect(chooseTyped({ a: ['x', 'y'], n: [3, 4] }, { a: ' X ', n: '3' })).toEqual({ a: 'y', n: 4 });
  });
});

describe('wrongCheckDigit', () => {
  it.each(['9074729', '9321483', '9454436'])('makes %s fail its check digit', (imo) => {
    const wrong = wrongCheckDigit(imo);
    expect(wrong).toMatch(/^\d{7}$/);
    expect(wrong.slice(0, 6)).toBe(imo.slice(0, 6));
    expect(isValidImoNumber(wrong)).toBe(false);
    expect(isValidImoNumber(imo)).toBe(true);
  });
});
