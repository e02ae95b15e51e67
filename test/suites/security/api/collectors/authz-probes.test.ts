import { describe, expect, it } from 'vitest';
import { changedMembers, leakedIn } from '../../../../../suites/security/collectors/authz-probes.ts';

describe('authz collector helpers', () => {
  it.each([
    ['in the body, case-insensitively', { text: '{"ship":{"name":"psw probe 1"}}', headers: {} }, ['shipName']],
    ['in a header', { text: '', headers: { 'x-debug': 'imo 1234567' } }, ['imoNumber']],
    ['nowhere', { text: '{"title":"Not found"}', headers: {} }, []],
  ])('leakedIn finds identifiers %s', (_name, ex, expected) => {
    expect(leakedIn(ex, { imoNumber: '1234567', shipName: 'PSW PROBE 1' })).toEqual(expected);
  });

  it('changedMembers lists top-level members whose value differs', () => {
    expect(changedMembers({ a: 1, b: { c: 2 }, d: 3 }, { a: 1, b: { c: 3 }, e: 4 })).toEqual(['b', 'd', 'e']);
    expect(changedMembers({ a: [1] }, { a: [1] })).toEqual([]);
  });
});
