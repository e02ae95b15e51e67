// Breaking a valid message at exactly one place, and sampling places within the profile's budget.
import { describe, expect, it } from 'vitest';
import {
  isValidContainerNumber,
  isValidImoNumber,
  isValidShipMmsi,
  isValidUnNumber,
  isValidImdgClass,
  LocodeList,
  compareInstants,
} from '../../../contracts/rules/index.ts';
import { sampleDangerousGoods } from '../../../contracts/samples.ts';
import { withPositions } from '../../../suites/contract/collectors/identifier-probes.ts';
import { breakIdentifier, breakOrder, placeBudget, samplePlaces } from '../../../suites/contract/place-probes.ts';
import { place, probePlan } from './builders.ts';

const valueOf = (b: ReturnType<typeof breakIdentifier>) => ('value' in b ? b.value : b);

describe('breakIdentifier: the right format, the wrong meaning', () => {
  it.each([
    [
      'imo',
      { ship: { imoNumber: '9074729' } },
      '/ship/imoNumber',
      (v: string) => /^\d{7}$/.test(v) && !isValidImoNumber(v),
    ],
    ['mmsi', { ship: { mmsi: '227123456' } }, '/ship/mmsi', (v: string) => v === '002275000' && !isValidShipMmsi(v)],
    [
      'locode',
      { portOfCall: 'FRLEH' },
      '/portOfCall',
      (v: string) => v.startsWith('FR') && !LocodeList.builtIn().has(v),
    ],
    ['container', { c: 'CSQU3054383' }, '/c', (v: string) => /^CSQU305438\d$/.test(v) && !isValidContainerNumber(v)],
    ['un-number', { u: '1203' }, '/u', (v: string) => /^\d{4}$/.test(v) && !isValidUnNumber(v)],
    ['imdg-class', { k: '3' }, '/k', (v: string) => /^[1-9](\.[1-6])?$/.test(v) && !isValidImdgClass(v)],
    ['date-time', { eta: '2026-12-01T08:00:00+01:00' }, '/eta', (v: string) => v === '2026-12-01T08:00:00'],
  ])('%s', (kind, body, pointer, ok) => {
    const b = breakIdentifier(kind, body, pointer);
    expect(ok(valueOf(b) as string), JSON.stringify(b)).toBe(true);
  });

  it('packing group: removed where the class requires one, given where it has none, unavailable where optional', () => {
    const items = sampleDangerousGoods().items;
    expect(breakIdentifier('packing-group', { items }, '/items/0/packingGroup')).toEqual({ remove: true });
    expect(breakIdentifier('packing-group', { items: [{ imdgClass: '2.1' }] }, '/items/0/packingGroup')).toEqual({
      value: 'II',
    });
    expect(breakIdentifier('packing-group', { items }, '/items/2/packingGroup')).toMatchObject({
      unavailable: expect.stringMatching(/class 9/),
    });
  });

  it('an unknown identifier kind is unavailable, not guessed', () => {
    expect(breakIdentifier('iban', {}, '/x')).toMatchObject({ unavailable: expect.any(String) });
  });
});

describe('breakOrder: the boundary and the wrong side', () => {
  it('equal: the same instant written with the later field’s own offset', () => {
    const b = breakOrder('equal', '2026-12-01T08:00:00+01:00', '2026-12-02T18:00:00Z');
    expect(b).toEqual({ value: '2026-12-01T07:00:00Z' });
    expect(compareInstants('2026-12-01T07:00:00Z', '2026-12-01T08:00:00+01:00')).toBe(0);
  });

  it('before: an hour before the earlier time', () => {
    expect(breakOrder('before', '2026-12-01T08:00:00+01:00', '2026-12-02T18:00:00+02:00')).toEqual({
      value: '2026-12-01T08:00:00+02:00',
    });
  });

  it('unavailable when the earlier time is not a date-time', () => {
    expect(breakOrder('equal', undefined, 'x')).toMatchObject({ unavailable: expect.any(String) });
  });
});

describe('withPositions: a later item exists to be probed', () => {
  it('copies the last item of a short array; reports a pointer without a parent', () => {
    const { body, missing } = withPositions({ list: [{ a: 1 }] }, ['/list/1/a', '/nope/0/x']);
    expect(body).toEqual({ list: [{ a: 1 }, { a: 1 }] });
    expect([...missing]).toEqual(['/nope/0/x']);
  });
});

describe('samplePlaces', () => {
  const plan = probePlan({
    'PSW-A-001': [place('createPortCall', '/a'), place('updatePortCall', '/a'), place('createPortCall', '/b')],
    'PSW-B-001': [place('submitCrewList', '/c'), place('submitCrewList', '/d')],
    'PSW-C-001': [{ id: 'createPortCall', kind: 'operation' }],
  });

  it('every place of the kinds, once, in plan order, when the budget allows', () => {
    const { selected, skipped } = samplePlaces(plan, ['identifier-field'], 100, 1);
    expect(selected.map((p) => p.id)).toEqual([
      'createPortCall /a',
      'updatePortCall /a',
      'createPortCall /b',
      'submitCrewList /c',
      'submitCrewList /d',
    ]);
    expect(skipped).toEqual([]);
  });

  it('a short budget takes one place of each requirement first, seeded, the rest skipped for budget', () => {
    for (const seed of [1, 2, 3]) {
      const { selected, skipped } = samplePlaces(plan, ['identifier-field'], 2, seed);
      expect(selected).toHaveLength(2);
      expect(selected.filter((p) => p.id.startsWith('submitCrewList'))).toHaveLength(1);
      expect(skipped.map((s) => s.why)).toEqual(['budget', 'budget', 'budget']);
    }
    expect(samplePlaces(plan, ['identifier-field'], 2, 7)).toEqual(samplePlaces(plan, ['identifier-field'], 2, 7));
  });

  it('the budget comes from the profile, checked', () => {
    expect(placeBudget({ id: 'p', contract: { places: { budget: 12 } } })).toBe(12);
    expect(placeBudget({ id: 'p' })).toBe(100);
    expect(() => placeBudget({ id: 'p', contract: { places: { budget: 0 } } })).toThrow(/contract\.places\.budget/);
  });
});
