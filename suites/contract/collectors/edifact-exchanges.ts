// The EdifactExchanges artifact: the EDIFACT channel (PSW-EDI-*) probed when the discovery document
// declares the edifact capability. Probes come from the message definitions and the identifier
// table, not from where a defect sits: a valid BERMAN/IFTDGN/WASDIS each (controls), each envelope
// counter and reference off, each mandatory segment omitted in turn, each identifier element broken;
// then the JSON API is read back for the controls (channel agreement).
import {
  bermanBody,
  buildInterchange,
  iftdgnBody,
  wasdisBody,
  type PortCallLike,
} from '../../../contracts/edifact/build.ts';
import { BERMAN, IFTDGN, WASDIS, segmentEntries, type MessageDefinition } from '../../../contracts/edifact/messages.ts';
import { parseInterchange, serializeInterchange, valueAt } from '../../../contracts/edifact/syntax.ts';
import { IDENTIFIER_RULES, validateInterchange } from '../../../contracts/edifact/validate.ts';
import { sampleDangerousGoods, samplePortCall, sampleWasteNotification } from '../../../contracts/samples.ts';
import { defineCollector } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import type { Target } from '../../../engine/target.ts';

export type EdiProbeKind = 'control' | 'envelope' | 'structure' | 'identifier';

export interface EdiProbe {
  probe: string;
  kind: EdiProbeKind;
  message: string;
  /** The UNH reference of the (first) message sent. */
  messageRef: string;
  /**
   * What a correct answer names: error code, segment tag, position (UNH = 1; for UNZ, in the interchange;
   * for a missing segment, where it was due, as the validator counts), element and component.
   */
  expect?: { code: string; tag: string; position?: number; element?: number; component?: number };
  status: number;
  sent: string;
  answer: string;
  evidenceId?: string;
}

/** Where the edifact capability is declared: the member config (absent: it says nothing) and the discovery document. */
export interface EdifactDeclaration {
  config: 'declared' | 'not-declared' | 'silent';
  discovery: boolean;
  configEndpoint?: string;
  discoveryEndpoint?: string;
  /** What the two places disagree on (the capability, or its endpoint); absent when they agree. */
  disagreement?: 'capability' | 'endpoint';
}

export interface EdifactExchanges {
  /** The channel was probed: the member config or the discovery document declares it. */
  capable: boolean;
  declaration?: EdifactDeclaration;
  /** Why the channel was not probed (no capability declared...). */
  reason?: string;
  endpoint?: string;
  probes: EdiProbe[];
  /** The JSON API's view of the controls: what was sent and what came back. */
  agreement: { what: string; sent: unknown; returned: unknown; status: number; evidenceId?: string }[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    EdifactExchanges: EdifactExchanges;
  }
}

/** A ship name with every service character, so the release character is exercised end to end. */
const RELEASE_NAME = "ST MARY'S + SONS: A?B";
const MEDIA = 'application/EDIFACT';

async function post(ctx: CollectContext, url: string, text: string, label: string) {
  const ex = await ctx.http.request({
    method: 'POST',
    url,
    headers: { 'Content-Type': MEDIA },
    body: text,
    as: 'agentA',
    label: `edifact: ${label}`,
  });
  return ex;
}

/** The segments of a message's body without those of `tag` (qualifier-insensitive: every one). */
function omit(text: string, tag: string): string {
  const ic = parseInterchange(text);
  const kept = ic.segments.filter((s) => s.tag !== tag);
  const unh = kept.findIndex((s) => s.tag === 'UNH');
  const unt = kept.findIndex((s) => s.tag === 'UNT');
  kept[unt] = { ...kept[unt]!, elements: [[String(unt - unh + 1)], kept[unt]!.elements[1] ?? ['']] };
  return serializeInterchange({ ...ic, segments: kept }, '\n');
}

/** Changes one element of the first segment matching tag (and UNT/UNZ counts stay right). */
function edit(
  text: string,
  pick: (tag: string, s: { elements: string[][] }) => boolean,
  e: number,
  c: number,
  f: (v: string) => string,
): { text: string; position: number } {
  const ic = parseInterchange(text);
  const unh = ic.segments.findIndex((s) => s.tag === 'UNH');
  const k = ic.segments.findIndex((s) => pick(s.tag, s));
  if (k < 0) return { text, position: 0 };
  const seg = ic.segments[k]!;
  const elements = seg.elements.map((el) => [...el]);
  while (elements.length <= e) elements.push(['']);
  while (elements[e]!.length <= c) elements[e]!.push('');
  elements[e]![c] = f(elements[e]![c]!);
  ic.segments[k] = { ...seg, elements };
  return { text: serializeInterchange(ic, '\n'), position: k - unh + 1 };
}

