// Drives a running ZAP daemon through its JSON API, as zap-api-scan.py drives the ZAP it starts: import
// the staged OpenAPI document, scope a context to the API base, put the agent's token in a replacer rule
// (renewed between polls before it expires), active-scan with a policy of the member's rules, poll the
// progress, wait for the passive scanner, read the alerts, and remove what it added. Every call has a
// timeout; the poll loop ends by the collector's endsBy (the scan is stopped then) or its signal.
import type { ScanProgress } from '../../engine/context.ts';
import type { Target } from '../../engine/target.ts';
import { reportFromApiAlerts, type ZapReport } from './report.ts';
import type { ZapRules } from './rules.ts';
import { assertAllowed, includeRegexFor } from './scope.ts';
import { TOKEN_RULE } from './script.ts';

export class ZapApiError extends Error {
  override name = 'ZapApiError';
  constructor(
    message: string,
    /** ZAP's error code ("does_not_exist", "already_exists"...), or the HTTP status. */
    readonly code?: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export interface ZapApiOptions {
  apiUrl: string;
  apiKey?: string;
  /** Per call; default 15 s. */
  callTimeoutMs?: number;
  signal?: AbortSignal;
}

/** The JSON API: views by GET, actions by POST (form parameters, so the token never sits in a URL). */
export class ZapApi {
  readonly base: string;
  constructor(private readonly o: ZapApiOptions) {
    this.base = o.apiUrl.replace(/\/+$/, '');
  }

  async call(
    component: string,
    type: 'view' | 'action',
    name: string,
    params: Record<string, string | number | boolean | undefined> = {},
    timeoutMs = this.o.callTimeoutMs ?? 15_000,
  ): Promise<Json> {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, String(v));
    const path = `${this.base}/JSON/${component}/${type}/${name}/`;
    const url = type === 'view' && [...form].length ? `${path}?${form}` : path;
    const signals = [AbortSignal.timeout(timeoutMs), ...(this.o.signal ? [this.o.signal] : [])];
    const what = `ZAP API ${component}/${type}/${name}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: type === 'view' ? 'GET' : 'POST',
        headers: {
          Accept: 'application/json',
          ...(this.o.apiKey ? { 'X-ZAP-API-Key': this.o.apiKey } : {}),
          ...(type === 'action' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(type === 'action' ? { body: form.toString() } : {}),
        signal: AbortSignal.any(signals),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error;
      const why =
        e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((e.cause as Error)?.message ?? e.message);
      throw new ZapApiError(`${what}: ${why}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ZapApiError(`${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`, String(res.status));
    }
    const body = (typeof json === 'object' && json !== null ? json : {}) as Json;
    if (!res.ok) {
      const code = typeof body.code === 'string' ? body.code : String(res.status);
      throw new ZapApiError(`${what}: ${String(body.message ?? `HTTP ${res.status}`)} (${code})`, code);
    }
    return body;
  }

  /** The same API without the run's signal: for cleaning up after a stop. */
  detached(callTimeoutMs: number): ZapApi {
    return new ZapApi({ apiUrl: this.o.apiUrl, ...(this.o.apiKey ? { apiKey: this.o.apiKey } : {}), callTimeoutMs });
  }

  /** An action whose failure does not matter (cleaning up what may not be there). */
  async tryAction(component: string, name: string, params: Record<string, string>): Promise<void> {
    await this.call(component, 'action', name, params).catch(() => undefined);
  }
}

export interface BearerToken {
  token: string;
  /** Epoch ms, when known (the JWT's exp): the rule is renewed before it. */
  expiresAt?: number;
}

export interface DaemonScanOptions {
  api: ZapApi;
  /** The staged document, a path the daemon can read (it runs on this machine, or shares the folder). */
  documentFile: string;
  target: Pick<Target, 'apiBaseUrl' | 'allowedHosts'>;
  /** Every server the document names (checked against the allow-list before anything is sent). */
  servers: readonly string[];
  rules?: ZapRules;
  minutes: number;
  /** A fresh token of the agent (absent: the scan is anonymous). */
  token?: () => Promise<BearerToken>;
  /** The poll loop and everything after it end by then (epoch ms). */
  endsBy: number;
  signal?: AbortSignal;
  /** Between status polls; default 2 s. */
  pollMs?: number;
  onProgress?(p: ScanProgress): void;
  /** Names in ZAP (context, policy); default port-conformance. */
  name?: string;
}

export interface DaemonScanResult {
  report: ZapReport;
  version: string;
  scanId: string;
  /** Number of URLs the import gave ZAP. */
  urls: number;
  /** Times the token rule was renewed during the scan. */
  tokenRenewals: number;
  /** The scan was stopped at the collector's deadline before reaching 100 %. */
  stoppedEarly: boolean;
  lastPercent: number;
  /** Import warnings ZAP reported. */
  importWarnings: string[];
}

/** Time kept after the active scan for the passive scanner, the alerts and the clean-up. */
const RESERVE_MS = 20_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

