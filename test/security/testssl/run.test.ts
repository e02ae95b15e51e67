import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScopeError } from '../../../engine/errors.ts';
import { findTestssl, flagsFor, runTestssl, splitHostPort, TestsslError } from '../../../security/testssl/run.ts';
import { TESTSSL_CHECKS } from '../../../security/testssl/findings.ts';

describe('runTestssl scope and arguments', () => {
  it.each([
    ['example.org:443', []],
    ['10.0.0.5:443', ['10.0.0.6']],
    ['psw.example:443', ['psw.example:8443']],
  ])('refuses %s (allowed: %j) before running anything', async (hp, allowed) => {
    await expect(runTestssl(hp, { allowedHosts: allowed, binary: '/nonexistent/testssl' })).rejects.toBeInstanceOf(
      ScopeError,
    );
  });

  it('an allowed host passes the scope check (and then needs the binary)', async () => {
    await expect(
      runTestssl('psw.example:8443', { allowedHosts: ['psw.example:8443'], binary: '/nonexistent/testssl' }),
    ).rejects.toThrow(/cannot run/);
  });

  it.each([
    ['127.0.0.1:443', { host: '127.0.0.1', port: 443 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ])('splitHostPort(%s)', (hp, expected) => {
    expect(splitHostPort(hp)).toEqual(expected);
  });

  it.each(['127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '::1:443', ''])('splitHostPort rejects %j', (hp) => {
    expect(() => splitHostPort(hp)).toThrow(TestsslError);
  });

  it('findTestssl returns null on an empty PATH', () => {
    expect(findTestssl('')).toBeNull();
  });

  it.each([
    [[...TESTSSL_CHECKS], undefined, ['-p', '-E', '-S', '-f', '-h', '-U']],
    [['server-defaults'], undefined, ['-S']],
    [
      ['protocols', 'vulnerabilities'],
      ['beast', 'lucky13'],
      ['-p', '-A', '-L'],
    ],
    // Both renegotiation rows come from -R: asked once.
    [['vulnerabilities'], ['secure-renegotiation', 'client-renegotiation', 'breach'], ['-R', '-B']],
  ] as const)('flagsFor(%j, %j) → %j', (checks, vulnerabilities, flags) => {
    expect(flagsFor(checks, vulnerabilities)).toEqual(flags);
  });
});

describe('runTestssl process handling (stand-in scripts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-testssl-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it("writes the target's CAs to a file for --add-ca, and runs in UTC", async () => {
    const seen = join(dir, 'seen.txt');
    const fake = script(
      'records-ca',
      `ca=""; out=""; while [ $# -gt 0 ]; do case "$1" in --add-ca) ca="$2";; --jsonfile) out="$2";; esac; shift; done; ` +
        `{ cat "$ca"; echo "TZ=$TZ"; } > ${seen}; printf '[]' > "$out"`,
    );
    const run = await runTestssl('127.0.0.1:4433', {
      binary: fake,
      timeoutMs: 10_000,
      checks: ['server-defaults'],
      caPems: [
        '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----',
        '-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----',
      ],
    });
    expect(readFileSync(seen, 'utf8')).toBe(
      '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----TZ=UTC\n',
    );
    expect(run.report).toMatchObject({ checks: ['server-defaults'], certificate: null, vulnerabilities: [] });
    expect(run.command).toContain('-S');
  });

  it('reads the JSON file named by --jsonfile', async () => {
    const rows = JSON.stringify([
      { id: 'TLS1', ip: '127.0.0.1/127.0.0.1', port: '4433', severity: 'LOW', finding: 'offered (deprecated)' },
    ]);
    const fake = script(
      'writes-json',
      `while [ "$1" != "--jsonfile" ]; do shift; done; printf '%s' '${rows}' > "$2"; exit 0`,
    );
    const run = await runTestssl('127.0.0.1:4433', { binary: fake, timeoutMs: 10_000 });
    expect(run.exitCode).toBe(0);
    expect(run.scan.protocols).toEqual([{ version: 'TLSv1', status: 'accepted' }]);
  });

  it('kills the process group past the timeout', async () => {
    const fake = script('hangs', 'sleep 30 & wait');
    await expect(runTestssl('127.0.0.1:4433', { binary: fake, timeoutMs: 300 })).rejects.toThrow(
      /timed out after 300 ms/,
    );
  });

  it('an abort signal ends the run', async () => {
    const fake = script('hangs-too', 'sleep 30 & wait');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(runTestssl('127.0.0.1:4433', { binary: fake, timeoutMs: 10_000, signal: ac.signal })).rejects.toThrow(
      /aborted/,
    );
  });

  it('no JSON written: a clear error with the last output line', async () => {
    const fake = script('no-json', 'echo "Fatal error: something broke"; exit 249');
    await expect(runTestssl('127.0.0.1:4433', { binary: fake, timeoutMs: 10_000 })).rejects.toThrow(
      /wrote no JSON \(exit 249\): Fatal error: something broke/,
    );
  });
});

// The real testssl.sh run of this module (tls-1-0: protocols and ciphers read into a TlsScan) is the
// tls-1-0 row of test/suites/security/tls/testssl-fixtures.test.ts, which already scans that server.
