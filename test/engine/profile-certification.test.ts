// The profile's say on certificates: certification.validityMonths (1 to 60 whole months, 12 by default).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../engine/errors.ts';
import { DEFAULT_VALIDITY_MONTHS, loadProfile, validityMonths } from '../../engine/profile.ts';

function profileFile(certification: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pc-profile-')), 'p.yaml');
  writeFileSync(path, `extends: default\nid: p\n${certification}\n`);
  return path;
}

describe('certification.validityMonths', () => {
  it('the built-in profiles: 12 months (the certification profile says so, the default one by default)', () => {
    expect(loadProfile('certification').certification).toEqual({ validityMonths: 12 });
    expect(validityMonths(loadProfile('certification'))).toBe(12);
    expect(loadProfile('default').certification).toBeUndefined();
    expect(validityMonths(loadProfile('default'))).toBe(DEFAULT_VALIDITY_MONTHS);
  });

  it.each([
    ['certification: { validityMonths: 24 }', 24],
    ['certification: {}', DEFAULT_VALIDITY_MONTHS],
  ])('%s → %d', (yaml, months) => {
    expect(validityMonths(loadProfile(profileFile(yaml)))).toBe(months);
  });

  it.each([
    'certification: { validityMonths: 0 }',
    'certification: { validityMonths: 61 }',
    'certification: { validityMonths: 1.5 }',
    'certification: { validityMonths: "12" }',
    'certification: { validityDays: 30 }',
    'certification: 12',
  ])('refuses %s', (yaml) => {
    expect(() => loadProfile(profileFile(yaml))).toThrow(UsageError);
  });
});