export async function runDaemonScan(o: DaemonScanOptions): Promise<DaemonScanResult> {
  const { api, target } = o;
  const name = o.name ?? 'port-conformance';
  const scanUrl = target.apiBaseUrl;
  // Nothing is sent to ZAP about a URL off the allow-list.
  assertAllowed('scan target', scanUrl, target);
  for (const s of o.servers) assertAllowed('OpenAPI server', s, target);
  const include = includeRegexFor(scanUrl);
  const origin = new URL(scanUrl).origin;
  const started = Date.now();
  const progress = (phase: string, percent?: number) => {
    try {
      o.onProgress?.({
        engine: 'zap',
        phase,
        ...(percent !== undefined ? { percent } : {}),
        elapsedS: (Date.now() - started) / 1000,
      });
    } catch {
      // a display's failure is not the scan's
    }
  };

  const version = String((await api.call('core', 'view', 'version')).version ?? '');
  let tokenRenewals = 0;
  let current: BearerToken | undefined;
  const putToken = async (t: BearerToken) => {
    await api.tryAction('replacer', 'removeRule', { description: TOKEN_RULE });
    await api.call('replacer', 'action', 'addRule', {
      description: TOKEN_RULE,
      enabled: true,
      matchType: 'REQ_HEADER',
      matchRegex: false,
      matchString: 'Authorization',
      replacement: `Bearer ${t.token}`,
      // The API's origin only (ZAP versions whose replacer knows rule URLs).
      url: includeRegexFor(origin),
    });
    current = t;
  };
  const renewIfDue = async () => {
    if (!o.token || !current?.expiresAt) return;
    const left = current.expiresAt - Date.now();
    if (left > 15_000) return;
    await putToken(await o.token());
    tokenRenewals++;
  };

  try {
    // zap_tune, as the packaged scripts do.
    await api.tryAction('pscan', 'disableAllTags', {});
    await api.tryAction('pscan', 'setMaxAlertsPerRule', { maxAlerts: '10' });

    await api.tryAction('context', 'removeContext', { contextName: name });
    const contextId = String(
      (await api.call('context', 'action', 'newContext', { contextName: name })).contextId ?? '',
    );
    await api.call('context', 'action', 'includeInContext', { contextName: name, regex: include });

    if (o.token) await putToken(await o.token());

    const imported = await api.call(
      'openapi',
      'action',
      'importFile',
      { file: o.documentFile, target: scanUrl, contextId },
      Math.max(1000, Math.min(120_000, o.endsBy - Date.now() - RESERVE_MS)),
    );
    const importWarnings = strings(imported.importFile);
    const urls = strings((await api.call('core', 'view', 'urls', { baseurl: origin })).urls);
    if (urls.length === 0)
      throw new ZapApiError(
        `ZAP imported no URL from the OpenAPI document${importWarnings.length ? `: ${importWarnings[0]}` : ''}`,
      );

    // The member's rules: IGNOREd rules are not run (threshold OFF), as zap-api-scan.py does with -c.
    await api.tryAction('ascan', 'removeScanPolicy', { scanPolicyName: name });
    await api.call('ascan', 'action', 'addScanPolicy', { scanPolicyName: name });
    for (const [id, level] of o.rules?.levels ?? [])
      if (level === 'IGNORE' && /^\d+$/.test(id))
        await api.tryAction('ascan', 'setScannerAlertThreshold', { id, alertThreshold: 'OFF', scanPolicyName: name });
    await api.call('ascan', 'action', 'setOptionMaxScanDurationInMins', {
      Integer: Math.max(1, Math.floor(o.minutes)),
    });

    const scanId = String(
      (
        await api.call('ascan', 'action', 'scan', {
          url: scanUrl,
          recurse: true,
          inScopeOnly: true,
          scanPolicyName: name,
          contextId,
        })
      ).scan ?? '',
    );
    if (!/^\d+$/.test(scanId)) throw new ZapApiError(`ZAP did not start the active scan (scan id "${scanId}")`);

    let percent = 0;
    let stoppedEarly = false;
    progress('active scan', 0);
    while (percent < 100) {
      if (Date.now() + (o.pollMs ?? 2000) > o.endsBy - RESERVE_MS) {
        await api.tryAction('ascan', 'stop', { scanId });
        stoppedEarly = true;
        break;
      }
      await sleep(o.pollMs ?? 2000, o.signal);
      percent = Math.min(100, Number((await api.call('ascan', 'view', 'status', { scanId })).status) || 0);
      progress('active scan', percent);
      await renewIfDue();
    }

    // The passive scanner works through what the active scan recorded.
    while (Number((await api.call('pscan', 'view', 'recordsToScan')).recordsToScan ?? 0) > 0) {
      if (Date.now() + 1000 > o.endsBy - RESERVE_MS / 2) break;
      progress('passive scan');
      await sleep(Math.min(1000, o.pollMs ?? 2000), o.signal);
    }

    const alerts: unknown[] = [];
    for (let start = 0; ; start += 5000) {
      const page = (await api.call('core', 'view', 'alerts', { baseurl: origin, start, count: 5000 })).alerts;
      const items = Array.isArray(page) ? page : [];
      alerts.push(...items);
      if (items.length < 5000) break;
    }
    return {
      report: reportFromApiAlerts(alerts, version),
      version,
      scanId,
      urls: urls.length,
      tokenRenewals,
      stoppedEarly,
      lastPercent: percent,
      importWarnings,
    };
  } finally {
    // The token leaves ZAP's configuration; the context and policy go too (a fresh API, not the run's signal).
    const cleanup = api.detached(5000);
    await cleanup.tryAction('replacer', 'removeRule', { description: TOKEN_RULE });
    await cleanup.tryAction('context', 'removeContext', { contextName: name });
    await cleanup.tryAction('ascan', 'removeScanPolicy', { scanPolicyName: name });
  }
}
