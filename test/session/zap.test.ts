// The run's ZAP settings are checked before anything is sent: flags and environment (cli/run.ts), the rules
// file (flag, else the member config's zapRules, relative to it), the daemon URL, the scan's cap.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { zapFromFlags } from '../../cli/run.ts';
import { createProgressDisplay, scanLine } from '../../cli/progress.ts';
import type { ProgressEvent } from '../../session/progress.ts';
import { validateMemberSettings } from '../../engine/config.ts';
import { UsageError } from '../../engine/errors.ts';
import { resolveZapEngine } from '../../session/zap.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-zap-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'good.tsv'), '10021\tFAIL\t(X-Content-Type-Options Header Missing)\n');
writeFileSync(join(dir, 'bad.tsv'), '10021 FAIL (spaces, not tabs)\n');

describe('zapFromFlags', () => {
  it.each([
    ['defaults', {}, {}, { mode: 'auto' }],
    [
      'the daemon and key from the environment',
      {},
      { ZAP_API_URL: 'http://127.0.0.1:8080', ZAP_API_KEY: 'k' },
      { mode: 'auto', apiUrl: 'http://127.0.0.1:8080', apiKey: 'k' },
    ],
    [
      '--zap-api over the environment',
      { zap: 'daemon', zapApi: 'http://127.0.0.1:9090' },
      { ZAP_API_URL: 'http://127.0.0.1:8080' },
      { mode: 'daemon', apiUrl: 'http://127.0.0.1:9090' },
    ],
    ['--zap-minutes', { zap: 'script', zapMinutes: '5' }, {}, { mode: 'script', minutes: 5 }],
  ])('%s', (_what, flags, env, expected) => {
    expect(zapFromFlags(flags, env)).toEqual(expected);
  });

  it.each([
    [{ zap: 'sometimes' }, /--zap must be one of auto, script, daemon, off/],
    [{ zapMinutes: 'ten' }, /--zap-minutes must be a whole number of minutes/],
  ])('%j is a usage error', (flags, message) => {
    expect(() => zapFromFlags(flags, {})).toThrow(UsageError);
    expect(() => zapFromFlags(flags, {})).toThrow(message);
  });
});

describe('resolveZapEngine', () => {
  it("takes the config's zapRules relative to the config file; the flag wins", () => {
    expect(resolveZapEngine({ mode: 'auto' }, { zapRules: 'good.tsv', baseDir: dir }).rulesFile).toBe(
      join(dir, 'good.tsv'),
    );
    expect(
      resolveZapEngine({ mode: 'auto', rulesFile: join(dir, 'good.tsv') }, { zapRules: 'missing.tsv', baseDir: dir })
        .rulesFile,
    ).toBe(join(dir, 'good.tsv'));
  });

  it.each([
    ['an unreadable rules file', { mode: 'auto', rulesFile: join(dir, 'missing.tsv') }, /--zap-rules: cannot read/],
    [
      'a rules file ZAP would refuse',
      { mode: 'auto', rulesFile: join(dir, 'bad.tsv') },
      /--zap-rules: .*bad.tsv line 1: expected at least 3 tab-separated fields/,
    ],
    ['--zap daemon without a URL', { mode: 'daemon' }, /--zap daemon needs --zap-api URL \(or ZAP_API_URL\)/],
    [
      'a daemon URL that is not http(s)',
      { mode: 'auto', apiUrl: 'ftp://zap' },
      /--zap-api: "ftp:\/\/zap" is not an http\(s\) URL/,
    ],
    [
      'minutes out of range',
      { mode: 'auto', minutes: 0 },
      /--zap-minutes must be a whole number of minutes from 1 to 600/,
    ],
  ] as const)('refuses %s', (_what, zap, message) => {
    expect(() => resolveZapEngine({ ...zap })).toThrow(UsageError);
    expect(() => resolveZapEngine({ ...zap })).toThrow(message);
  });

  it('a member config must give zapRules as a path', () => {
    expect(() =>
      validateMemberSettings({ api: 'https://psw.example/api/v1', zapRules: 3 }, { where: 'config m.yaml' }),
    ).toThrow(/"zapRules" must be the path of a ZAP rules file/);
    expect(
      validateMemberSettings({ api: 'https://psw.example/api/v1', zapRules: 'z.tsv' }, { where: 'm' }).zapRules,
    ).toBe('z.tsv');
  });
});

describe('scanLine (the progress display)', () => {
  it.each([
    [
      { engine: 'zap', phase: 'active scan', percent: 42, elapsedS: 35 },
      true,
      'zap active scan [########............]  42% (35 s)',
    ],
    [{ engine: 'zap', phase: 'active scan', percent: 100, elapsedS: 80 }, false, 'zap active scan 100% (80 s)'],
    [{ engine: 'zap', phase: 'zap-api-scan.py', elapsedS: 12.4 }, true, 'zap zap-api-scan.py: running (12 s)'],
  ])('%j', (p, bar, line) => {
    expect(scanLine(p, bar)).toBe(line);
  });
});

describe('port-conformance run with ZAP flags', () => {
  it('--zap daemon without a URL: exit 2, one line, nothing started', async () => {
    const lines: string[] = [];
    const code = await main(['run', '--zap', 'daemon', '--out', join(dir, 'out')], {
      out: () => undefined,
      err: (l) => lines.push(l),
      env: {},
      isTty: false,
    });
    expect(code).toBe(2);
    expect(lines[0]).toBe('error: --zap daemon needs --zap-api URL (or ZAP_API_URL)');
  });
});

describe('the progress display with a ZAP scan', () => {
  const EVENTS: ProgressEvent[] = [
    {
      type: 'run-started',
      target: 't',
      profile: 'p',
      collectors: ['ZapScan'],
      checksByArea: { security: 1 },
      checks: 1,
    },
    { type: 'collector-started', collector: 'ZapScan' },
    { type: 'scan-progress', engine: 'zap', phase: 'active scan', percent: 0, elapsedS: 1 },
    { type: 'scan-progress', engine: 'zap', phase: 'active scan', percent: 50, elapsedS: 3 },
    { type: 'scan-progress', engine: 'zap', phase: 'active scan', percent: 100, elapsedS: 20 },
    { type: 'collector-finished', collector: 'ZapScan', status: 'ok', durationMs: 21_000 },
  ];

  function replay(mode: 'live' | 'plain'): string[] {
    const out: string[] = [];
    let t = 0;
    const display = createProgressDisplay(
      mode,
      { out: (l) => out.push(l), err: () => undefined },
      { color: false, now: () => t },
    );
    for (const e of EVENTS) {
      t += 1000;
      display.onProgress(e);
    }
    display.stop();
    return out;
  }

  it('live: a progress bar while ZapScan runs', () => {
    expect(replay('live').some((l) => l.includes('zap active scan [##########..........]  50% (3 s)'))).toBe(true);
  });

  it('plain: a line now and then, and one at 100 %, without a bar', () => {
    const lines = replay('plain').filter((l) => l.includes('zap active scan'));
    expect(lines.map((l) => l.replace(/^\[\s*[\d.]+s\] /, ''))).toEqual([
      'zap active scan   0% (1 s)',
      'zap active scan 100% (20 s)',
    ]);
  });
});
