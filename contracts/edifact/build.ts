// Builders shared by the reference single window and the harness: a port call as BERMAN, dangerous
// goods as IFTDGN, waste as WASDIS, the answers (APERAK, CONTRL), and the way back (EDIFACT → the
// JSON documents of profile v1). Qualifiers marked "profile" are profile v1's choices (README).
import type { PortCallInput } from '../samples.ts';
import type { EdiError, ParsedMessage } from './validate.ts';
import { DEFAULT_SERVICE_CHARS, serializeInterchange, valueAt, type Segment } from './syntax.ts';

type Seg = Pick<Segment, 'tag' | 'elements'>;
const seg = (tag: string, ...elements: (string | string[])[]): Seg => ({
  tag,
  elements: elements.map((e) => (Array.isArray(e) ? e : [e])),
});

export interface EnvelopeOptions {
  controlRef: string;
  sender?: string;
  recipient?: string;
  /** Fixed for reproducible interchanges: YYMMDD and HHMM. */
  date?: string;
  time?: string;
}

/** Wraps messages (each a list of body segments with its type) in UNH/UNT and UNB/UNZ. */
export function buildInterchange(
  messages: { type: string; release: string; body: Seg[] }[],
  opts: EnvelopeOptions,
): string {
  const segments: Seg[] = [
    seg(
      'UNB',
      ['UNOC', '4'],
      opts.sender ?? 'SENDER',
      opts.recipient ?? 'PSW',
      [opts.date ?? '261207', opts.time ?? '0000'],
      opts.controlRef,
    ),
  ];
  messages.forEach((m, n) => {
    const ref = `${opts.controlRef}${n + 1}`;
    const version = m.type === 'CONTRL' ? '4' : 'D';
    segments.push(
      seg('UNH', ref, [m.type, version, m.release, 'UN']),
      ...m.body,
      seg('UNT', String(m.body.length + 2), ref),
    );
  });
  segments.push(seg('UNZ', String(messages.length), opts.controlRef));
  return serializeInterchange(
    { una: DEFAULT_SERVICE_CHARS, chars: DEFAULT_SERVICE_CHARS, segments: segments as Segment[] },
    '\n',
  );
}

