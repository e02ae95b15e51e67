// A loopback stand-in for a ZAP daemon's JSON API: the endpoints the wrapper calls, with ZAP's answer
// shapes and error codes, the API key checked on every call. It records every call and every URL it was
// told to touch (context include regexes, the import's target and the document's servers, the scan's URL,
// the replacer rule) and, when the active scan starts, sends the imported GET operations that are in the
// context to the target with the replacer rule's header, deriving its alerts from the answers.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deriveAlerts, fetchOnce, getUrls, type ApiAlert, type StandInExchange } from './alerts.ts';

export interface DaemonCall {
  component: string;
  type: string;
  name: string;
  params: Record<string, string>;
  method: string;
  keyOk: boolean;
}

export interface FakeDaemon {
  url: string;
  calls: DaemonCall[];
  /** Every URL the wrapper told ZAP to touch, with what it was. */
  told: { what: string; url: string }[];
  /** Every include regex a context was given (kept after the context is removed), by context name. */
  includes: Map<string, string[]>;
  /** Requests the fake ZAP sent to the target. */
  sent: { url: string; authorization?: string }[];
  /** Replacer rules now configured. */
  rules: Map<string, Record<string, string>>;
  close(): Promise<void>;
}

export interface FakeDaemonOptions {
  apiKey: string;
  version?: string;
  /** Percent the scan advances per status poll; default 50. */
  step?: number;
}

function error(code: string, message: string, status = 400) {
  return { status, body: { code, message } };
}

async function paramsOf(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const out = Object.fromEntries(url.searchParams);
  if (req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    Object.assign(out, Object.fromEntries(new URLSearchParams(body)));
  }
  return out;
}

