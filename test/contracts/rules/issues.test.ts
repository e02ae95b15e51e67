import { describe, expect, it } from 'vitest';
import { ERROR_CODES, WARNING_CODES, jsonPointer, outcomeOf } from '../../../contracts/rules/issues.ts';
import type { RuleResult } from '../../../contracts/rules/issues.ts';

const issue = (code: string) => ({ code, pointer: '', detail: 'x' });

describe('outcomeOf', () => {
  it.each<[RuleResult, string]>([
    [{ errors: [], warnings: [] }, 'accepted'],
    [{ errors: [], warnings: [issue('ISSC_EXPIRED')] }, 'accepted'],
    [{ errors: [], warnings: [issue('CREW_LIST_PENDING')] }, 'incomplete'],
    [{ errors: [], warnings: [issue('GENERAL_DECLARATION_PENDING')] }, 'incomplete'],
    [{ errors: [issue('IMO_CHECK_DIGIT')], warnings: [issue('PASSENGER_LIST_PENDING')] }, 'rejected'],
  ])('%j → %s', (result, outcome) => {
    expect(outcomeOf(result)).toBe(outcome);
  });
});

describe('jsonPointer', () => {
  it.each<[Array<string | number>, string]>([
    [[], ''],
    [['items', 0, 'unNumber'], '/items/0/unNumber'],
    [['a/b', 'c~d'], '/a~1b/c~0d'],
  ])('%j → %s', (segments, pointer) => {
    expect(jsonPointer(...segments)).toBe(pointer);
  });
});

describe('codes', () => {
  it('covers the README rule error codes and keeps errors and warnings apart', () => {
    for (const code of [
      'IMO_CHECK_DIGIT',
      'MMSI_INVALID',
      'LOCODE_UNKNOWN',
      'ETA_AFTER_ETD',
      'DATETIME_OFFSET',
      'CREW_COUNT_MISMATCH',
      'PASSENGER_COUNT_MISMATCH',
      'UN_NUMBER_INVALID',
      'IMDG_CLASS_INVALID',
      'CONTAINER_CHECK_DIGIT',
      'PACKING_GROUP_INVALID',
      'ATD_BEFORE_ATA',
    ])
      expect(ERROR_CODES).toContain(code);
    expect(ERROR_CODES.filter((c) => (WARNING_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
