import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../../contracts/rules/csv.ts';

describe('parseCsv', () => {
  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['\uFEFFa,b', [['a', 'b']]],
    ['"x, y",z', [['x, y', 'z']]],
    ['"say ""hi""",2', [['say "hi"', '2']]],
    [
      '"line\nbreak",2\n3,4',
      [
        ['line\nbreak', '2'],
        ['3', '4'],
      ],
    ],
    ['a,,c,', [['a', '', 'c', '']]],
    ['a\n\n\nb\n', [['a'], ['b']]],
    ['"",x', [['', 'x']]],
    ['', []],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('throws CsvError on an unclosed quote', () => {
    expect(() => parseCsv('a\n"open,1\n2')).toThrow(CsvError);
  });
});