export async function startFakeDaemon(o: FakeDaemonOptions): Promise<FakeDaemon> {
  const calls: DaemonCall[] = [];
  const told: FakeDaemon['told'] = [];
  const includes = new Map<string, string[]>();
  const live = new Map<string, string[]>();
  const contexts = new Map<string, string>();
  const rules = new Map<string, Record<string, string>>();
  const policies = new Set<string>();
  const sent: FakeDaemon['sent'] = [];
  let imported: string[] = [];
  let alerts: ApiAlert[] = [];
  const scans = new Map<string, { percent: number; done: Promise<void> }>();

  async function scan(contextName: string): Promise<void> {
    const inScope = imported.filter((u) => (live.get(contextName) ?? []).some((r) => new RegExp(r).test(u)));
    const exchanges: StandInExchange[] = [];
    for (const url of inScope) {
      const rule = [...rules.values()].find((r) => r.matchString === 'Authorization' && r.enabled === 'true');
      const applies = rule && (!rule.url || new RegExp(rule.url).test(url));
      const authorization = applies ? rule.replacement : undefined;
      sent.push({ url, ...(authorization ? { authorization } : {}) });
      try {
        exchanges.push(await fetchOnce(url, authorization ? { Authorization: authorization } : {}));
      } catch {
        // an unanswered request raises nothing
      }
    }
    alerts = deriveAlerts(exchanges);
  }

  const handle = async (c: DaemonCall): Promise<{ status: number; body: unknown }> => {
    const p = c.params;
    const ok = { status: 200, body: { Result: 'OK' } };
    switch (`${c.component}/${c.type}/${c.name}`) {
      case 'core/view/version':
        return { status: 200, body: { version: o.version ?? '2.16.1' } };
      case 'pscan/action/disableAllTags':
      case 'pscan/action/setMaxAlertsPerRule':
      case 'ascan/action/setOptionMaxScanDurationInMins':
        return ok;
      case 'context/action/removeContext':
        if (!contexts.delete(p.contextName ?? '')) return error('does_not_exist', 'Does Not Exist (contextName)');
        live.delete(p.contextName ?? '');
        return ok;
      case 'context/action/newContext': {
        if (contexts.has(p.contextName ?? '')) return error('already_exists', 'Already Exists (contextName)');
        const id = String(contexts.size + 1);
        contexts.set(p.contextName ?? '', id);
        return { status: 200, body: { contextId: id } };
      }
      case 'context/action/includeInContext':
        if (!contexts.has(p.contextName ?? '')) return error('context_not_found', 'Context Not Found');
        for (const m of [includes, live]) m.set(p.contextName!, [...(m.get(p.contextName!) ?? []), p.regex ?? '']);
        return ok;
      case 'replacer/action/removeRule':
        if (!rules.delete(p.description ?? '')) return error('does_not_exist', 'Does Not Exist (description)');
        return ok;
      case 'replacer/action/addRule':
        if (rules.has(p.description ?? '')) return error('already_exists', 'Already Exists (description)');
        if (!p.matchType || !p.matchString || p.enabled === undefined || p.matchRegex === undefined)
          return error('missing_parameter', 'Missing Parameter');
        rules.set(p.description!, p);
        return ok;
      case 'openapi/action/importFile': {
        let doc: Record<string, unknown>;
        try {
          doc = JSON.parse(readFileSync(p.file ?? '', 'utf8')) as Record<string, unknown>;
        } catch {
          return error('illegal_parameter', 'Illegal Parameter (file)');
        }
        if (p.target) told.push({ what: 'import target', url: p.target });
        for (const s of (doc.servers as { url: string }[] | undefined) ?? [])
          told.push({ what: 'document server', url: s.url });
        for (const item of Object.values((doc.paths as Record<string, { servers?: { url: string }[] }>) ?? {}))
          for (const s of item.servers ?? []) told.push({ what: 'path server', url: s.url });
        imported = getUrls(doc);
        return { status: 200, body: { importFile: [] } };
      }
      case 'core/view/urls':
        return { status: 200, body: { urls: imported.filter((u) => u.startsWith(p.baseurl ?? '')) } };
      case 'ascan/action/removeScanPolicy':
        if (!policies.delete(p.scanPolicyName ?? '')) return error('does_not_exist', 'Does Not Exist (scanPolicyName)');
        return ok;
      case 'ascan/action/addScanPolicy':
        if (policies.has(p.scanPolicyName ?? '')) return error('already_exists', 'Already Exists (scanPolicyName)');
        policies.add(p.scanPolicyName ?? '');
        return ok;
      case 'ascan/action/setScannerAlertThreshold':
        return policies.has(p.scanPolicyName ?? '') ? ok : error('does_not_exist', 'Does Not Exist (scanPolicyName)');
      case 'ascan/action/scan': {
        if (!p.url) return error('missing_parameter', 'Missing Parameter (url)');
        told.push({ what: 'scan url', url: p.url });
        const contextName = [...contexts].find(([, id]) => id === p.contextId)?.[0] ?? '';
        const id = String(scans.size);
        scans.set(id, { percent: 0, done: scan(contextName) });
        return { status: 200, body: { scan: id } };
      }
      case 'ascan/view/status': {
        const s = scans.get(p.scanId ?? '');
        if (!s) return error('does_not_exist', 'Does Not Exist (scanId)');
        // The scan reaches 100 % only once its requests are answered.
        s.percent = Math.min(99, s.percent + (o.step ?? 50));
        await s.done;
        if (s.percent >= 99) s.percent = 100;
        return { status: 200, body: { status: String(s.percent) } };
      }
      case 'ascan/action/stop':
        return ok;
      case 'pscan/view/recordsToScan':
        return { status: 200, body: { recordsToScan: '0' } };
      case 'core/view/alerts': {
        const start = Number(p.start ?? 0);
        const count = Number(p.count ?? 0) || alerts.length;
        const base = p.baseurl ?? '';
        return {
          status: 200,
          body: { alerts: alerts.filter((a) => a.url.startsWith(base)).slice(start, start + count) },
        };
      }
      default:
        return error(c.type === 'view' ? 'bad_view' : 'bad_action', 'No Implementor');
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://zap');
      const m = /^\/JSON\/(\w+)\/(view|action)\/(\w+)\/?$/.exec(url.pathname);
      const params = await paramsOf(req, url);
      const key = req.headers['x-zap-api-key'] ?? params.apikey;
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m) return answer(404, { code: 'bad_format', message: 'Bad Format' });
      const call: DaemonCall = {
        component: m[1]!,
        type: m[2]!,
        name: m[3]!,
        params,
        method: req.method ?? 'GET',
        keyOk: key === o.apiKey,
      };
      calls.push(call);
      if (!call.keyOk) return answer(403, { code: 'bad_api_key', message: 'Bad API Key' });
      const r = await handle(call);
      answer(r.status, r.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    told,
    includes,
    sent,
    rules,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