/** Where the validator places the error `code` (of `tag`) in `text`: the place a correct answer names. */
function placeOf(text: string, code: string, tag: string): { position?: number } {
  const e = validateInterchange(text).errors.find((x) => x.code === code && x.tag === tag);
  return e ? { position: e.position } : {};
}

const bump = (v: string) => String(Number(v) + 1);
const CORRUPT: Record<string, (v: string) => string> = {
  IMO_CHECK_DIGIT: (v) => v.slice(0, 6) + String((Number(v[6]) + 1) % 10),
  LOCODE_FORMAT: (v) => `${v.slice(0, 2)}1${v.slice(3)}`,
  UN_NUMBER: () => '3999', // four digits, past UN 3600: the schema lets it through, the rule does not
  IMDG_CLASS: () => '10',
  CONTAINER_CHECK_DIGIT: (v) => v.slice(0, 10) + String((Number(v[10]) + 1) % 10),
};

export const edifactExchangesCollector = defineCollector({
  name: 'EdifactExchanges',
  description:
    'The EDIFACT channel: valid BERMAN/IFTDGN/WASDIS, envelope, structure and identifier probes, read back through the JSON API',
  standard: 'psw-v1',
  timeoutMs: 60_000,
  async collect(ctx) {
    const disc = await ctx.http.request({
      method: 'GET',
      url: new URL('/.well-known/psw-configuration', ctx.target.apiBaseUrl).href,
      label: 'edifact: discovery',
    });
    const doc = (disc.json ?? {}) as { capabilities?: unknown; edifact_endpoint?: unknown; api_base?: unknown };
    const declaration = declarationOf(ctx.target, doc);
    // Probed where either place names the channel; a disagreement is edifact-envelope's finding (PSW-EDI-006).
    if (declaration.config !== 'declared' && !declaration.discovery)
      return {
        capable: false,
        declaration,
        reason: NOT_DECLARED,
        probes: [],
        agreement: [],
      };
    const endpoint =
      declaration.configEndpoint ??
      declaration.discoveryEndpoint ??
      new URL('/api/v1/edifact', ctx.target.apiBaseUrl).href;
    const probes: EdiProbe[] = [];
    const agreement: EdifactExchanges['agreement'] = [];
    const now = new Date();
    let n = 0;
    const ref = () => `PC${Date.now().toString(36).slice(-6)}${++n}`.toUpperCase();
    const send = async (p: Omit<EdiProbe, 'status' | 'answer' | 'evidenceId'>) => {
      const ex = await post(ctx, endpoint, p.sent, p.probe);
      const rec: EdiProbe = {
        ...p,
        status: ex.status,
        answer: ex.text,
        ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
      };
      probes.push(rec);
      return rec;
    };
    // The port call as BERMAN carries it (no callPurpose): what is read back is compared with every field of it.
    const { callPurpose: _purpose, ...sample } = samplePortCall({ now, ship: 1 });
    const pc: PortCallLike = { ...sample, ship: { ...sample.ship, name: RELEASE_NAME } };
    const bermanText = (controlRef: string) =>
      buildInterchange([{ type: 'BERMAN', release: '00A', body: bermanBody(pc, controlRef) }], { controlRef });

    // Controls: a port call, its dangerous goods, its waste.
    const r0 = ref();
    const control = await send({
      probe: 'control:BERMAN',
      kind: 'control',
      message: 'BERMAN',
      messageRef: `${r0}1`,
      sent: bermanText(r0),
    });
    const portCallId = aperakPortCallId(control.answer);
    const dg = sampleDangerousGoods();
    const waste = sampleWasteNotification(samplePortCall({ now }), now);
    const texts: Record<string, (r: string) => string> = {
      BERMAN: bermanText,
      IFTDGN: (r) =>
        buildInterchange([{ type: 'IFTDGN', release: '21A', body: iftdgnBody(portCallId, pc.ship, dg.items, r) }], {
          controlRef: r,
        }),
      WASDIS: (r) =>
        buildInterchange([{ type: 'WASDIS', release: '21A', body: wasdisBody(portCallId, pc.ship, waste, r) }], {
          controlRef: r,
        }),
    };
    for (const type of ['IFTDGN', 'WASDIS']) {
      const r = ref();
      await send({
        probe: `control:${type}`,
        kind: 'control',
        message: type,
        messageRef: `${r}1`,
        sent: texts[type]!(r),
      });
    }
    if (portCallId) {
      const reads: [string, string, unknown][] = [
        ['port-call', `port-calls/${portCallId}`, pc],
        ['dangerous-goods', `port-calls/${portCallId}/formalities/dangerous-goods`, dg],
        ['waste', `port-calls/${portCallId}/formalities/waste`, waste],
      ];
      for (const [what, url, sent] of reads) {
        const ex = await ctx.http.request({ method: 'GET', url, as: 'agentA', label: `edifact: read back ${what}` });
        agreement.push({
          what,
          sent,
          returned: ex.json,
          status: ex.status,
          ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
        });
      }
    }

    // Envelope: each counter and reference off (UNT at message level, UNZ at interchange level).
    const envelopeProbes: [string, string, string, number, (v: string) => string][] = [
      ['UNT_COUNT', 'UNT', 'UNT', 0, bump],
      ['UNT_REF', 'UNT', 'UNT', 1, (v) => `${v}X`],
      ['UNZ_COUNT', 'UNZ', 'UNZ', 0, bump],
      ['UNZ_REF', 'UNZ', 'UNZ', 1, (v) => `${v}X`],
    ];
    for (const [code, tag, , e, f] of envelopeProbes) {
      const r = ref();
      const { text } = edit(bermanText(r), (t) => t === tag, e, 0, f);
      await send({
        probe: `envelope:${code}`,
        kind: 'envelope',
        message: 'BERMAN',
        messageRef: `${r}1`,
        expect: { code, tag, ...placeOf(text, code, tag), element: e + 1 },
        sent: text,
      });
    }

    // Structure: every mandatory segment of each message omitted in turn.
    const defs: MessageDefinition[] = [BERMAN, IFTDGN, WASDIS];
    for (const def of defs) {
      const seen = new Set<string>();
      for (const s of segmentEntries(def).filter((x) => x.mandatory)) {
        if (seen.has(s.tag)) continue;
        seen.add(s.tag);
        const r = ref();
        const sent = omit(texts[def.type]!(r), s.tag);
        await send({
          probe: `structure:${def.type}:${s.tag}`,
          kind: 'structure',
          message: def.type,
          messageRef: `${r}1`,
          expect: { code: 'SEGMENT_MISSING', tag: s.tag, ...placeOf(sent, 'SEGMENT_MISSING', s.tag) },
          sent,
        });
      }
    }

    // Identifiers: every identifier element of the table, in each message that carries it, broken.
    for (const def of defs) {
      for (const rule of IDENTIFIER_RULES.filter((x) => x.messages.includes(def.type))) {
        const r = ref();
        const base = texts[def.type]!(r);
        const pick = (t: string, s: { elements: string[][] }) =>
          t === rule.tag &&
          (!rule.qualifier || rule.qualifier.values.includes(s.elements[rule.qualifier.element - 1]?.[0] ?? '')) &&
          (s.elements[rule.element - 1]?.[rule.component - 1] ?? '') !== '';
        const { text, position } = edit(base, pick, rule.element - 1, rule.component - 1, CORRUPT[rule.code]!);
        if (position === 0) continue;
        await send({
          probe: `identifier:${def.type}:${rule.tag}:${rule.code}`,
          kind: 'identifier',
          message: def.type,
          messageRef: `${r}1`,
          expect: { code: rule.code, tag: rule.tag, position, element: rule.element, component: rule.component },
          sent: text,
        });
      }
    }
    return { capable: true, declaration, endpoint, probes, agreement };
  },
});

