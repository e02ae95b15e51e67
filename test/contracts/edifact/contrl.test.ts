// CONTRL as ISO 9735-4 writes it: UCI (0020, S002, S003, 0083, 0085, 0013, S011), UCM (0062 + the
// message's S009, 0083, and 0085/0013/S011 for its UNH/UNT), UCS (0096, 0085) and UCD (0085, S011
// 0098:0104); and the harness reads back what it names.
import { describe, expect, it } from 'vitest';
import { bermanBody, buildInterchange, contrlBody, type PortCallLike } from '../../../contracts/edifact/build.ts';
import { parseInterchange, serializeSegment } from '../../../contracts/edifact/syntax.ts';
import { validateInterchange } from '../../../contracts/edifact/validate.ts';
import { readAnswer } from '../../../suites/contract/edifact-answers.ts';

const PC: PortCallLike = {
  ship: { imoNumber: '9074729', name: 'EXAMPLE', flag: 'FR' },
  portOfCall: 'FRLEH',
  eta: '2026-12-08T10:00:00Z',
  etd: '2026-12-09T10:00:00Z',
};
const bermanWithout = (tag?: string) =>
  buildInterchange([{ type: 'BERMAN', release: '00A', body: bermanBody(PC, 'R1').filter((s) => s.tag !== tag) }], {
    controlRef: 'R1',
  });
const berman = bermanWithout();

/** A valid BERMAN changed by `f` (its text), validated; the CONTRL segments answering it. */
function contrlFor(f: (text: string) => string): string[] {
  const v = validateInterchange(f(berman));
  return contrlBody(v.controlRef, v.sender, v.recipient, v.errors, v.messages).map((s) => serializeSegment(s));
}

describe('contrlBody', () => {
  it.each([
    [
      'UNZ reference off: UCI rejects, 0085 28, 0013 UNZ, S011 element 2',
      (t: string) => t.replace(/UNZ\+1\+R1'/, "UNZ+1+R1X'"),
      ["UCI+R1+SENDER+PSW+4+28+UNZ+2'"],
    ],
    [
      'UNT count off: UCI acknowledges, UCM names the message (0062, S009) and UNT with 0085 29',
      (t: string) => t.replace(/UNT\+(\d+)\+R11'/, (_, n: string) => `UNT+${Number(n) + 1}+R11'`),
      ["UCI+R1+SENDER+PSW+7'", "UCM+R11+BERMAN:D:00A:UN+4+29+UNT+1'"],
    ],
    [
      'SG4 (LOC) omitted: UCS at the position it was due (UNH = 1: after TDT and the DTMs SG3 takes), 0085 13',
      () => bermanWithout('LOC'),
      ["UCI+R1+SENDER+PSW+7'", "UCM+R11+BERMAN:D:00A:UN+4'", "UCS+6+13'"],
    ],
    [
      'a character outside UNOA: UCS then UCD with 0085 21 and S011 element:component',
      (t: string) => t.replace('UNOC', 'UNOA').replace('EXAMPLE', 'Example'),
      ["UCI+R1+SENDER+PSW+7'", "UCM+R11+BERMAN:D:00A:UN+4'", "UCS+3+21'", "UCD+21+8:4'"],
    ],
  ])('%s', (_what, f, want) => {
    expect(contrlFor(f)).toEqual(want);
  });

  it('acknowledges an interchange without errors with UCI 7 alone', () => {
    expect(contrlFor((t) => t)).toEqual(["UCI+R1+SENDER+PSW+7'"]);
  });
});

describe('readAnswer on a CONTRL', () => {
  const answer = (f: (text: string) => string) => {
    const v = validateInterchange(f(berman));
    return readAnswer(
      buildInterchange(
        [{ type: 'CONTRL', release: '2', body: contrlBody(v.controlRef, v.sender, v.recipient, v.errors, v.messages) }],
        { controlRef: 'A1' },
      ),
    );
  };

  it.each([
    [
      'UNZ reference off',
      (t: string) => t.replace(/UNZ\+1\+R1'/, "UNZ+1+R1X'"),
      { rejected: true, references: [], named: [{ code: '28', tag: 'UNZ', element: 2 }] },
    ],
    [
      'UNT count off',
      (t: string) => t.replace(/UNT\+(\d+)\+R11'/, (_, n: string) => `UNT+${Number(n) + 1}+R11'`),
      { rejected: true, references: ['R11'], named: [{ code: '29', tag: 'UNT', element: 1, messageRef: 'R11' }] },
    ],
    [
      'a character outside UNOA',
      (t: string) => t.replace('UNOC', 'UNOA').replace('EXAMPLE', 'Example'),
      {
        rejected: true,
        references: ['R11'],
        named: [{ code: '21', tag: '', position: 3, element: 8, component: 4, messageRef: 'R11' }],
      },
    ],
  ])('%s', (_what, f, want) => {
    const r = answer(f);
    expect({ kind: r.kind, rejected: r.rejected, references: r.references, named: r.named }).toEqual({
      kind: 'CONTRL',
      ...want,
    });
  });

  it('its own envelope is correct', () => {
    expect(answer((t) => t.replace(/UNZ\+1\+R1'/, "UNZ+1+R1X'")).envelopeFaults).toEqual([]);
    expect(parseInterchange(berman).segments.length).toBeGreaterThan(0);
  });
});
