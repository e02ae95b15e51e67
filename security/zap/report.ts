// ZAP's reports as data: the "traditional" JSON (-J, core/other/jsonreport) and XML (-x) reports of the
// Reports add-on (ZAP 2.11 to 2.16; older cores wrote the same shape, sometimes with single items as
// objects), and the daemon API's alert list (core/view/alerts). All become one ZapReport: alerts with
// their instances, codes as numbers. Pure: no I/O.

/** Alert.MSG_RISK and Alert.MSG_CONFIDENCE of ZAP's core, indexed by code. */
export const RISKS = ['Informational', 'Low', 'Medium', 'High'] as const;
export const CONFIDENCES = ['False Positive', 'Low', 'Medium', 'High', 'Confirmed'] as const;
export type RiskCode = 0 | 1 | 2 | 3;
export type ConfidenceCode = 0 | 1 | 2 | 3 | 4;

/** One place an alert was raised. */
export interface ZapInstance {
  method: string;
  uri: string;
  /** The parameter or header name the rule looked at ('' when none). */
  param: string;
  attack: string;
  evidence: string;
  otherInfo: string;
  /** The run's evidence item for this instance (set by the collector that keeps it). */
  evidenceId?: string;
}

/** One alert family of a report: a rule (pluginId, or its variant alertRef) with every instance. */
export interface ZapAlert {
  pluginId: string;
  /** The rule's variant, e.g. 10055-4; the plugin id when the rule has none. */
  alertRef: string;
  name: string;
  risk: RiskCode;
  confidence: ConfidenceCode;
  /** Absent when ZAP gives none (-1 or 0). */
  cweId?: number;
  wascId?: number;
  /** Plain text (the reports carry HTML paragraphs). */
  description: string;
  solution: string;
  reference: string;
  otherInfo: string;
  instances: ZapInstance[];
}

export type ZapReportFormat = 'traditional-json' | 'traditional-xml' | 'api-alerts';

export interface ZapReport {
  format: ZapReportFormat;
  programName?: string;
  /** ZAP's version as it reports it ("2.16.0", "Dev Build"). */
  version: string;
  generated?: string;
  /** The sites the report covers ("https://host:port"). */
  sites: string[];
  alerts: ZapAlert[];
}

