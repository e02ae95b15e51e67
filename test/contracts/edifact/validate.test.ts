// The EDIFACT validator: a valid interchange of each message has no errors; each fault is named by
// code, segment tag, position and element (table-driven).
import { describe, expect, it } from 'vitest';
import { bermanBody, buildInterchange, iftdgnBody, wasdisBody } from '../../../contracts/edifact/build.ts';
import { BERMAN, IFTDGN, WASDIS, segmentEntries } from '../../../contracts/edifact/messages.ts';
import { validateInterchange } from '../../../contracts/edifact/validate.ts';
import { sampleDangerousGoods, samplePortCall, sampleWasteNotification } from '../../../contracts/samples.ts';

const now = new Date('2026-12-07T06:00:00Z');
const pc = samplePortCall({ now });
const PC_ID = '6f1c1d2e-0000-4000-8000-000000000001';
const berman = buildInterchange([{ type: 'BERMAN', release: '00A', body: bermanBody(pc, 'R1') }], { controlRef: 'R1' });
const iftdgn = buildInterchange(
  [{ type: 'IFTDGN', release: '21A', body: iftdgnBody(PC_ID, pc.ship, sampleDangerousGoods().items, 'R2') }],
  { controlRef: 'R2' },
);
const wasdis = buildInterchange(
  [{ type: 'WASDIS', release: '21A', body: wasdisBody(PC_ID, pc.ship, sampleWasteNotification(pc, now), 'R3') }],
  { controlRef: 'R3' },
);

const located = (text: string) =>
  validateInterchange(text).errors.map((e) => ({ code: e.code, tag: e.tag, position: e.position, element: e.element }));

describe('validateInterchange', () => {
  it.each([
    ['BERMAN', berman],
    ['IFTDGN', iftdgn],
    ['WASDIS', wasdis],
  ])('a valid %s has no errors', (_t, text) => {
    expect(located(text)).toEqual([]);
  });

  it.each([
    [
      'UNT count',
      berman.replace(/UNT\+(\d+)/, (_, n: string) => `UNT+${Number(n) + 1}`),
      { code: 'UNT_COUNT', tag: 'UNT', element: 1 },
    ],
    ['UNT reference', berman.replace(/UNT\+(\d+)\+R11/, 'UNT+$1+X'), { code: 'UNT_REF', tag: 'UNT', element: 2 }],
    ['UNZ count', berman.replace('UNZ+1', 'UNZ+2'), { code: 'UNZ_COUNT', tag: 'UNZ', element: 1 }],
    ['UNZ reference', berman.replace('UNZ+1+R1', 'UNZ+1+R9'), { code: 'UNZ_REF', tag: 'UNZ', element: 2 }],
    [
      'S009 release',
      berman.replace('BERMAN:D:00A', 'BERMAN:D:96B'),
      { code: 'MESSAGE_VERSION', tag: 'UNH', position: 1, element: 2 },
    ],
    [
      'message type',
      berman.replace('BERMAN:D:00A', 'INVOIC:D:00A'),
      { code: 'MESSAGE_TYPE', tag: 'UNH', position: 1, element: 2 },
    ],
    ['charset', berman.replace('UNOC', 'UNOA').replace('FRLEH', 'frleh'), { code: 'CHARSET', tag: 'LOC' }],
    [
      'IMO check digit',
      berman.replace('9074729', '9074728'),
      { code: 'IMO_CHECK_DIGIT', tag: 'TDT', position: 3, element: 8 },
    ],
    ['LOCODE', berman.replace('LOC+153+FRLEH', 'LOC+153+FR1EH'), { code: 'LOCODE_FORMAT', tag: 'LOC', element: 2 }],
    ['UN number', iftdgn.replace('+1203+', '+3999+'), { code: 'UN_NUMBER', tag: 'DGS', element: 3 }],
    ['IMDG class', iftdgn.replace('DGS+IMD+3+1203', 'DGS+IMD+10+1203'), { code: 'IMDG_CLASS', tag: 'DGS', element: 2 }],
    [
      'container in EQD',
      iftdgn.replace('EQD+CN+CSQU3054383', 'EQD+CN+CSQU3054384'),
      { code: 'CONTAINER_CHECK_DIGIT', tag: 'EQD', element: 2 },
    ],
  ])('%s', (_name, text, want) => {
    expect(located(text)).toContainEqual(expect.objectContaining(want));
  });

  it.each(
    [BERMAN, IFTDGN, WASDIS].flatMap((def) =>
      [
        ...new Set(
          segmentEntries(def)
            .filter((s) => s.mandatory)
            .map((s) => s.tag),
        ),
      ].map((tag) => [def.type, tag] as const),
    ),
  )('%s without its mandatory %s: SEGMENT_MISSING', (type, tag) => {
    const text = { BERMAN: berman, IFTDGN: iftdgn, WASDIS: wasdis }[type]!;
    const lines = text.split('\n');
    const kept = lines.filter((l) => !l.startsWith(`${tag}+`));
    const n = kept.filter((l) => !/^(UNA|UNB|UNZ)/.test(l)).length;
    const fixed = kept.map((l) => (l.startsWith('UNT+') ? l.replace(/UNT\+\d+/, `UNT+${n}`) : l)).join('\n');
    expect(located(fixed)).toContainEqual(expect.objectContaining({ code: 'SEGMENT_MISSING', tag }));
  });

  it('a segment out of place is SEGMENT_UNEXPECTED at its position', () => {
    const lines = berman.split('\n');
    const bgm = lines.findIndex((l) => l.startsWith('BGM'));
    const unt = lines.findIndex((l) => l.startsWith('UNT'));
    const moved = [...lines.slice(0, unt), lines[bgm]!, ...lines.slice(unt)].filter((_, i) => i !== bgm);
    const fixedUnt = moved.join('\n');
    expect(located(fixedUnt)).toContainEqual(
      expect.objectContaining({ code: 'SEGMENT_MISSING', tag: 'BGM', position: 2 }),
    );
  });
});
