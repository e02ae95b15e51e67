// The EDIFACT tokenizer: fixtures with the release character and custom service characters, typed
// syntax errors, charsets, and round trips (serialize(parse(x)) == x) over generated interchanges.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_CHARS,
  EdifactSyntaxError,
  inCharset,
  parseInterchange,
  serializeInterchange,
  valueAt,
  type Segment,
} from '../../../contracts/edifact/syntax.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/standards/edifact/${name}`, import.meta.url), 'utf8');

describe('parseInterchange on the fixtures', () => {
  it('reads released service characters as data (default UNA)', () => {
    const ic = parseInterchange(fixture('berman-release-chars.edi'));
    expect(ic.segments.map((s) => s.tag)).toEqual([
      'UNB',
      'UNH',
      'BGM',
      'TDT',
      'RFF',
      'LOC',
      'DTM',
      'DTM',
      'UNT',
      'UNZ',
    ]);
    const tdt = ic.segments[3];
    expect(valueAt(tdt, 7, 3)).toBe("ST MARY'S + SONS: A?B");
    expect(valueAt(tdt, 7, 4)).toBe('DK');
    expect(ic.segments[9]?.position).toBe(10);
  });

  it('honours custom service characters declared in UNA', () => {
    const ic = parseInterchange(fixture('iftdgn-custom-separators.edi'));
    expect(ic.chars).toMatchObject({ component: '*', element: '|', release: '!', segment: '~' });
    expect(
      valueAt(
        ic.segments.find((s) => s.tag === 'RFF'),
        0,
        1,
      ),
    ).toBe('X|1');
    expect(
      valueAt(
        ic.segments.find((s) => s.tag === 'DGS'),
        2,
        0,
      ),
    ).toBe('1203');
  });

  it.each([
    ["UNB+UNOC:4+A+B+1:1+R'UNZ+0+R?", 'DANGLING_RELEASE'],
    ["UNB+UNOC:4+A+B+1:1+R'UNZ+0+R", 'UNTERMINATED_SEGMENT'],
    ["UNB+UNOC:4'un+1'", 'BAD_TAG'],
    ['UNA:+', 'UNA_SHORT'],
    ['', 'EMPTY'],
  ])('%j is a %s syntax error', (text, code) => {
    expect(() => parseInterchange(text)).toThrow(EdifactSyntaxError);
    try {
      parseInterchange(text);
    } catch (e) {
      expect((e as EdifactSyntaxError).code).toBe(code);
    }
  });
});

describe('charsets', () => {
  it.each([
    ['UNOA', 'ABC 123', true],
    ['UNOA', 'abc', false],
    ['UNOB', 'abc', true],
    ['UNOC', 'Ærø', true],
    ['UNOC', 'Ł', false],
    ['UNOY', 'Ł', true],
    ['UNOX', 'A', false],
  ])('%s allows %j: %s', (id, value, ok) => {
    expect(inCharset(id, value)).toBe(ok);
  });
});

describe('round trips', () => {
  const text = fc.string({ unit: fc.constantFrom(...('AZ09 .-/' + ":+?'")), maxLength: 12 });
  const tag = fc.stringMatching(/^[A-Z][A-Z0-9]{2}$/);
  const segment = fc.record({
    tag,
    // A segment keeps at least one non-empty element so its text is never just a tag and a separator.
    elements: fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
  });

  it('serialize(parse(x)) == x for interchanges with release characters, with and without UNA', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom('', '\n'),
        (segs, una, sep) => {
          const segments = segs.map((s, i) => ({ ...s, position: i + 1 })) as Segment[];
          const x = serializeInterchange(
            { ...(una ? { una: DEFAULT_SERVICE_CHARS } : {}), chars: DEFAULT_SERVICE_CHARS, segments },
            sep,
          );
          const parsed = parseInterchange(x);
          expect(parsed.segments.map((s) => ({ tag: s.tag, elements: s.elements }))).toEqual(segs);
          expect(serializeInterchange(parsed, sep)).toBe(x);
        },
      ),
      { numRuns: 200, seed: 10 },
    );
  });
});
