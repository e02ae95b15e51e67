// The packaged-script path against the zap-api-scan.py stand-in (and a docker stand-in): the arguments
// and files ZAP's docs describe, the token only in the options file, exit codes mapped, the process group
// ended by a timeout or the signal. The target is a small loopback HTTP server.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageOpenApi, type StagedDocument } from '../../../security/zap/document.ts';
import { OPTIONS_FILE, runScriptScan, ZapScriptError, type ScriptScanOptions } from '../../../security/zap/script.ts';
import { ZAP_IMAGE } from '../../../security/zap/select.ts';
import { installStandIns, type StandInBin } from '../../helpers/zap/install.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZ2VudEEiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW9mLXRoZS10ZXN0';

let server: Server;
let origin: string;
let bin: StandInBin;
const dirs: string[] = [];
const seen: { url: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    res.writeHead(req.url?.startsWith('/api/v1/things/') ? 404 : 200, {
      'Content-Type': 'application/json',
      'X-Powered-By': 'Express',
    });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bin = installStandIns({ script: true, docker: true });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  bin.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workspace(): { workDir: string; document: StagedDocument; mount: string } {
  const parent = mkdtempSync(join(tmpdir(), 'pc-zap-script-'));
  dirs.push(parent);
  const workDir = join(parent, 'wrk');
  mkdirSync(workDir);
  chmodSync(workDir, 0o777);
  const document = stageOpenApi(
    {
      document: {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        servers: [{ url: '/api/v1' }],
        paths: { '/things': { get: {} }, '/things/{id}': { get: {} } },
      },
    },
    `${origin}/api/v1`,
    { allowedHosts: [new URL(origin).host] },
    workDir,
  );
  const mount = join(parent, 'image-wrk');
  mkdirSync(mount);
  return { workDir, document, mount };
}

function options(
  over: Partial<ScriptScanOptions> & { mount: string },
  env: Record<string, string> = {},
): ScriptScanOptions {
  const { mount, ...rest } = over;
  return {
    runner: { kind: 'local', script: join(bin.dir, 'zap-api-scan.py') },
    workDir: '',
    document: undefined as unknown as StagedDocument,
    token: TOKEN,
    target: { apiBaseUrl: `${origin}/api/v1`, allowedHosts: [new URL(origin).host] },
    minutes: 2,
    timeoutMs: 60_000,
    // Inside the ZAP image /zap/wrk exists; here a folder plays it.
    env: { ...process.env, ZAP_STAND_IN_LOG: bin.log, IS_CONTAINERIZED: 'true', ZAP_STAND_IN_WRK: mount, ...env },
    ...rest,
  };
}

const lastStart = () =>
  bin
    .events()
    .filter((e) => e.event === 'start')
    .pop() as { argv: string[] };
const lastOptions = () =>
  bin
    .events()
    .filter((e) => e.event === 'options')
    .pop() as { silent: boolean; props: Record<string, string> };

describe('runScriptScan (local zap-api-scan.py)', () => {
  it("runs the script with ZAP's documented arguments and reads its -J report", async () => {
    const w = workspace();
    const r = await runScriptScan(options({ ...w, mount: w.mount }));
    expect(r.exitCode).toBe(2);
    expect(r.reportFile).toBe('report.json');
    expect(r.report.alerts.map((a) => a.pluginId).sort()).toEqual(['10021', '10037', '10049']);
    const argv = lastStart().argv;
    expect(argv).toEqual([
      '-t',
      w.document.file,
      '-f',
      'openapi',
      '-J',
      join(w.workDir, 'report.json'),
      '-x',
      join(w.workDir, 'report.xml'),
      '-T',
      '2',
      '-z',
      `-silent -configfile ${join(w.workDir, OPTIONS_FILE)}`,
    ]);
    expect(r.command.join(' ')).not.toContain(TOKEN);
    // The token reached ZAP in the options file, as a replacer rule for the API's origin only.
    const props = lastOptions().props;
    expect(props).toMatchObject({
      'replacer.full_list(0).matchtype': 'REQ_HEADER',
      'replacer.full_list(0).matchstr': 'Authorization',
      'replacer.full_list(0).replacement': `Bearer ${TOKEN}`,
      'scanner.maxScanDurationInMins': '2',
      'globalexcludeurl.url_list.url(0).enabled': 'true',
    });
    expect(new RegExp(props['replacer.full_list(0).url']!).test(`${origin}/api/v1/things`)).toBe(true);
    expect(new RegExp(props['replacer.full_list(0).url']!).test('https://evil.example/')).toBe(false);
    expect(lastOptions().silent).toBe(true);
    expect(seen.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('passes the rules file with -c; a FAIL rule makes ZAP exit 1', async () => {
    const w = workspace();
    const rules = join(w.workDir, 'rules.tsv');
    writeFileSync(rules, '10021\tFAIL\t(X-Content-Type-Options Header Missing)\n');
    const r = await runScriptScan(options({ ...w, mount: w.mount, rulesFile: rules }));
    expect(r.exitCode).toBe(1);
    expect(lastStart().argv).toContain('-c');
  });

  it.each([
    ['exit 3 (any other failure)', { ZAP_STAND_IN_EXIT: '3' }, /exited 3 \(ZAP: any other failure\)/],
    ['an exit code ZAP does not have', { ZAP_STAND_IN_EXIT: '7' }, /exited 7 \(not one of ZAP's exit codes\)/],
  ])('%s is an error', async (_what, env, message) => {
    const w = workspace();
    const err = await runScriptScan(options({ ...w, mount: w.mount }, env)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZapScriptError);
    expect((err as Error).message).toMatch(message);
  });

  it('the script refuses a missing /zap/wrk inside a container, as the real one does (exit 3)', async () => {
    const w = workspace();
    const err = await runScriptScan(options({ ...w, mount: join(w.mount, 'absent') })).catch((e: unknown) => e);
    expect((err as ZapScriptError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/directory '\/zap\/wrk' is not mounted/);
  });

  it('kills the process group past the timeout', async () => {
    const w = workspace();
    const err = await runScriptScan(
      options({ ...w, mount: w.mount, timeoutMs: 300 }, { ZAP_STAND_IN_SLEEP_MS: '30000' }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZapScriptError);
    expect((err as ZapScriptError).exitCode).toBeNull();
  });

  it("ends with the collector's signal", async () => {
    const w = workspace();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 200);
    const err = await runScriptScan(
      options({ ...w, mount: w.mount, signal: ac.signal }, { ZAP_STAND_IN_SLEEP_MS: '30000' }),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/was stopped/);
  });
});

describe('runScriptScan (container image through docker)', () => {
  it('runs the image with the work folder mounted at /zap/wrk and host networking; names relative to it', async () => {
    const w = workspace();
    const r = await runScriptScan(
      options(
        {
          ...w,
          mount: w.mount,
          runner: { kind: 'container', runtime: 'docker', executable: join(bin.dir, 'docker'), image: ZAP_IMAGE },
        },
        { IS_CONTAINERIZED: '', ZAP_STAND_IN_WRK: '' },
      ),
    );
    expect(r.exitCode).toBe(2);
    const container = bin
      .events()
      .filter((e) => e.event === 'container')
      .pop() as { image: string; mount: string; args: string[] };
    expect(container.image).toBe(ZAP_IMAGE);
    expect(container.mount).toBe(w.workDir);
    expect(container.args).toEqual([
      '-t',
      w.document.relative,
      '-f',
      'openapi',
      '-J',
      'report.json',
      '-x',
      'report.xml',
      '-T',
      '2',
      '-z',
      `-silent -configfile /zap/wrk/${OPTIONS_FILE}`,
    ]);
    const run = bin
      .events()
      .filter((e) => e.event === 'docker' && (e.argv as string[])[0] === 'run')
      .pop() as { argv: string[] };
    expect(run.argv.slice(0, 3)).toEqual(['run', '--rm', '--name']);
    expect(run.argv).toContain('--network');
    expect(run.argv.join(' ')).not.toContain(TOKEN);
  });

  it('stops the container by name when the signal aborts', async () => {
    const w = workspace();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 1500);
    const err = await runScriptScan(
      options(
        {
          ...w,
          mount: w.mount,
          signal: ac.signal,
          runner: { kind: 'container', runtime: 'docker', executable: join(bin.dir, 'docker'), image: ZAP_IMAGE },
        },
        { ZAP_STAND_IN_SLEEP_MS: '30000' },
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZapScriptError);
    const run = bin
      .events()
      .filter((e) => e.event === 'docker' && (e.argv as string[])[0] === 'run')
      .pop() as { argv: string[] };
    const name = run.argv[run.argv.indexOf('--name') + 1];
    await expect
      // expect.poll's default second is not enough on a busy machine (the stand-in docker is a child process).
      .poll(() => bin.events().some((e) => e.event === 'docker' && (e.argv as string[]).join(' ') === `kill ${name}`), {
        timeout: 30_000,
      })
      .toBe(true);
  });
});