export class ZapReportError extends Error {
  override name = 'ZapReportError';
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list that XML-to-JSON conversions (ZAP before 2.11) sometimes give as one object. */
function listOf(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** ZAP's HTML paragraphs as plain text: one line per paragraph, tags gone. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<\/p>\s*/gi, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

function code<T extends number>(value: unknown, max: number, what: string, where: string): T {
  const s = text(value).trim();
  const n = Number(s);
  if (s === '' || !Number.isInteger(n) || n < 0 || n > max)
    throw new ZapReportError(`${where}: ${what} "${s}" is not a code from 0 to ${max}`);
  return n as T;
}

/** A CWE or WASC id; ZAP writes -1 or 0 when there is none. */
function optionalId(value: unknown): number | undefined {
  const n = Number(text(value).trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function instanceFrom(raw: unknown, where: string): ZapInstance {
  if (!isObject(raw)) throw new ZapReportError(`${where}: an instance is not an object`);
  return {
    method: text(raw.method).toUpperCase(),
    uri: text(raw.uri),
    param: text(raw.param),
    attack: text(raw.attack),
    evidence: text(raw.evidence),
    otherInfo: text(raw.otherinfo),
  };
}

function alertFrom(raw: unknown, where: string, html: (s: string) => string): ZapAlert {
  if (!isObject(raw)) throw new ZapReportError(`${where}: an alert is not an object`);
  const pluginId = text(raw.pluginid).trim();
  if (!pluginId) throw new ZapReportError(`${where}: an alert has no pluginid`);
  const at = `${where}: alert ${pluginId}`;
  // Before 2.11 instances sat in {"instance": [...]} when converted from XML.
  const rawInstances = isObject(raw.instances) ? raw.instances.instance : raw.instances;
  return {
    pluginId,
    alertRef: text(raw.alertRef).trim() || pluginId,
    name: text(raw.name ?? raw.alert).trim(),
    risk: code<RiskCode>(raw.riskcode, 3, 'riskcode', at),
    confidence: code<ConfidenceCode>(raw.confidence, 4, 'confidence', at),
    ...(optionalId(raw.cweid) !== undefined ? { cweId: optionalId(raw.cweid) } : {}),
    ...(optionalId(raw.wascid) !== undefined ? { wascId: optionalId(raw.wascid) } : {}),
    description: html(text(raw.desc)),
    solution: html(text(raw.solution)),
    reference: html(text(raw.reference)),
    otherInfo: html(text(raw.otherinfo)),
    instances: listOf(rawInstances).map((i) => instanceFrom(i, at)),
  };
}

/** The -J report: `{"@version", "site": [{"@name", "alerts": [...]}]}`. */
export function parseTraditionalJson(json: unknown): ZapReport {
  if (!isObject(json) || !('site' in json) || !('@version' in json))
    throw new ZapReportError('not a ZAP traditional JSON report (no "@version" and "site")');
  const sites = listOf(json.site);
  const alerts: ZapAlert[] = [];
  const names: string[] = [];
  sites.forEach((site, i) => {
    if (!isObject(site)) throw new ZapReportError(`site ${i + 1} is not an object`);
    const name = text(site['@name']);
    names.push(name);
    const rawAlerts = isObject(site.alerts) ? site.alerts.alertitem : site.alerts;
    for (const a of listOf(rawAlerts)) alerts.push(alertFrom(a, `site ${name || i + 1}`, htmlToText));
  });
  return {
    format: 'traditional-json',
    ...(json['@programName'] !== undefined ? { programName: text(json['@programName']) } : {}),
    version: text(json['@version']),
    ...(json['@generated'] !== undefined ? { generated: text(json['@generated']) } : {}),
    sites: names,
    alerts,
  };
}

// ---------------------------------------------------------------- XML

/** The attributes of an XML start tag's text. */
function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g))
    out[m[1]!] = decodeEntities(m[3] ?? m[4] ?? '');
  return out;
}

/** Every `<name ...>...</name>` element directly inside `xml` (ZAP's report does not nest a name in itself). */
function elements(xml: string, name: string): { attrs: Record<string, string>; body: string }[] {
  const re = new RegExp(`<${name}(\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`, 'g');
  return [...xml.matchAll(re)].map((m) => ({ attrs: attributes(m[1] ?? ''), body: m[2] ?? '' }));
}

/** The text of each simple child element, entities decoded once (the report's HTML stays escaped HTML). */
function children(xml: string): Json {
  const out: Json = {};
  for (const m of xml.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) out[m[1]!] = decodeEntities(m[2]!);
  return out;
}

/** The -x report: `<OWASPZAPReport version=...><site name=...><alerts><alertitem>...`. */
export function parseTraditionalXml(xml: string): ZapReport {
  const root = /<OWASPZAPReport(\s[^>]*)?>/.exec(xml);
  if (!root) throw new ZapReportError('not a ZAP traditional XML report (no <OWASPZAPReport>)');
  const head = attributes(root[1] ?? '');
  const alerts: ZapAlert[] = [];
  const sites: string[] = [];
  for (const site of elements(xml, 'site')) {
    sites.push(site.attrs.name ?? '');
    for (const item of elements(site.body, 'alertitem')) {
      // Instances first: their children (uri, method...) must not be read as the alert's.
      const instances = elements(item.body, 'instance').map((i) => children(i.body));
      const own = children(item.body.replace(/<instances>[\s\S]*?<\/instances>/, ''));
      alerts.push(alertFrom({ ...own, instances }, `site ${site.attrs.name ?? sites.length}`, htmlToText));
    }
  }
  return {
    format: 'traditional-xml',
    ...(head.programName !== undefined ? { programName: head.programName } : {}),
    version: head.version ?? '',
    ...(head.generated !== undefined ? { generated: head.generated } : {}),
    sites,
    alerts,
  };
}

/** A report file's text, JSON or XML by its first character. */
export function parseZapReport(textOfFile: string): ZapReport {
  const t = textOfFile.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<')) return parseTraditionalXml(t);
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch (err) {
    throw new ZapReportError(`the report is neither XML nor JSON: ${(err as Error).message}`);
  }
  return parseTraditionalJson(json);
}

// ---------------------------------------------------------------- daemon API

function indexOfName(names: readonly string[], value: unknown, what: string, where: string): number {
  const i = names.findIndex((n) => n.toLowerCase() === text(value).trim().toLowerCase());
  if (i < 0) throw new ZapReportError(`${where}: ${what} "${text(value)}" is not one of ${names.join(', ')}`);
  return i;
}

/**
 * core/view/alerts' objects (one per instance: pluginId, alertRef, alert, risk "High"..., confidence
 * "Medium"..., url, method, param, attack, evidence, other, cweid, wascid, description, solution,
 * reference) grouped into alert families as the reports group them.
 */
export function reportFromApiAlerts(raw: readonly unknown[], version: string): ZapReport {
  const families = new Map<string, ZapAlert>();
  const sites = new Set<string>();
  raw.forEach((a, i) => {
    if (!isObject(a)) throw new ZapReportError(`alert ${i + 1} is not an object`);
    const pluginId = text(a.pluginId).trim();
    if (!pluginId) throw new ZapReportError(`alert ${i + 1} has no pluginId`);
    const where = `alert ${i + 1} (${pluginId})`;
    const risk = indexOfName(RISKS, a.risk, 'risk', where) as RiskCode;
    const confidence = indexOfName(CONFIDENCES, a.confidence, 'confidence', where) as ConfidenceCode;
    const alertRef = text(a.alertRef).trim() || pluginId;
    const name = text(a.name ?? a.alert).trim();
    const key = [alertRef, name, risk, confidence].join('\u0000');
    let family = families.get(key);
    if (!family) {
      family = {
        pluginId,
        alertRef,
        name,
        risk,
        confidence,
        ...(optionalId(a.cweid) !== undefined ? { cweId: optionalId(a.cweid) } : {}),
        ...(optionalId(a.wascid) !== undefined ? { wascId: optionalId(a.wascid) } : {}),
        // The API gives plain text already.
        description: text(a.description).trim(),
        solution: text(a.solution).trim(),
        reference: text(a.reference).trim(),
        otherInfo: '',
        instances: [],
      };
      families.set(key, family);
    }
    const url = text(a.url);
    try {
      sites.add(new URL(url).origin);
    } catch {
      // not a URL: kept as the instance says
    }
    family.instances.push({
      method: text(a.method).toUpperCase(),
      uri: url,
      param: text(a.param),
      attack: text(a.attack),
      evidence: text(a.evidence),
      otherInfo: text(a.other),
    });
  });
  return { format: 'api-alerts', programName: 'ZAP', version, sites: [...sites], alerts: [...families.values()] };
}
