// PSW-EDI-005: a port call, its dangerous goods and its waste sent as EDIFACT are what the JSON API
// then returns: every field sent (ship, name with release characters included, ports, instants, each
// item and waste line), the fields derived from the document sent, their EDIFACT places from the profile's mappings.
import { defineCheck } from '../../engine/check.ts';
import { BERMAN_PLACES, IFTDGN_PLACES, WASDIS_PLACES, type EdifactPlace } from '../../contracts/edifact/build.ts';
import type { EdifactLocation, Finding } from '../../engine/types.ts';
import { isObject } from './judging.ts';
import { notApplicableWithout } from './edifact-answers.ts';

const at = (v: unknown, path: string): unknown =>
  path.split('/').reduce<unknown>((o, k) => {
    if (Array.isArray(o)) return k === 'length' ? o.length : o[Number(k)];
    return isObject(o) ? o[k] : undefined;
  }, v);

/** An ISO 8601 date or date-time: compared as the instant it names, not as text. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A sent value and the one read back agree: instants as instants, numbers as numbers, the rest as they are. */
function agrees(sent: unknown, got: unknown): boolean {
  if (typeof sent === 'string' && ISO_TIME.test(sent))
    return typeof got === 'string' && Date.parse(got) === Date.parse(sent) && !Number.isNaN(Date.parse(sent));
  if (typeof sent === 'number') return typeof got === 'number' && got === sent;
  return sent === got;
}

/**
 * Every field the document sent holds, as paths: each leaf of each object, each index of each array
 * (and the array's `length`, so a returned document with items added or lost differs too).
 */
function leaves(v: unknown, path = ''): string[] {
  const under = (k: string) => (path ? `${path}/${k}` : k);
  if (Array.isArray(v)) return [under('length'), ...v.flatMap((x, i) => leaves(x, under(String(i))))];
  if (isObject(v)) return Object.keys(v).flatMap((k) => leaves(v[k], under(k)));
  return v === undefined ? [] : [path];
}

/** Where each document travels in EDIFACT: its message and the profile's mapping of its fields (build.ts). */
const MESSAGE_OF: Record<string, { message: string; places: Record<string, EdifactPlace> }> = {
  'port-call': { message: 'BERMAN', places: BERMAN_PLACES },
  'dangerous-goods': { message: 'IFTDGN', places: IFTDGN_PLACES },
  waste: { message: 'WASDIS', places: WASDIS_PLACES },
};

/** The EDIFACT place of a field path (item indexes matched by the mapping's `*`; an array's length by the array). */
function edifactPlace(what: string, path: string): EdifactLocation {
  const m = MESSAGE_OF[what];
  const pointer = `/${path}`
    .replace(/\/length$/, '')
    .split('/')
    .map((k) => (/^\d+$/.test(k) ? '*' : k))
    .join('/');
  const place = m?.places[pointer];
  if (!place) return { message: m?.message ?? what, segment: 'BGM' };
  return {
    message: m!.message,
    segment: place.tag,
    ...(place.element !== undefined ? { element: place.element } : {}),
    ...(place.component !== undefined ? { component: place.component } : {}),
  };
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
    'and WASDIS controls are read back through the JSON API and every field each one sent is compared, every ' +
    'item and waste line included (times as instants, numbers as numbers, the ship name carrying every ' +
    'service character to prove the release character is honoured).',
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
      for (const path of leaves(x.sent)) {
        const sent = at(x.sent, path);
        const got = at(returned, path);
        const same = agrees(sent, got);
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