export const NOT_DECLARED =
  'neither the member config ("capabilities") nor the discovery document (/.well-known/psw-configuration "capabilities") declares the edifact capability';

/** The edifact capability as the member config and the discovery document declare it, and whether they agree. */
export function declarationOf(
  target: Pick<Target, 'capabilities' | 'edifactEndpoint'>,
  doc: { capabilities?: unknown; edifact_endpoint?: unknown },
): EdifactDeclaration {
  const config =
    target.capabilities === undefined
      ? 'silent'
      : target.capabilities.includes('edifact')
        ? 'declared'
        : 'not-declared';
  const discovery = Array.isArray(doc.capabilities) && doc.capabilities.includes('edifact');
  const configEndpoint = target.edifactEndpoint;
  const discoveryEndpoint = discovery && typeof doc.edifact_endpoint === 'string' ? doc.edifact_endpoint : undefined;
  const disagreement =
    config !== 'silent' && (config === 'declared') !== discovery
      ? 'capability'
      : configEndpoint && discoveryEndpoint && configEndpoint !== discoveryEndpoint
        ? 'endpoint'
        : undefined;
  return {
    config,
    discovery,
    ...(configEndpoint ? { configEndpoint } : {}),
    ...(discoveryEndpoint ? { discoveryEndpoint } : {}),
    ...(disagreement ? { disagreement } : {}),
  };
}

/** The port call id an APERAK answer carries (RFF ZPC), or ''. */
export function aperakPortCallId(answer: string): string {
  try {
    const seg = parseInterchange(answer).segments.find((s) => s.tag === 'RFF' && valueAt(s, 0, 0) === 'ZPC');
    return valueAt(seg, 0, 1);
  } catch {
    return '';
  }
}