/** ISO 8601 → DTM format 203 (CCYYMMDDHHMM) in UTC. */
export function toDtm203(iso: string): string {
  const d = new Date(iso);
  return d.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/** DTM format 203 (UTC) → ISO 8601 with Z. */
export function fromDtm203(v: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z` : v;
}

/** The port call BERMAN carries: profile v1's port call without its purpose (no BERMAN element for it). */
export type PortCallLike = Omit<PortCallInput, 'callPurpose'>;

/** BERMAN body: BGM, the ship in SG3 TDT (IMO, name, flag) with RFF ZCS/ZMM (profile), ports and times in SG4. */
export function bermanBody(pc: PortCallLike, docNumber: string): Seg[] {
  const body: Seg[] = [
    seg('BGM', '', docNumber, '9'),
    seg('TDT', '20', '', '1', '', '', '', '', [pc.ship.imoNumber, '146', '11', pc.ship.name, pc.ship.flag]),
  ];
  if (pc.ship.callSign) body.push(seg('RFF', ['ZCS', pc.ship.callSign]));
  if (pc.ship.mmsi) body.push(seg('RFF', ['ZMM', pc.ship.mmsi]));
  if (pc.personsOnBoard !== undefined) body.push(seg('MEA', 'ZPB', '', ['NMP', String(pc.personsOnBoard)]));
  body.push(
    seg('LOC', '153', [pc.portOfCall, '139', '6']),
    seg('DTM', ['132', toDtm203(pc.eta), '203']),
    seg('DTM', ['133', toDtm203(pc.etd), '203']),
  );
  if (pc.previousPort) body.push(seg('LOC', '125', [pc.previousPort, '139', '6']));
  if (pc.nextPort) body.push(seg('LOC', '61', [pc.nextPort, '139', '6']));
  return body;
}

export interface DgItemLike {
  unNumber: string;
  properShippingName: string;
  imdgClass: string;
  packingGroup?: string;
  containerNumber?: string;
  grossMassKg: number;
  emsCode?: string;
  stowagePosition?: string;
}

const PG_CODE: Record<string, string> = { I: '1', II: '2', III: '3' };
const PG_NAME: Record<string, string> = { '1': 'I', '2': 'II', '3': 'III' };

/** IFTDGN body: the port call id in SG1 RFF ZPC (profile), the ship in SG2, one SG12/SG14 per item. */
export function iftdgnBody(
  portCallId: string,
  ship: PortCallLike['ship'],
  items: readonly DgItemLike[],
  docNumber: string,
): Seg[] {
  const body: Seg[] = [
    seg('BGM', '', docNumber, '9'),
    seg('RFF', ['ZPC', portCallId]),
    seg('TDT', '20', '', '1', '', '', '', '', [ship.imoNumber, '146', '11', ship.name, ship.flag]),
  ];
  for (const c of items) if (c.containerNumber) body.push(seg('EQD', 'CN', c.containerNumber));
  body.push(seg('CNI', '1'));
  items.forEach((it, n) => {
    body.push(
      seg('GID', String(n + 1)),
      seg('DGS', 'IMD', it.imdgClass, it.unNumber, '', PG_CODE[it.packingGroup ?? ''] ?? '', it.emsCode ?? ''),
    );
    body.push(seg('FTX', 'AAD', '', '', it.properShippingName));
    body.push(seg('MEA', 'AAE', 'AAB', ['KGM', String(it.grossMassKg)]));
    if (it.stowagePosition) body.push(seg('LOC', '147', it.stowagePosition));
    if (it.containerNumber) body.push(seg('RFF', ['AAQ', it.containerNumber]));
  });
  return body;
}

export interface WasteLike {
  lastDeliveryPort: string;
  lastDeliveryDate: string;
  deliveringAllWaste: boolean;
  wastes: { category: string; toBeDeliveredM3: number; retainedOnBoardM3: number; maxStorageM3: number }[];
}

/** WASDIS body: the port call id (RFF ZPC), last delivery in SG2 (LOC 5 + DTM 178), one SG6 per waste. */
export function wasdisBody(portCallId: string, ship: PortCallLike['ship'], w: WasteLike, docNumber: string): Seg[] {
  const body: Seg[] = [
    seg('BGM', '', docNumber, '9'),
    seg('RFF', ['ZPC', portCallId]),
    seg('LOC', '5', [w.lastDeliveryPort, '139', '6']),
    seg('DTM', ['178', w.lastDeliveryDate.replace(/-/g, ''), '102']),
    seg('TDT', '20', '', '1', '', '', '', '', [ship.imoNumber, '146', '11', ship.name, ship.flag]),
    seg('FTX', 'ZDA', '', '', w.deliveringAllWaste ? 'Y' : 'N'),
  ];
  for (const x of w.wastes) {
    body.push(seg('DGS', 'ZWA', '', x.category));
    body.push(seg('MEA', 'AAE', 'ZTD', ['MTQ', String(x.toBeDeliveredM3)]));
    body.push(seg('MEA', 'AAE', 'ZRB', ['MTQ', String(x.retainedOnBoardM3)]));
    body.push(seg('MEA', 'AAE', 'ZMS', ['MTQ', String(x.maxStorageM3)]));
  }
  return body;
}

// ---- the way back -----------------------------------------------------------------------------

const first = (m: ParsedMessage, tag: string, q?: string) =>
  m.segments.find((s) => s.tag === tag && (q === undefined || valueAt(s, 0, 0) === q));

/** JSON pointer of a PortCallInput field → where BERMAN carries it (for naming segment and element). */
export const BERMAN_PLACES: Record<string, { tag: string; qualifier?: string; element: number; component: number }> = {
  '/ship/imoNumber': { tag: 'TDT', element: 8, component: 1 },
  '/ship/name': { tag: 'TDT', element: 8, component: 4 },
  '/ship/flag': { tag: 'TDT', element: 8, component: 5 },
  '/ship/callSign': { tag: 'RFF', qualifier: 'ZCS', element: 1, component: 2 },
  '/ship/mmsi': { tag: 'RFF', qualifier: 'ZMM', element: 1, component: 2 },
  '/portOfCall': { tag: 'LOC', qualifier: '153', element: 2, component: 1 },
  '/previousPort': { tag: 'LOC', qualifier: '125', element: 2, component: 1 },
  '/nextPort': { tag: 'LOC', qualifier: '61', element: 2, component: 1 },
  '/eta': { tag: 'DTM', qualifier: '132', element: 1, component: 2 },
  '/etd': { tag: 'DTM', qualifier: '133', element: 1, component: 2 },
  '/personsOnBoard': { tag: 'MEA', qualifier: 'ZPB', element: 3, component: 2 },
};

/** A place in a message: segment tag, the qualifier telling it apart (MEA: its element 2), element and component (1-based). */
export interface EdifactPlace {
  tag: string;
  qualifier?: string;
  element?: number;
  component?: number;
}

/** JSON pointer of a DangerousGoods field (`*` = any item) → where IFTDGN carries it (iftdgnBody). */
export const IFTDGN_PLACES: Record<string, EdifactPlace> = {
  '/items': { tag: 'DGS' },
  '/items/*/imdgClass': { tag: 'DGS', element: 2, component: 1 },
  '/items/*/unNumber': { tag: 'DGS', element: 3, component: 1 },
  '/items/*/packingGroup': { tag: 'DGS', element: 5, component: 1 },
  '/items/*/emsCode': { tag: 'DGS', element: 6, component: 1 },
  '/items/*/properShippingName': { tag: 'FTX', qualifier: 'AAD', element: 4, component: 1 },
  '/items/*/grossMassKg': { tag: 'MEA', qualifier: 'AAB', element: 3, component: 2 },
  '/items/*/stowagePosition': { tag: 'LOC', qualifier: '147', element: 2, component: 1 },
  '/items/*/containerNumber': { tag: 'RFF', qualifier: 'AAQ', element: 1, component: 2 },
};

/** JSON pointer of a WasteNotification field (`*` = any waste line) → where WASDIS carries it (wasdisBody). */
export const WASDIS_PLACES: Record<string, EdifactPlace> = {
  '/lastDeliveryPort': { tag: 'LOC', qualifier: '5', element: 2, component: 1 },
  '/lastDeliveryDate': { tag: 'DTM', qualifier: '178', element: 1, component: 2 },
  '/deliveringAllWaste': { tag: 'FTX', qualifier: 'ZDA', element: 4, component: 1 },
  '/wastes': { tag: 'DGS' },
  '/wastes/*/category': { tag: 'DGS', element: 3, component: 1 },
  '/wastes/*/toBeDeliveredM3': { tag: 'MEA', qualifier: 'ZTD', element: 3, component: 2 },
  '/wastes/*/retainedOnBoardM3': { tag: 'MEA', qualifier: 'ZRB', element: 3, component: 2 },
  '/wastes/*/maxStorageM3': { tag: 'MEA', qualifier: 'ZMS', element: 3, component: 2 },
};

/** The segment position (UNH = 1) of a place in a message, or 0. */
export function positionOf(m: ParsedMessage, tag: string, qualifier?: string, nth = 0): number {
  let seen = 0;
  for (let k = 0; k < m.segments.length; k++) {
    const s = m.segments[k]!;
    if (s.tag !== tag) continue;
    const q = s.tag === 'DTM' || s.tag === 'RFF' ? valueAt(s, 0, 0) : valueAt(s, 0, 0);
    if (qualifier !== undefined && q !== qualifier) continue;
    if (seen++ === nth) return k + 1;
  }
  return 0;
}

export function shipOf(m: ParsedMessage): PortCallLike['ship'] {
  const tdt = first(m, 'TDT');
  const ship: PortCallLike['ship'] = {
    imoNumber: valueAt(tdt, 7, 0),
    name: valueAt(tdt, 7, 3),
    flag: valueAt(tdt, 7, 4),
  };
  const cs = valueAt(first(m, 'RFF', 'ZCS'), 0, 1);
  const mmsi = valueAt(first(m, 'RFF', 'ZMM'), 0, 1);
  if (cs) ship.callSign = cs;
  if (mmsi) ship.mmsi = mmsi;
  return ship;
}

/** A BERMAN as a PortCallInput. */
export function portCallOf(m: ParsedMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { ship: shipOf(m) };
  const loc = (q: string) => valueAt(first(m, 'LOC', q), 1, 0);
  const dtm = (q: string) => valueAt(first(m, 'DTM', q), 0, 1);
  out.portOfCall = loc('153');
  if (loc('125')) out.previousPort = loc('125');
  if (loc('61')) out.nextPort = loc('61');
  out.eta = fromDtm203(dtm('132'));
  out.etd = fromDtm203(dtm('133'));
  const pob = valueAt(first(m, 'MEA', 'ZPB'), 2, 1);
  if (pob !== '') out.personsOnBoard = Number(pob);
  return out;
}

/** The port call id an IFTDGN or WASDIS refers to (RFF ZPC). */
export function portCallIdOf(m: ParsedMessage): string {
  return valueAt(first(m, 'RFF', 'ZPC'), 0, 1);
}

/** An IFTDGN's items as a DangerousGoods document. */
export function dangerousGoodsOf(m: ParsedMessage): { items: DgItemLike[] } {
  const items: DgItemLike[] = [];
  let cur: DgItemLike | undefined;
  for (const s of m.segments) {
    if (s.tag === 'DGS') {
      cur = { unNumber: valueAt(s, 2, 0), imdgClass: valueAt(s, 1, 0), properShippingName: '', grossMassKg: 0 };
      const pg = PG_NAME[valueAt(s, 4, 0)];
      if (pg) cur.packingGroup = pg;
      if (valueAt(s, 5, 0)) cur.emsCode = valueAt(s, 5, 0);
      items.push(cur);
    } else if (cur && s.tag === 'FTX' && valueAt(s, 0, 0) === 'AAD') cur.properShippingName = valueAt(s, 3, 0);
    else if (cur && s.tag === 'MEA') cur.grossMassKg = Number(valueAt(s, 2, 1));
    else if (cur && s.tag === 'LOC' && valueAt(s, 0, 0) === '147') cur.stowagePosition = valueAt(s, 1, 0);
    else if (cur && s.tag === 'RFF' && valueAt(s, 0, 0) === 'AAQ') cur.containerNumber = valueAt(s, 0, 1);
  }
  return { items };
}

/** A WASDIS as a WasteNotification. */
export function wasteOf(m: ParsedMessage): WasteLike {
  const d = valueAt(first(m, 'DTM', '178'), 0, 1);
  const w: WasteLike = {
    lastDeliveryPort: valueAt(first(m, 'LOC', '5'), 1, 0),
    lastDeliveryDate: d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d,
    deliveringAllWaste: valueAt(first(m, 'FTX', 'ZDA'), 3, 0) === 'Y',
    wastes: [],
  };
  for (const s of m.segments) {
    if (s.tag === 'DGS')
      w.wastes.push({ category: valueAt(s, 2, 0), toBeDeliveredM3: 0, retainedOnBoardM3: 0, maxStorageM3: 0 });
    const cur = w.wastes.at(-1);
    if (cur && s.tag === 'MEA') {
      const v = Number(valueAt(s, 2, 1));
      const what = valueAt(s, 1, 0);
      if (what === 'ZTD') cur.toBeDeliveredM3 = v;
      else if (what === 'ZRB') cur.retainedOnBoardM3 = v;
      else if (what === 'ZMS') cur.maxStorageM3 = v;
    }
  }
  return w;
}

// ---- answers ----------------------------------------------------------------------------------

/** One APERAK per message: 29 accepted / 27 rejected; RFF ACW = the message's UNH reference, ZPC = port call; one ERC+FTX per error naming tag:position:element:component. */
export function aperakBody(messageRef: string, errors: readonly EdiError[], portCallId?: string): Seg[] {
  const body: Seg[] = [
    seg('BGM', '313', messageRef, errors.length === 0 ? '29' : '27'),
    seg('RFF', ['ACW', messageRef]),
  ];
  if (portCallId) body.push(seg('RFF', ['ZPC', portCallId]));
  for (const e of errors) {
    body.push(seg('ERC', e.code));
    body.push(
      seg('FTX', 'AAO', '', '', [
        e.tag,
        String(e.position),
        String(e.element ?? ''),
        String(e.component ?? ''),
        e.detail.slice(0, 512),
      ]),
    );
  }
  return body;
}

/** Syntax error, coded (0085), per validator code: 13 missing, 15 not supported in this position, 35 too many repetitions, 21 invalid character(s), 29 control count does not match, 28 references do not match, 14 value not supported in this position, 2 syntax level not supported; otherwise 18 unspecified. */
export const CONTRL_CODE: Record<string, string> = {
  SEGMENT_MISSING: '13',
  SEGMENT_UNEXPECTED: '15',
  TOO_MANY: '35',
  CHARSET: '21',
  UNT_COUNT: '29',
  UNT_REF: '28',
  UNZ_COUNT: '29',
  UNZ_REF: '28',
  MESSAGE_TYPE: '14',
  MESSAGE_VERSION: '14',
  SYNTAX_ID: '2',
};
const contrlCode = (e: EdiError) => CONTRL_CODE[e.code] ?? '18';

/** S011 data element identification: 0098 element position in the segment, 0104 component position. */
const s011 = (e: EdiError): string | string[] =>
  e.element === undefined
    ? ''
    : e.component === undefined
      ? [String(e.element)]
      : [String(e.element), String(e.component)];

/** ISO 9735-1 §7.2: trailing empty data elements are omitted with their separators. */
const trimmed = (s: Seg): Seg => {
  const elements = [...s.elements];
  while (elements.length > 0 && elements.at(-1)!.every((c) => c === '')) elements.pop();
  return { ...s, elements };
};

/** Service segments of a message (UNH, UNT): reported in UCM itself, not in UCS (which locates body segments). */
const SERVICE_TAGS = new Set(['UNH', 'UNT']);

/**
 * CONTRL as ISO 9735-4 lays it out. UCI: 0020, S002, S003, 0083 action (7 acknowledged, 4 rejected),
 * 0085, 0013, S011 for an error of UNB/UNZ. Per message with errors, UCM: 0062 and S009 of the message,
 * 0083 4, and 0085/0013/S011 for an error of its UNH/UNT; then per body error UCS (0096 segment position,
 * UNH = 1; 0085) and, when an element is named, UCD (0085; S011 0098:0104).
 */
export function contrlBody(
  controlRef: string,
  sender: string,
  recipient: string,
  errors: readonly EdiError[],
  messages: readonly Pick<ParsedMessage, 'ref' | 'segments'>[] = [],
): Seg[] {
  const envelopeErr = errors.find((e) => e.messageRef === undefined);
  const body: Seg[] = [
    seg(
      'UCI',
      controlRef,
      sender,
      recipient,
      envelopeErr ? '4' : '7',
      envelopeErr ? contrlCode(envelopeErr) : '',
      envelopeErr?.tag ?? '',
      envelopeErr ? s011(envelopeErr) : '',
    ),
  ];
  const byMessage = new Map<string, EdiError[]>();
  for (const e of errors)
    if (e.messageRef !== undefined) byMessage.set(e.messageRef, [...(byMessage.get(e.messageRef) ?? []), e]);
  for (const [ref, list] of byMessage) {
    const unh = messages.find((m) => m.ref === ref)?.segments[0];
    const s009 = unh?.tag === 'UNH' ? (unh.elements[1] ?? ['']) : '';
    const service = list.find((e) => SERVICE_TAGS.has(e.tag));
    body.push(seg('UCM', ref, s009, '4', ...(service ? [contrlCode(service), service.tag, s011(service)] : [])));
    for (const e of list) {
      if (SERVICE_TAGS.has(e.tag)) continue;
      body.push(seg('UCS', String(e.position), contrlCode(e)));
      if (e.element !== undefined) body.push(seg('UCD', contrlCode(e), s011(e)));
    }
  }
  return body.map(trimmed);
}
