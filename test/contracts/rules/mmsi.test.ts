import { describe, expect, it } from 'vitest';
import { classifyMmsi, isValidShipMmsi } from '../../../contracts/rules/mmsi.ts';

describe('classifyMmsi', () => {
  it.each([
    // ship stations: MID XXXXXX, MID 201–775
    ['227123456', true, 'ship', '227'], // France
    ['242012345', true, 'ship', '242'], // Morocco
    ['201000000', true, 'ship', '201'],
    ['775999999', true, 'ship', '775'],
    ['200123456', false, 'ship', '200'], // below the allocated range
    ['776123456', false, 'ship', '776'],
    ['799999999', false, 'ship', '799'],
    // group ship stations: 0 MID XXXXX
    ['022712345', true, 'group', '227'],
    ['019912345', false, 'group', '199'],
    // coast stations: 00 MID XXXX
    ['002275300', true, 'coast', '227'],
    ['001231234', false, 'coast', '123'],
    // SAR aircraft: 111 MID XXX
    ['111227123', true, 'sar-aircraft', '227'],
    ['111999123', false, 'sar-aircraft', '999'],
    // AtoN: 99 MID XXXX; craft associated with a parent ship: 98 MID XXXX
    ['992271234', true, 'aton', '227'],
    ['982271234', true, 'craft-associated', '227'],
    // handheld VHF with DSC/GNSS: 8 MID XXXXX
    ['822712345', true, 'handheld', '227'],
    // AIS-SART, MOB, EPIRB-AIS: 970/972/974 + 6 digits, no MID
    ['970123456', true, 'sart-mob-epirb', undefined],
    ['972123456', true, 'sart-mob-epirb', undefined],
    ['974123456', true, 'sart-mob-epirb', undefined],
    // no M.585 structure
    ['971123456', false, 'invalid', undefined],
    ['123456789', false, 'invalid', undefined],
    ['112345678', false, 'invalid', undefined],
    ['22712345', false, 'invalid', undefined],
    ['2271234567', false, 'invalid', undefined],
    ['22712345A', false, 'invalid', undefined],
    ['', false, 'invalid', undefined],
  ])('%s → valid=%s kind=%s mid=%s', (value, valid, kind, mid) => {
    expect(classifyMmsi(value)).toEqual(mid === undefined ? { valid, kind } : { valid, kind, mid });
  });

  it('never throws on non-strings', () => {
    for (const v of [227123456, null, undefined, {}])
      expect(classifyMmsi(v as never)).toEqual({ valid: false, kind: 'invalid' });
  });
});

describe('isValidShipMmsi', () => {
  it.each([
    ['227123456', true],
    ['538001234', true],
    ['200123456', false],
    ['002275300', false], // a coast station is not a ship
    ['822712345', false],
    ['970123456', false],
    ['123456789', false],
  ])('%s → %s', (value, ok) => {
    expect(isValidShipMmsi(value)).toBe(ok);
  });
});
