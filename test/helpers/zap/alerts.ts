// What the ZAP stand-ins share: they send real requests to the target the OpenAPI document names (as ZAP's
// import and scan do, GET operations only, path parameters filled with an unknown id), derive ZAP's alerts
// from the real answers with the rules ZAP's passive scanner applies for these ids, and write the reports
// in ZAP's documented formats. Test helper: loopback targets only.
import https from 'node:https';
import http from 'node:http';

/** One answer the stand-in received. */
export interface StandInExchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An alert as the daemon API lists it (core/view/alerts): one object per instance. */
export interface ApiAlert {
  pluginId: string;
  alertRef: string;
  alert: string;
  name: string;
  risk: 'Informational' | 'Low' | 'Medium' | 'High';
  confidence: 'False Positive' | 'Low' | 'Medium' | 'High' | 'Confirmed';
  url: string;
  method: string;
  param: string;
  attack: string;
  evidence: string;
  other: string;
  cweid: string;
  wascid: string;
  description: string;
  solution: string;
  reference: string;
  sourceid: string;
  messageId: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The GET operations of a document as absolute URLs: the path's or the document's server, ids filled in. */
export function getUrls(doc: Json): string[] {
  const top = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? String(doc.servers[0].url) : '';
  const out: string[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item) || !isObject(item.get)) continue;
    const own = Array.isArray(item.servers) && isObject(item.servers[0]) ? String(item.servers[0].url) : top;
    const filled = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
    out.push(`${own.replace(/\/+$/, '')}${filled}`);
  }
  return out;
}

