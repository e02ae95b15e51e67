// Message definitions as data: the PROTECT subsets of BERMAN, IFTDGN and WASDIS, and the two answers
// (APERAK, CONTRL). Segment tables follow the UNTDID directory (D.00A BERMAN, D.21A IFTDGN/WASDIS,
// D.21A APERAK, syntax 4 CONTRL) as summarised in /work/shared/reference/standards.md §4, trimmed to
// the segments profile v1 reads; written from the directory's tables, not from any LGPL mapping.
// `min` 1 = mandatory (M), 0 = conditional (C); `max` = the directory's maximum repeats.

export interface SegmentEntry {
  kind: 'segment';
  tag: string;
  min: 0 | 1;
  max: number;
}

export interface GroupEntry {
  kind: 'group';
  /** SG1, SG2... as numbered in the directory. */
  name: string;
  min: 0 | 1;
  max: number;
  /** The first entry is the group's trigger segment and is mandatory within the group. */
  entries: Entry[];
}

export type Entry = SegmentEntry | GroupEntry;

export interface MessageDefinition {
  type: string;
  /** UNH S009: version, release, agency. */
  version: string;
  release: string;
  agency: string;
  /** The body between UNH and UNT. */
  entries: Entry[];
}

const M = (tag: string, max = 1): SegmentEntry => ({ kind: 'segment', tag, min: 1, max });
const C = (tag: string, max = 1): SegmentEntry => ({ kind: 'segment', tag, min: 0, max });
const G = (name: string, min: 0 | 1, max: number, entries: Entry[]): GroupEntry => ({
  kind: 'group',
  name,
  min,
  max,
  entries,
});

/** BERMAN D.00A: a berth request, i.e. the port call (ship in TDT, ports in LOC, ETA/ETD in DTM). */
export const BERMAN: MessageDefinition = {
  type: 'BERMAN',
  version: 'D',
  release: '00A',
  agency: 'UN',
  entries: [
    M('BGM'),
    C('DTM', 9),
    C('FTX', 99),
    C('RFF', 9),
    G('SG1', 0, 9, [M('NAD'), C('CTA'), C('COM', 9)]),
    G('SG3', 1, 1, [
      M('TDT'),
      C('RFF', 9),
      C('DTM', 9),
      C('MEA', 9),
      C('FTX', 9),
      G('SG4', 1, 99, [M('LOC'), C('DTM', 9)]),
      G('SG5', 0, 9, [M('GOR'), C('RFF', 9), C('NAD', 9)]),
    ]),
    G('SG6', 0, 99, [
      M('TSR'),
      C('LOC', 9),
      C('MEA', 9),
      C('DTM', 9),
      C('POC', 9),
      C('FTX', 9),
      G('SG7', 0, 9, [M('HAN'), C('NAD', 9), G('SG8', 0, 99, [M('GDS'), C('FTX'), C('MEA'), C('EQN'), C('DGS')])]),
    ]),
  ],
};

/** IFTDGN D.21A: the dangerous goods notification (DGS per item, EQD for its container). */
export const IFTDGN: MessageDefinition = {
  type: 'IFTDGN',
  version: 'D',
  release: '21A',
  agency: 'UN',
  entries: [
    M('BGM'),
    C('DTM', 9),
    C('FTX', 9),
    C('HAN', 9),
    G('SG1', 0, 9, [M('RFF'), C('DTM')]),
    G('SG2', 1, 1, [M('TDT'), C('DTM', 9), C('RFF', 9), G('SG3', 0, 9, [M('LOC'), C('DTM', 9)])]),
    G('SG4', 0, 9, [M('NAD'), G('SG5', 0, 9, [M('CTA'), C('COM', 9)])]),
    G('SG6', 0, 9999, [M('EQD'), C('MEA', 9), C('SEL', 9)]),
    G('SG7', 1, 9999, [
      M('CNI'),
      C('HAN', 9),
      C('DTM', 9),
      C('LOC', 9),
      G('SG12', 1, 999, [
        M('GID'),
        C('FTX', 9),
        C('PCI', 9),
        G('SG13', 0, 999, [M('SGP'), C('MEA', 9)]),
        G('SG14', 1, 99, [M('DGS'), C('FTX', 99), C('MEA', 9), C('LOC', 9), C('RFF', 9)]),
      ]),
    ]),
  ],
};

