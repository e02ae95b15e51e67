import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkArrivalDeparture, checkFormality, checkPortCall } from '../../../contracts/rules/business.ts';
import type { FormalityType } from '../../../contracts/rules/business.ts';
import { LocodeList } from '../../../contracts/rules/locode.ts';

// The profile's schema examples are what fixtures and docs show as a valid submission: they must
// also pass every rule, and together form one consistent port call.
const example = (name: string): unknown => {
  const schema = JSON.parse(
    readFileSync(new URL(`../../../contracts/profile-v1/schemas/${name}.json`, import.meta.url), 'utf8'),
  );
  return (schema.examples as unknown[])[0];
};

const locodes = LocodeList.builtIn();
const onFile = {
  generalDeclaration: example('general-declaration'),
  crewList: example('crew-list'),
  passengerList: example('passenger-list'),
};

describe('profile schema examples', () => {
  it('port-call-input passes the port call rules', () => {
    expect(checkPortCall(example('port-call-input'), { locodes })).toEqual([]);
  });

  it('arrival and departure examples are in order', () => {
    const { ata } = example('arrival-request') as { ata: string };
    const { atd } = example('departure-request') as { atd: string };
    expect(checkArrivalDeparture({ ata, atd })).toEqual([]);
  });

  it.each<[FormalityType, string]>([
    ['general-declaration', 'general-declaration'],
    ['crew-list', 'crew-list'],
    ['passenger-list', 'passenger-list'],
    ['dangerous-goods', 'dangerous-goods'],
    ['waste', 'waste-notification'],
    ['security', 'security-notification'],
  ])('%s example is accepted with the other examples on file', (type, schema) => {
    const result = checkFormality(type, example(schema), { locodes, onFile, now: new Date('2026-11-21T10:00:00Z') });
    expect(result).toEqual({ errors: [], warnings: [] });
  });
});
