// PSW-EDI-005: a port call, its dangerous goods and its waste sent as EDIFACT are what the JSON API
// then returns: same ship (name with release characters included), ports, instants, items.
import { defineCheck } from '../../engine/check.ts';
import { BERMAN_PLACES } from '../../contracts/edifact/build.ts';
import type { EdifactLocation, Finding } from '../../engine/types.ts';
import { isObject } from './judging.ts';
import { notApplicableWithout } from './edifact-answers.ts';

type Json = Record<string, unknown>;
const at = (v: unknown, path: string): unknown =>
  path.split('/').reduce<unknown>((o, k) => {
    if (Array.isArray(o)) return k === 'length' ? o.length : o[Number(k)];
    return isObject(o) ? o[k] : undefined;
  }, v);
const instant = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);

/** The fields compared per document: [path, compare as instants]. */
const PORT_CALL_FIELDS: [string, boolean][] = [
  ['ship/imoNumber', false],
  ['ship/name', false],
  ['ship/flag', false],
  ['portOfCall', false],
  ['previousPort', false],
  ['nextPort', false],
  ['eta', true],
  ['etd', true],
];

/** Where each compared field travels in EDIFACT (profile README "EDIFACT channel"): message, segment, element. */
const MESSAGE_OF: Record<string, string> = { 'port-call': 'BERMAN', 'dangerous-goods': 'IFTDGN', waste: 'WASDIS' };
const FORMALITY_PLACES: Record<string, Omit<EdifactLocation, 'message'>> = {
  'items/length': { segment: 'DGS' },
  unNumber: { segment: 'DGS', element: 3, component: 1 },
  imdgClass: { segment: 'DGS', element: 2, component: 1 },
  containerNumber: { segment: 'RFF', element: 1, component: 2 },
  properShippingName: { segment: 'FTX', element: 4, component: 1 },
  lastDeliveryPort: { segment: 'LOC', element: 2, component: 1 },
  lastDeliveryDate: { segment: 'DTM', element: 1, component: 2 },
  'wastes/length': { segment: 'DGS' },
  category: { segment: 'DGS', element: 3, component: 1 },
};

function edifactPlace(what: string, path: string): EdifactLocation {
  const message = MESSAGE_OF[what] ?? what;
  const berman = what === 'port-call' ? BERMAN_PLACES[`/${path}`] : undefined;
  if (berman) return { message, segment: berman.tag, element: berman.element, component: berman.component };
  const place = FORMALITY_PLACES[path] ?? FORMALITY_PLACES[path.split('/').at(-1) ?? ''];
  return { message, ...(place ?? { segment: 'BGM' }) };
}

/** A formality read back: the document itself or its record's `document`. */
const documentOf = (v: unknown): unknown => (isObject(v) && 'document' in v ? v.document : v);

export default defineCheck({
  id: 'edifact-channel-agreement',
  title: 'EDIFACT submissions are the port call and formalities the JSON API returns',
  failureTitle: 'EDIFACT submissions differ from what the JSON API returns',
  description:
    'A single window with two channels keeps one record: an agent sending BERMAN and IFTDGN and an ' +
    'authority reading the JSON API must see the same ship, ports, times and goods. The BERMAN, IFTDGN ' +
    'and WASDIS controls are read back through the JSON API and compared field by field (times as instants, ' +
    'the ship name carrying every service character to prove the release character is honoured).',
  remediation:
    'Map EDIFACT to the same documents and store the JSON API uses: DTM format 203 is UTC, release characters are removed when reading, and every DGS item and waste line is kept.',
  area: 'contract',
  standard: 'psw-v1',
  requirements: ['PSW-EDI-005'],
  requires: ['EdifactExchanges'],
  messages: {
    'not-read': 'The {{what}} sent as EDIFACT could not be read back through the JSON API (HTTP {{status}})',
    differs: 'The {{what}} sent as EDIFACT has {{field}} = {{sent}}, the JSON API returns {{returned}}',
  },
  defaultOptions: {},
  run({ EdifactExchanges: a }, ctx) {
    const na = notApplicableWithout(a, ctx);
    if (na) return na;
    const findings: Finding[] = [];
    if (a.agreement.length === 0)
      findings.push(
        ctx.finding('not-read', { what: 'port call', status: 0 }, { operationId: 'submitEdifactInterchange' }),
      );
    for (const x of a.agreement) {
      const loc = { method: 'GET', operationId: x.what === 'port-call' ? 'getPortCall' : 'getFormality' };
      const ev = x.evidenceId ? [x.evidenceId] : [];
      if (x.status !== 200) {
        findings.push(ctx.finding('not-read', { what: x.what, status: x.status }, loc, ev));
        continue;
      }
      const returned = documentOf(x.returned);
      const fields: [string, boolean][] =
        x.what === 'port-call'
          ? PORT_CALL_FIELDS
          : x.what === 'dangerous-goods'
            ? [
                'items/length',
                ...((at(x.sent, 'items') as Json[]) ?? []).flatMap((_, i) =>
                  ['unNumber', 'imdgClass', 'containerNumber', 'properShippingName'].map((f) => `items/${i}/${f}`),
                ),
              ].map((p) => [p, false])
            : ['lastDeliveryPort', 'lastDeliveryDate', 'wastes/length', 'wastes/0/category'].map((p) => [p, false]);
      for (const [path, asInstant] of fields) {
        const sent = at(x.sent, path);
        const got = at(returned, path);
        const same = asInstant ? instant(sent) === instant(got) : sent === got;
        if (!same)
          findings.push(
            ctx.finding(
              'differs',
              {
                what: x.what,
                field: path,
                sent: JSON.stringify(sent) ?? 'nothing',
                returned: JSON.stringify(got) ?? 'nothing',
              },
              { ...loc, jsonPointer: `/${path}`, in: 'response', edifact: edifactPlace(x.what, path) },
              ev,
            ),
          );
      }
    }
    return findings.length > 0
      ? ctx.fail(findings)
      : ctx.pass(`${a.agreement.length} documents agree across the two channels`);
  },
});