/** WASDIS D.21A: the waste disposal information (the last delivery in SG2, one SG6 per waste). */
export const WASDIS: MessageDefinition = {
  type: 'WASDIS',
  version: 'D',
  release: '21A',
  agency: 'UN',
  entries: [
    M('BGM'),
    C('DTM', 9),
    G('SG1', 0, 9, [M('RFF'), C('DTM')]),
    G('SG2', 1, 9, [M('LOC'), C('DTM', 9), C('GOR')]),
    G('SG3', 1, 1, [M('TDT'), C('DTM', 9), C('LOC', 9), C('RFF', 9), C('MEA', 9), C('FTX', 9), C('QTY', 9)]),
    G('SG4', 0, 9, [M('NAD'), G('SG5', 0, 9, [M('CTA'), C('COM', 9)])]),
    G('SG6', 1, 99, [M('DGS'), C('MEA', 9), C('SGP', 9), C('FTX', 9), C('LOC', 9), C('DTM', 9), C('NAD', 9)]),
  ],
};

/** APERAK D.21A (the answer): BGM 1225 says accepted (29 = accepted without amendment) or rejected (27). */
export const APERAK: MessageDefinition = {
  type: 'APERAK',
  version: 'D',
  release: '21A',
  agency: 'UN',
  entries: [
    M('BGM'),
    C('DTM', 9),
    C('FTX', 9),
    G('SG2', 0, 9, [M('RFF'), C('DTM', 9)]),
    G('SG4', 0, 99999, [M('ERC'), C('FTX'), C('RFF')]),
  ],
};

/**
 * CONTRL (ISO 9735-4): UCI answers the interchange; per message UCM (0062 + S009 of the message), then
 * per body error UCS (0096 segment position, UNH = 1; 0085) and UCD (0085; S011 element:component).
 * SG3 reports functional groups (UCF) the same way; profile v1's interchanges have none.
 */
export const CONTRL: MessageDefinition = {
  type: 'CONTRL',
  version: '4',
  release: '2',
  agency: 'UN',
  entries: [
    M('UCI'),
    G('SG1', 0, 999999, [M('UCM'), G('SG2', 0, 999, [M('UCS'), C('UCD', 99)])]),
    G('SG3', 0, 999999, [M('UCF'), G('SG4', 0, 999999, [M('UCM'), G('SG5', 0, 999, [M('UCS'), C('UCD', 99)])])]),
  ],
};

export const SUBMITTED_MESSAGES: readonly MessageDefinition[] = [BERMAN, IFTDGN, WASDIS];
export const ALL_MESSAGES: readonly MessageDefinition[] = [BERMAN, IFTDGN, WASDIS, APERAK, CONTRL];

export function definitionOf(type: string): MessageDefinition | undefined {
  return ALL_MESSAGES.find((m) => m.type === type);
}

/** Every segment entry of a definition with its group path (for probes: each mandatory one omitted). */
export function segmentEntries(
  def: MessageDefinition,
): { tag: string; path: string[]; mandatory: boolean; groupTrigger: boolean }[] {
  const out: { tag: string; path: string[]; mandatory: boolean; groupTrigger: boolean }[] = [];
  const walk = (entries: Entry[], path: string[], mandatoryParent: boolean) => {
    entries.forEach((e, i) => {
      if (e.kind === 'segment')
        out.push({
          tag: e.tag,
          path,
          mandatory: mandatoryParent && e.min === 1,
          groupTrigger: i === 0 && path.length > 0,
        });
      else walk(e.entries, [...path, e.name], mandatoryParent && e.min === 1);
    });
  };
  walk(def.entries, [], true);
  return out;
}
