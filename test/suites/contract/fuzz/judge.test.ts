import { describe, expect, it } from 'vitest';
import {
  judgeProbe,
  jsonPathToPointer,
  locates,
  reportedLocations,
  type FieldLocationRule,
  type ProbeOutcome,
} from '../../../../suites/contract/fuzz/judge.ts';

const problem = (...pointers: string[]) => ({
  type: 'x',
  status: 400,
  errors: pointers.map((pointer) => ({ code: 'SCHEMA_TYPE', pointer, detail: 'x' })),
});
const dcsa = (entries: Record<string, string>[]) => ({
  statusCode: 400,
  errors: entries.map((e) => ({ errorCodeText: 'x', errorCodeMessage: 'x', ...e })),
});
const body = (pointer: string, status: number, b?: unknown): ProbeOutcome => ({ status, body: b, in: 'body', pointer });

const rows: Array<[string, ProbeOutcome, FieldLocationRule, string]> = [
  ['2xx is accepted', body('/a', 201, {}), 'required', 'accepted'],
  ['5xx is a server error', body('/a', 500, problem('/a')), 'required', 'server-error'],
  ['no response is a server error', body('/a', 0), 'required', 'server-error'],
  ['a redirect is not a refusal', body('/a', 302), 'required', 'unexpected-status'],
  ['4xx pointing at the field', body('/ship/name', 400, problem('/eta', '/ship/name')), 'required', 'pass'],
  [
    'a rejection receipt pointing at the field',
    body('/ship/imoNumber', 422, {
      outcome: 'rejected',
      errors: [{ code: 'IMO_CHECK_DIGIT', pointer: '/ship/imoNumber' }],
    }),
    'required',
    'pass',
  ],
  ['4xx pointing elsewhere', body('/ship/name', 400, problem('/ship')), 'required', 'field-not-located'],
  ['4xx without errors', body('/a', 400, { title: 'bad' }), 'required', 'field-not-located'],
  ['4xx without errors, locations optional', body('/a', 400, { title: 'bad' }), 'when-reported', 'pass'],
  [
    '4xx locating another field, locations optional',
    body('/a', 400, problem('/b')),
    'when-reported',
    'field-not-located',
  ],
  ['4xx without errors, locations ignored', body('/a', 400, 'Bad Request'), 'ignored', 'pass'],
  [
    'a path parameter needs only the 4xx',
    { status: 404, body: 'Not Found', in: 'path', pointer: '/id' },
    'required',
    'pass',
  ],
  ['a header needs only the 4xx', { status: 412, in: 'header', pointer: '/if-match' }, 'required', 'pass'],
  [
    'a query parameter must be located',
    { status: 400, body: problem('/limit'), in: 'query', pointer: '/limit' },
    'required',
    'pass',
  ],
  [
    'DCSA jsonPath',
    body('/vessel/name', 400, dcsa([{ jsonPath: '$.vessel.name', property: 'name' }])),
    'required',
    'pass',
  ],
  ['DCSA property name only', body('/vessel/name', 400, dcsa([{ property: 'name' }])), 'required', 'pass'],
  ['DCSA dotted property', body('/items/0/code', 400, dcsa([{ property: 'items[0].code' }])), 'required', 'pass'],
  [
    'DCSA Port Call feedbackElements[].propertyPath (JSONPath)',
    body('/events/0/portCall/UNLocationCode', 400, {
      feedbackElements: [{ severity: 'ERROR', message: 'x', propertyPath: '$.events[0].portCall.UNLocationCode' }],
    }),
    'required',
    'pass',
  ],
  [
    'DCSA Port Call propertyPath pointing elsewhere',
    body('/events/0/vessel', 400, {
      feedbackElements: [{ severity: 'ERROR', message: 'x', propertyPath: '$.events[1]' }],
    }),
    'required',
    'field-not-located',
  ],
  [
    'RFC 7807 invalid-params',
    { status: 400, body: { 'invalid-params': [{ name: 'age', reason: 'x' }] }, in: 'query', pointer: '/age' },
    'required',
    'pass',
  ],
];

describe('judgeProbe', () => {
  it.each(rows)('%s', (_name, probe, rule, verdict) => {
    expect(judgeProbe(probe, rule)).toBe(verdict);
  });
});

describe('field locations', () => {
  it.each([
    ['$', ''],
    ['$.a', '/a'],
    ['$.vessel.name', '/vessel/name'],
    ['$.items[0].unNumber', '/items/0/unNumber'],
    ["$['odd/key'].x", '/odd~1key/x'],
    ['$..name', undefined],
    ['$.items[*]', undefined],
    ['vessel.name', undefined],
  ])('jsonPath %s → %s', (path, pointer) => {
    expect(jsonPathToPointer(path)).toBe(pointer);
  });

  it('reads pointers, JSONPaths and names from errors and invalid-params', () => {
    expect(
      reportedLocations({ errors: [{ pointer: '/a' }, { jsonPath: '$.b[1]' }, { property: 'c' }, 'junk', null] }),
    ).toEqual([{ pointer: '/a' }, { pointer: '/b/1' }, { name: 'c' }]);
    expect(reportedLocations({ 'invalid-params': [{ name: 'limit' }] })).toEqual([{ name: 'limit' }]);
    expect(reportedLocations('text')).toEqual([]);
  });

  it('a pointer must match exactly; a name matches the last token', () => {
    expect(locates({ pointer: '/ship' }, '/ship/name')).toBe(false);
    expect(locates({ name: 'name' }, '/ship/name')).toBe(true);
    expect(locates({ name: 'ship.name' }, '/ship/name')).toBe(true);
    expect(locates({ name: 'flag' }, '/ship/name')).toBe(false);
    expect(locates({ name: '/ship/name' }, '/ship/name')).toBe(true);
  });
});
