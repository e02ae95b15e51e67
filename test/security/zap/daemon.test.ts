// The daemon path against a loopback stand-in of ZAP's JSON API (test/helpers/zap/fake-daemon.ts): the
// documented endpoints in order, the API key on every call, every URL ZAP is told about on the
// allow-list, the token rule renewed before it expires and removed afterwards, every call bounded.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScopeError } from '../../../engine/errors.ts';
import { isAllowed } from '../../../engine/target.ts';
import { runDaemonScan, ZapApi, ZapApiError, type DaemonScanOptions } from '../../../security/zap/daemon.ts';
import { stageOpenApi, type StagedDocument } from '../../../security/zap/document.ts';
import { parseZapRules } from '../../../security/zap/rules.ts';
import { prefixOfIncludeRegex } from '../../../security/zap/scope.ts';
import { TOKEN_RULE } from '../../../security/zap/script.ts';
import { startFakeDaemon, type FakeDaemon } from '../../helpers/zap/fake-daemon.ts';

const KEY = 'zap-api-key-for-tests';
let target: Server;
let origin: string;
let staged: StagedDocument;
let daemon: FakeDaemon;
const dir = mkdtempSync(join(tmpdir(), 'pc-zap-daemon-'));

beforeAll(async () => {
  target = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Powered-By': 'Express' });
    res.end('{}');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const wrk = join(dir, 'wrk');
  mkdirSync(wrk);
  staged = stageOpenApi(
    {
      document: {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        servers: [{ url: '/api/v1' }],
        paths: { '/things': { get: {} }, '/.well-known/keys': { servers: [{ url: '/' }], get: {} } },
      },
    },
    `${origin}/api/v1`,
    { allowedHosts: [new URL(origin).host] },
    wrk,
  );
});
afterAll(async () => {
  await new Promise((r) => target.close(r));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => daemon?.close());

function scan(over: Partial<DaemonScanOptions> = {}, key = KEY): Promise<Awaited<ReturnType<typeof runDaemonScan>>> {
  return runDaemonScan({
    api: new ZapApi({ apiUrl: daemon.url, apiKey: key, callTimeoutMs: 5000 }),
    documentFile: staged.file,
    target: { apiBaseUrl: `${origin}/api/v1`, allowedHosts: [new URL(origin).host] },
    servers: staged.servers,
    minutes: 2,
    token: async () => ({ token: 'token-1' }),
    endsBy: Date.now() + 120_000,
    pollMs: 10,
    ...over,
  });
}

describe('runDaemonScan', () => {
  it('imports, scopes, scans with a policy, polls, reads the alerts and cleans up', async () => {
    daemon = await startFakeDaemon({ apiKey: KEY });
    const progress: number[] = [];
    const r = await scan({
      rules: parseZapRules('40018\tIGNORE\t(SQL Injection)\n10021\tFAIL\t(x)\n'),
      onProgress: (p) => p.percent !== undefined && progress.push(p.percent),
    });
    expect(r).toMatchObject({ version: '2.16.1', urls: 2, stoppedEarly: false, lastPercent: 100 });
    expect(r.report.alerts.map((a) => a.pluginId).sort()).toEqual(['10021', '10037', '10049']);
    expect(progress).toEqual([0, 50, 100]);
    const seq = daemon.calls.map((c) => `${c.component}/${c.name}`);
    expect(seq.filter((s) => !s.startsWith('pscan/') && !/remove/.test(s))).toEqual([
      'core/version',
      'context/newContext',
      'context/includeInContext',
      'replacer/addRule',
      'openapi/importFile',
      'core/urls',
      'ascan/addScanPolicy',
      'ascan/setScannerAlertThreshold',
      'ascan/setOptionMaxScanDurationInMins',
      'ascan/scan',
      'ascan/status',
      'ascan/status',
      'core/alerts',
    ]);
    expect(daemon.calls.find((c) => c.name === 'setScannerAlertThreshold')?.params).toMatchObject({
      id: '40018',
      alertThreshold: 'OFF',
      scanPolicyName: 'port-conformance',
    });
    expect(daemon.calls.find((c) => c.name === 'scan')?.params).toMatchObject({
      recurse: 'true',
      inScopeOnly: 'true',
      scanPolicyName: 'port-conformance',
      contextId: '1',
    });
    // Actions are POSTed: the token is never in a URL.
    expect(daemon.calls.filter((c) => c.type === 'action').every((c) => c.method === 'POST')).toBe(true);
    expect(daemon.calls.every((c) => c.keyOk)).toBe(true);
    // What it added is gone: the token rule, the context, the policy.
    expect(daemon.rules.size).toBe(0);
    expect(seq.slice(-3)).toEqual(['replacer/removeRule', 'context/removeContext', 'ascan/removeScanPolicy']);
  });

  it('tells ZAP only URLs on the allow-list, and ZAP sends only those, with the token', async () => {
    daemon = await startFakeDaemon({ apiKey: KEY });
    await scan();
    const allowed = { allowedHosts: [new URL(origin).host] };
    const includes = [...daemon.includes.values()].flat();
    expect(includes).toHaveLength(1);
    for (const regex of includes) {
      const prefix = prefixOfIncludeRegex(regex);
      expect(prefix).toBe(`${origin}/api/v1`);
      expect(isAllowed(allowed, prefix!)).toBe(true);
    }
    expect(daemon.told.map((t) => t.what).sort()).toEqual([
      'document server',
      'import target',
      'path server',
      'scan url',
    ]);
    for (const t of daemon.told) expect(isAllowed(allowed, t.url), `${t.what} ${t.url}`).toBe(true);
    const rule = daemon.calls.find((c) => c.name === 'addRule')!.params;
    expect(rule).toMatchObject({
      description: TOKEN_RULE,
      matchType: 'REQ_HEADER',
      matchString: 'Authorization',
      replacement: 'Bearer token-1',
    });
    expect(prefixOfIncludeRegex(rule.url!)).toBe(origin);
    expect(daemon.sent.length).toBeGreaterThan(0);
    for (const s of daemon.sent) {
      expect(isAllowed(allowed, s.url)).toBe(true);
      expect(s.authorization).toBe('Bearer token-1');
    }
  });

  it('renews the token rule between polls before the token expires', async () => {
    daemon = await startFakeDaemon({ apiKey: KEY });
    let n = 0;
    const r = await scan({ token: async () => ({ token: `token-${++n}`, expiresAt: Date.now() + 1000 }) });
    expect(r.tokenRenewals).toBe(2);
    const replacements = daemon.calls.filter((c) => c.name === 'addRule').map((c) => c.params.replacement);
    expect(replacements).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
  });

  it('stops the scan when the time is up and says so', async () => {
    daemon = await startFakeDaemon({ apiKey: KEY, step: 1 });
    const r = await scan({ endsBy: Date.now() + 20_300, pollMs: 50 });
    expect(r.stoppedEarly).toBe(true);
    expect(daemon.calls.some((c) => c.component === 'ascan' && c.name === 'stop')).toBe(true);
  });

  it('refuses a document server off the allow-list before any call', async () => {
    daemon = await startFakeDaemon({ apiKey: KEY });
    await expect(scan({ servers: [...staged.servers, 'https://evil.example/'] })).rejects.toBeInstanceOf(ScopeError);
    expect(daemon.calls).toEqual([]);
  });

  it("a wrong API key is ZAP's bad_api_key error", async () => {
    daemon = await startFakeDaemon({ apiKey: KEY });
    const err = await scan({}, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZapApiError);
    expect((err as ZapApiError).code).toBe('bad_api_key');
  });

  it('bounds every call: a daemon that never answers is an error, not a hang', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const api = new ZapApi({
      apiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      callTimeoutMs: 200,
    });
    try {
      await expect(api.call('core', 'view', 'version')).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