/** One bounded GET (5 s), certificates not verified (as ZAP does not), legacy TLS allowed. */
export function fetchOnce(url: string, headers: Record<string, string>): Promise<StandInExchange> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      {
        method: 'GET',
        headers,
        timeout: 5000,
        ...(u.protocol === 'https:'
          ? { rejectUnauthorized: false, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' }
          : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c.length + body.length < 65_536 ? c : ''));
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ method: 'GET', url, status: res.statusCode ?? 0, headers: h, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

const RULES = {
  '10021': {
    name: 'X-Content-Type-Options Header Missing',
    risk: 'Low',
    cweid: '693',
    wascid: '15',
    description:
      "The Anti-MIME-Sniffing header X-Content-Type-Options was not set to 'nosniff'. This allows older versions of Internet Explorer and Chrome to perform MIME-sniffing on the response body.",
    solution:
      "Ensure that the application/web server sets the Content-Type header appropriately, and that it sets the X-Content-Type-Options header to 'nosniff' for all web pages.",
  },
  '10035': {
    name: 'Strict-Transport-Security Header Not Set',
    risk: 'Low',
    cweid: '319',
    wascid: '15',
    description:
      'HTTP Strict Transport Security (HSTS) is a web security policy mechanism whereby a web server declares that complying user agents are to interact with it using only secure HTTPS connections.',
    solution:
      'Ensure that your web server, application server, load balancer, etc. is configured to enforce Strict-Transport-Security.',
  },
  '10037': {
    name: 'Server Leaks Information via "X-Powered-By" HTTP Response Header Field(s)',
    risk: 'Low',
    cweid: '497',
    wascid: '13',
    description:
      'The web/application server is leaking information via one or more "X-Powered-By" HTTP response headers.',
    solution:
      'Ensure that your web server, application server, load balancer, etc. is configured to suppress "X-Powered-By" headers.',
  },
  '10049': {
    name: 'Storable and Cacheable Content',
    risk: 'Informational',
    cweid: '524',
    wascid: '13',
    description: 'The response contents are storable by caching components such as proxy servers.',
    solution: 'Validate that the response does not contain sensitive, personal or user-specific information.',
  },
  '90022': {
    name: 'Application Error Disclosure',
    risk: 'Medium',
    cweid: '550',
    wascid: '13',
    description:
      'This page contains an error/warning message that may disclose sensitive information like the location of the file that produced the unhandled exception.',
    solution: 'Review the source code of this page. Implement custom error pages.',
  },
} as const;
export type StandInRule = keyof typeof RULES;

const STACK = /\bat\s+(?:async\s+)?[^\s()]+\s+\((?:file:\/\/|node:|\/)[^\s()]*:\d+:\d+\)/;

/** ZAP's passive rules for these ids, applied to real answers (at most 10 instances per rule, as zap_tune sets). */
export function deriveAlerts(exchanges: readonly StandInExchange[]): ApiAlert[] {
  const out: ApiAlert[] = [];
  let id = 0;
  const raise = (rule: StandInRule, ex: StandInExchange, param: string, evidence: string) => {
    if (out.filter((a) => a.pluginId === rule).length >= 10) return;
    const r = RULES[rule];
    out.push({
      pluginId: rule,
      alertRef: rule,
      alert: r.name,
      name: r.name,
      risk: r.risk,
      confidence: 'Medium',
      url: ex.url,
      method: ex.method,
      param,
      attack: '',
      evidence,
      other: '',
      cweid: r.cweid,
      wascid: r.wascid,
      description: r.description,
      solution: r.solution,
      reference: 'https://owasp.org/www-project-secure-headers/',
      sourceid: '3',
      messageId: String(++id),
    });
  };
  for (const ex of exchanges) {
    const h = ex.headers;
    if ((h['x-content-type-options'] ?? '').toLowerCase() !== 'nosniff')
      raise('10021', ex, 'x-content-type-options', '');
    if (ex.url.startsWith('https:') && h['strict-transport-security'] === undefined) raise('10035', ex, '', '');
    if (h['x-powered-by'] !== undefined) raise('10037', ex, '', `X-Powered-By: ${h['x-powered-by']}`);
    if (!/no-store/i.test(h['cache-control'] ?? '')) raise('10049', ex, '', h['cache-control'] ?? '');
    const stack = ex.status >= 400 ? STACK.exec(ex.body.replace(/\\n/g, '\n')) : null;
    if (stack) raise('90022', ex, '', stack[0]);
  }
  return out;
}

// ---------------------------------------------------------------- the reports, as ZAP writes them

const RISK_CODE = { Informational: '0', Low: '1', Medium: '2', High: '3' } as const;
const CONFIDENCE_CODE = { 'False Positive': '0', Low: '1', Medium: '2', High: '3', Confirmed: '4' } as const;

interface Family {
  first: ApiAlert;
  instances: ApiAlert[];
}

function families(alerts: readonly ApiAlert[]): Map<string, Map<string, Family>> {
  const bySite = new Map<string, Map<string, Family>>();
  for (const a of alerts) {
    const site = new URL(a.url).origin;
    const fams = bySite.get(site) ?? new Map<string, Family>();
    const f = fams.get(a.alertRef) ?? { first: a, instances: [] };
    f.instances.push(a);
    fams.set(a.alertRef, f);
    bySite.set(site, fams);
  }
  return bySite;
}

function siteParts(site: string) {
  const u = new URL(site);
  return {
    host: u.hostname,
    port: u.port || (u.protocol === 'https:' ? '443' : '80'),
    ssl: String(u.protocol === 'https:'),
  };
}

/** The Reports add-on's traditional-json template (ZAP 2.16): numbers as strings, HTML paragraphs. */
export function traditionalJson(alerts: readonly ApiAlert[], version = '2.16.1'): string {
  const site = [...families(alerts)].map(([name, fams]) => {
    const p = siteParts(name);
    return {
      '@name': name,
      '@host': p.host,
      '@port': p.port,
      '@ssl': p.ssl,
      alerts: [...fams.values()].map(({ first: a, instances }) => ({
        pluginid: a.pluginId,
        alertRef: a.alertRef,
        alert: a.name,
        name: a.name,
        riskcode: RISK_CODE[a.risk],
        confidence: CONFIDENCE_CODE[a.confidence],
        riskdesc: `${a.risk} (${a.confidence})`,
        desc: `<p>${a.description}</p>`,
        instances: instances.map((i) => ({
          id: i.messageId,
          uri: i.url,
          nodeName: i.url,
          method: i.method,
          param: i.param,
          attack: i.attack,
          evidence: i.evidence,
          otherinfo: i.other,
        })),
        count: String(instances.length),
        systemic: false,
        solution: `<p>${a.solution}</p>`,
        otherinfo: '',
        reference: `<p>${a.reference}</p>`,
        cweid: a.cweid,
        wascid: a.wascid,
        sourceid: a.sourceid,
      })),
    };
  });
  return JSON.stringify(
    {
      '@programName': 'ZAP',
      '@version': version,
      '@generated': new Date().toUTCString(),
      created: new Date().toISOString(),
      site,
    },
    null,
    '\t',
  );
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The traditional-xml template: the same data as elements, HTML escaped. */
export function traditionalXml(alerts: readonly ApiAlert[], version = '2.16.1'): string {
  const sites = [...families(alerts)].map(([name, fams]) => {
    const p = siteParts(name);
    const items = [...fams.values()].map(({ first: a, instances }) =>
      [
        '<alertitem>',
        `<pluginid>${a.pluginId}</pluginid>`,
        `<alertRef>${a.alertRef}</alertRef>`,
        `<alert>${esc(a.name)}</alert>`,
        `<name>${esc(a.name)}</name>`,
        `<riskcode>${RISK_CODE[a.risk]}</riskcode>`,
        `<confidence>${CONFIDENCE_CODE[a.confidence]}</confidence>`,
        `<riskdesc>${esc(`${a.risk} (${a.confidence})`)}</riskdesc>`,
        `<confidencedesc>${a.confidence}</confidencedesc>`,
        `<desc>${esc(`<p>${a.description}</p>`)}</desc>`,
        '<instances>',
        ...instances.map(
          (i) =>
            `<instance><uri>${esc(i.url)}</uri><method>${i.method}</method><param>${esc(i.param)}</param><attack>${esc(i.attack)}</attack><evidence>${esc(i.evidence)}</evidence><otherinfo>${esc(i.other)}</otherinfo></instance>`,
        ),
        '</instances>',
        `<count>${instances.length}</count>`,
        `<solution>${esc(`<p>${a.solution}</p>`)}</solution>`,
        '<otherinfo></otherinfo>',
        `<reference>${esc(`<p>${a.reference}</p>`)}</reference>`,
        `<cweid>${a.cweid}</cweid>`,
        `<wascid>${a.wascid}</wascid>`,
        `<sourceid>${a.sourceid}</sourceid>`,
        '</alertitem>',
      ].join('\n'),
    );
    return `<site name="${esc(name)}" host="${esc(p.host)}" port="${p.port}" ssl="${p.ssl}"><alerts>\n${items.join('\n')}\n</alerts></site>`;
  });
  return `<?xml version="1.0"?>\n<OWASPZAPReport programName="ZAP" version="${version}" generated="${new Date().toUTCString()}">\n${sites.join('\n')}\n</OWASPZAPReport>\n`;
}
