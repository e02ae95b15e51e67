import { describe, expect, it } from 'vitest';
import { errorsOf, isJsonPointer, judgeFieldProbe } from '../../../suites/contract/judging.ts';

describe('isJsonPointer (RFC 6901)', () => {
  it.each(['', '/', '/a', '/a/0/b', '/a~0b', '/a~1b', '/~01', '/with space', '/é'])('accepts %j', (p) =>
    expect(isJsonPointer(p)).toBe(true),
  );
  it.each(['a', 'a/b', '/a~', '/a~2', '#/a', 'ship.imoNumber', null, 3, undefined])('rejects %j', (p) =>
    expect(isJsonPointer(p)).toBe(false),
  );
});

describe('errorsOf', () => {
  it.each([
    [{ errors: [{ pointer: '/a' }, 'x', null] }, [{ pointer: '/a' }]],
    [{ errors: 'nope' }, []],
    ['text', []],
    [undefined, []],
  ])('reads errors[] of %j', (body, expected) => expect(errorsOf(body)).toEqual(expected));
});

describe('judgeFieldProbe', () => {
  const withError = (pointer: string) => ({ errors: [{ code: 'X', pointer, detail: '' }] });
  it.each([
    [201, undefined, 'accepted'],
    [204, undefined, 'accepted'],
    [500, withError('/f'), 'server-error'],
    [503, undefined, 'server-error'],
    [422, withError('/f'), 'pass'],
    [400, withError('/f'), 'pass'],
    [409, withError('/f'), 'pass'],
    [422, withError('/f/0'), 'no-pointer'],
    [422, withError('/F'), 'no-pointer'],
    [422, undefined, 'no-pointer'],
    [302, withError('/f'), 'no-pointer'],
  ] as const)('HTTP %i with %j → %s', (status, body, verdict) => {
    expect(judgeFieldProbe({ status, body, pointer: '/f' })).toBe(verdict);
  });
});
