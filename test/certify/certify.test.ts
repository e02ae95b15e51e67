// certify, verify and keygen on a synthetic complete run: which runs are refused (and why, by code), the
// round trip, and every way a certificate or its files can stop matching. The real run of the reference is
// certified in test/e2e/certify-fixtures.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';
import { addMonths } from '../../certify/build.ts';
import { certificationProblems, type ProblemCode } from '../../certify/gate.ts';
import { verify } from '../../certify/index.ts';
import { loadPublicKeys, loadSigningKey } from '../../certify/keys.ts';
import type { Results } from '../../engine/types.ts';
import { CERTIFICATE_JWS_TYPE, validateCertificate, type Certificate } from '../../reports/certificate.ts';
import { validateResults } from '../../reports/schema.ts';
import { SCREENSHOT_PATH, SCREENSHOT_SHA, alterJws, completeResults, flipByte, writeRun } from './helpers.ts';

function captureIo(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { out: (l) => outLines.push(l), err: (l) => errLines.push(l), env: {}, isTty: false, outLines, errLines };
}

async function cli(args: string[], now?: Date) {
  const io = captureIo();
  const code = await main(args, io, now ? { now: () => now } : {});
  return { code, out: io.outLines, err: io.errLines };
}

const ISSUED = new Date('2026-03-03T10:00:00.000Z');

describe('certificationProblems', () => {
  const policy = {
    profileSuites: ['contract', 'security', 'load', 'portal'] as const,
    unprobedPlaces: 'report' as const,
  };

  it('finds nothing wrong with a complete run (not conformant is a verdict, not a gap)', () => {
    const r = completeResults();
    expect(validateResults(r).errors).toEqual([]);
    expect(certificationProblems(r, policy)).toEqual([]);
  });

  const CASES: Array<{ name: string; change: (r: Results) => void; codes: ProblemCode[]; incomplete?: boolean }> = [
    {
      name: 'a run stopped by its deadline',
      change: (r) => {
        r.run.stop = { kind: 'deadline', message: 'the run reached its deadline', at: r.run.finishedAt };
        r.verdict = { status: 'incomplete', conformant: false, exitCode: 5, reason: 'stopped' };
      },
      codes: ['run-stopped', 'verdict'],
    },
    {
      name: 'an incomplete verdict',
      change: (r) => {
        r.verdict = { status: 'incomplete', conformant: false, exitCode: 1, reason: 'a required check errored' };
      },
      codes: ['verdict'],
    },
    {
      name: 'a required check in error',
      change: (r) => {
        r.checks[0]!.required = true;
        r.checks[0]!.outcome = 'error';
      },
      codes: ['required-error'],
    },
    {
      name: 'an optional check in error is not a gap',
      change: (r) => {
        r.checks[0]!.required = false;
        r.checks[0]!.outcome = 'error';
      },
      codes: [],
    },
    {
      name: 'a collector that failed',
      change: (r) => {
        r.artifacts.push({ name: 'AuthzProbes', status: 'error', durationMs: 1, error: 'timeout' });
      },
      codes: ['artifact-error'],
    },
    {
      name: 'an error of the run',
      change: (r) => {
        r.errors.push({ code: 'evidence-capped', message: '3 evidence items were not kept' });
      },
      codes: ['run-error'],
    },
    {
      name: 'the history store not taking the run (bookkeeping, not the member)',
      change: (r) => {
        r.errors.push({ code: 'history-not-recorded', message: 'history store refused: connect ECONNREFUSED' });
      },
      codes: [],
    },
    {
      name: 'a run of some suites only',
      change: (r) => {
        r.run.suites = ['contract', 'security'];
      },
      codes: ['suites'],
    },
    {
      name: 'a run of some checks only',
      change: (r) => {
        r.run.options.checks = ['cors-policy'];
      },
      codes: ['checks-selected'],
    },
    {
      name: 'a run of another OpenAPI document',
      change: (r) => {
        r.run.options.openapi = 'dcsa.yaml';
      },
      codes: ['other-standard'],
    },
    {
      name: 'a place not probed because a precondition failed',
      change: (r) => {
        r.requirements[0]!.places = {
          planned: [{ id: 'createPortCall /ship/imoNumber', kind: 'identifier-field' }],
          probed: [],
          notProbed: [{ id: 'createPortCall /ship/imoNumber', why: 'precondition-failed' }],
        };
      },
      codes: ['unprobed-places'],
    },
    {
      name: 'a place left out by the budget, under coverage.unprobedPlaces: report',
      change: () => undefined,
      codes: [],
    },
    {
      name: 'a place left out by the budget, under coverage.unprobedPlaces: incomplete',
      change: () => undefined,
      codes: ['unprobed-places'],
      incomplete: true,
    },
    {
      name: 'a required check the harness declined to judge, under coverage.unprobedPlaces: report',
      change: (r) => {
        const c = r.checks.find((x) => x.required)!;
        c.outcome = 'needs-review';
      },
      codes: [],
    },
    {
      name: 'a required check the harness declined to judge, under coverage.unprobedPlaces: incomplete',
      change: (r) => {
        for (const q of r.requirements)
          if (q.places) q.places.notProbed = q.places.notProbed.map((n) => ({ ...n, why: 'not-exposed' }));
        r.checks.find((x) => x.required)!.outcome = 'needs-review';
      },
      codes: ['needs-review'],
      incomplete: true,
    },
    {
      name: 'places that do not apply to the member, under incomplete',
      change: (r) => {
        for (const q of r.requirements)
          if (q.places) q.places.notProbed = q.places.notProbed.map((n) => ({ ...n, why: 'not-exposed' }));
      },
      codes: [],
      incomplete: true,
    },
  ];

  it.each(CASES)('$name → $codes', ({ change, codes, incomplete }) => {
    const r = completeResults();
    change(r);
    const found = certificationProblems(r, { ...policy, unprobedPlaces: incomplete ? 'incomplete' : 'report' });
    expect(found.map((p) => p.code)).toEqual(codes);
  });
});

describe('port-conformance certify refuses what it cannot certify (exit 2, one line)', () => {
  const CASES: Array<{ name: string; write: (resultsPath: string) => void; code: string }> = [
    {
      name: 'a stopped run',
      write: (p) => {
        const r = completeResults();
        r.run.stop = { kind: 'interrupted', message: 'the run was interrupted (SIGINT)', at: r.run.finishedAt };
        r.verdict = { status: 'incomplete', conformant: false, exitCode: 130, reason: 'interrupted' };
        writeFileSync(p, JSON.stringify(r));
      },
      code: 'run-stopped',
    },
    {
      name: 'a required check in error',
      write: (p) => {
        const r = completeResults();
        const c = r.checks.find((x) => x.required)!;
        c.outcome = 'error';
        writeFileSync(p, JSON.stringify(r));
      },
      code: 'required-error',
    },
    {
      name: 'results that do not match the schema',
      write: (p) => {
        const r = completeResults() as Partial<Results>;
        delete r.verdict;
        writeFileSync(p, JSON.stringify(r));
      },
      code: 'invalid-results',
    },
    {
      name: 'results that are not JSON',
      write: (p) => writeFileSync(p, '{"schemaVersion": '),
      code: 'invalid-results',
    },
    {
      name: 'an evidence file altered since the run',
      write: (p) => {
        writeFileSync(p, JSON.stringify(completeResults()));
        flipByte(join(p, '..', SCREENSHOT_PATH));
      },
      code: 'evidence-altered',
    },
    {
      name: 'an evidence file missing',
      write: (p) => {
        writeFileSync(p, JSON.stringify(completeResults()));
        rmSync(join(p, '..', SCREENSHOT_PATH));
      },
      code: 'evidence-missing',
    },
  ];

  it.each(CASES)('$name → $code', async ({ write, code }) => {
    const run = await writeRun();
    write(run.resultsPath);
    const r = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`certify refused (${code})`);
    expect(existsSync(join(run.dir, 'certificate.jws'))).toBe(false);
  });

  it('a profile that is not built in needs --profile; a wrong --profile is refused', async () => {
    const r = completeResults();
    r.run.profile = { id: 'psw-v1-custom', title: 'custom', version: '1.0.0' };
    const run = await writeRun(r);
    const unknown = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey]);
    expect([unknown.code, unknown.err.length]).toEqual([2, 1]);
    const wrong = await cli([
      'certify',
      '--from',
      run.resultsPath,
      '--key',
      run.keys.privateKey,
      '--profile',
      'default',
    ]);
    expect([wrong.code, wrong.err.length]).toEqual([2, 1]);
  });

  it('a clock set before the run ended is refused', async () => {
    const run = await writeRun();
    const early = new Date(Date.parse(completeResults().run.finishedAt) - 1);
    const r = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey], early);
    expect([r.code, r.err.length]).toEqual([2, 1]);
    expect(r.err[0]).toContain('certify refused (clock)');
  });

  it('a member nobody names needs --member', async () => {
    const r = completeResults();
    delete r.target.name;
    const run = await writeRun(r);
    const without = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey]);
    expect([without.code, without.err.length]).toEqual([2, 1]);
    const named = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey, '--member', 'Port X']);
    expect(named.code).toBe(0);
  });
});

describe('certify → verify', () => {
  async function certified(now = ISSUED) {
    const run = await writeRun();
    const r = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey], now);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const jwsPath = join(run.dir, 'certificate.jws');
    return { ...run, jwsPath, jws: readFileSync(jwsPath, 'utf8').trim() };
  }

  it('writes a JWS whose header and payload say what the brief asks', async () => {
    const run = await certified();
    const header = decodeProtectedHeader(run.jws);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: CERTIFICATE_JWS_TYPE, kid: run.keys.kid });
    const payload = decodeJwt(run.jws) as unknown as Certificate;
    expect(validateCertificate(payload).errors).toEqual([]);
    const results = completeResults();
    expect(payload).toMatchObject({
      member: { name: results.target.name, source: 'target' },
      target: {
        api: { url: results.target.apiBaseUrl, origin: 'https://psw.example-port.test' },
        tokenEndpoint: { origin: 'https://psw.example-port.test' },
        portal: { origin: 'https://portal.example-port.test' },
      },
      profile: { id: 'psw-v1-default', version: '1.0.0', validityMonths: 12, unprobedPlaces: 'report' },
      harness: results.tool,
      issuedAt: ISSUED.toISOString(),
      validFrom: ISSUED.toISOString(),
      validUntil: '2027-03-03T10:00:00.000Z',
      signer: { keyThumbprint: run.keys.kid, alg: 'EdDSA' },
      verdict: { status: 'not-conformant' },
    });
    expect(payload.verdict.areas.security.status).toBe('not-conformant');
    expect(payload.verdict.areas.security.blocking).toEqual(
      results.checks.filter((c) => c.area === 'security' && results.summary.blocking.includes(c.id)).map((c) => c.id),
    );
    expect(payload.requirements.map((q) => [q.id, q.status])).toEqual(
      results.requirements.map((q) => [q.id, q.status]),
    );
    expect(payload.waivers.map((w) => w.check)).toEqual(results.checks.filter((c) => c.waiver).map((c) => c.id));
    expect(payload.waivers.length).toBeGreaterThan(0);
    expect(payload.files.map((f) => [f.path, f.role])).toEqual([
      ['results.json', 'results'],
      [SCREENSHOT_PATH, 'evidence'],
    ]);
    expect(payload.files[1]!.sha256).toBe(SCREENSHOT_SHA);
    expect(existsSync(join(run.dir, 'certificate.html'))).toBe(true);
  });

  it('verifies: signature, validity and every file (exit 0)', async () => {
    const run = await certified();
    const during = new Date('2026-09-01T00:00:00Z');
    for (const key of [run.keys.publicKey, run.keys.jwks]) {
      const r = await cli(['verify', run.jwsPath, '--key', key, '--evidence', run.dir], during);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
    }
    const outcome = await verify({ certificate: run.jwsPath, evidence: run.dir, now: during });
    expect(outcome).toMatchObject({ ok: true, keySource: 'embedded', filesChecked: 2 });
  });

  const BROKEN: Array<{
    name: string;
    breakIt: (run: Awaited<ReturnType<typeof certified>>) => void;
    code: string;
    subject: (run: Awaited<ReturnType<typeof certified>>) => string;
  }> = [
    {
      name: 'one byte of the certificate',
      breakIt: (r) => alterJws(r.jwsPath, 'payload'),
      code: 'signature',
      subject: () => 'certificate.jws',
    },
    {
      name: 'one bit of the certificate header ("alg" no longer says the algorithm)',
      breakIt: (r) => flipByte(r.jwsPath, 3),
      code: 'header',
      subject: () => 'certificate.jws',
    },
    {
      name: 'one bit of the signature',
      breakIt: (r) => alterJws(r.jwsPath, 'signature'),
      code: 'signature',
      subject: () => 'certificate.jws',
    },
    {
      name: 'one byte of results.json',
      breakIt: (r) => flipByte(r.resultsPath),
      code: 'file-mismatch',
      subject: () => 'results.json',
    },
    {
      name: 'one byte of the screenshot',
      breakIt: (r) => flipByte(join(r.dir, SCREENSHOT_PATH)),
      code: 'file-mismatch',
      subject: () => SCREENSHOT_PATH,
    },
    {
      name: 'the screenshot missing',
      breakIt: (r) => rmSync(join(r.dir, SCREENSHOT_PATH)),
      code: 'file-missing',
      subject: () => SCREENSHOT_PATH,
    },
  ];

  it.each(BROKEN)('fails on $name (exit 1, naming it)', async ({ breakIt, code, subject }) => {
    const run = await certified();
    breakIt(run);
    const r = await cli(['verify', run.jwsPath, '--key', run.keys.publicKey, '--evidence', run.dir], ISSUED);
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`(${code})`);
    expect(r.err[0]).toContain(subject(run));
    const outcome = await verify({ certificate: run.jwsPath, key: run.keys.publicKey, evidence: run.dir, now: ISSUED });
    expect(outcome).toMatchObject({ ok: false, code, subject: subject(run) });
  });

  it('--out puts the certificate elsewhere; --evidence still points at the run', async () => {
    const run = await writeRun();
    const out = join(run.dir, '..', 'certs', 'new');
    const r = await cli(['certify', '--from', run.resultsPath, '--key', run.keys.privateKey, '--out', out], ISSUED);
    expect(r.code).toBe(0);
    expect(existsSync(join(run.dir, 'certificate.jws'))).toBe(false);
    const v = await cli(['verify', join(out, 'certificate.jws'), '--evidence', run.dir], ISSUED);
    expect(v.code).toBe(0);
  });

  it('fails once the validity has passed, and before it starts', async () => {
    const run = await certified();
    const until = addMonths(ISSUED, 12);
    const last = new Date(until.getTime() - 1);
    expect((await cli(['verify', run.jwsPath, '--evidence', run.dir], last)).code).toBe(0);
    for (const [now, code] of [
      [until, 'expired'],
      [new Date('2031-01-01T00:00:00Z'), 'expired'],
      [new Date(ISSUED.getTime() - 1), 'not-yet-valid'],
    ] as const) {
      const outcome = await verify({ certificate: run.jwsPath, now });
      expect(outcome).toMatchObject({ ok: false, code });
      expect((await cli(['verify', run.jwsPath], now)).code).toBe(1);
    }
  });

  it('fails against another key, and a certificate re-signed by another key under the same kid', async () => {
    const run = await certified();
    const other = await writeRun();
    const r = await cli(['verify', run.jwsPath, '--key', other.keys.publicKey], ISSUED);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('(key-mismatch)');
    // Forge: the payload as it is, signed by another key, claiming the first key's kid and jwk.
    const { CompactSign } = await import('jose');
    const otherKey = await loadSigningKey(other.keys.privateKey);
    const genuine = (await loadPublicKeys(run.keys.publicKey))[0]!;
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(decodeJwt(run.jws))))
      .setProtectedHeader({ alg: 'EdDSA', typ: CERTIFICATE_JWS_TYPE, kid: genuine.kid, jwk: genuine.jwk })
      .sign(otherKey.privateKey);
    writeFileSync(run.jwsPath, forged);
    for (const args of [[], ['--key', run.keys.publicKey]]) {
      const f = await cli(['verify', run.jwsPath, ...args], ISSUED);
      expect(f.code).toBe(1);
      expect(f.err[0]).toContain('(signature)');
    }
  });

  it('usage errors are exit 2: no such certificate, no such key, a private key as --key, no such folder', async () => {
    const run = await certified();
    const cases = [
      ['verify', join(run.dir, 'nope.jws')],
      ['verify', run.jwsPath, '--key', join(run.dir, 'nope.pem')],
      ['verify', run.jwsPath, '--key', run.keys.privateKey],
      ['verify', run.jwsPath, '--evidence', join(run.dir, 'nope')],
      ['certify', '--from', run.resultsPath, '--key', run.keys.publicKey],
      ['certify', '--from', run.resultsPath],
    ];
    for (const args of cases) {
      const r = await cli(args, ISSUED);
      expect([args.join(' '), r.code, r.err.length]).toEqual([args.join(' '), 2, 1]);
    }
  });
});

describe('port-conformance keygen', () => {
  it('writes the private key 0600 (folder 0700), the public key as SPKI PEM and JWKS, and never prints it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pc-keys-')), 'keys');
    const r = await cli(['keygen', '--out', dir]);
    expect(r.code).toBe(0);
    const priv = join(dir, 'certificate-signing-key.pem');
    const pub = join(dir, 'certificate-signing-key.pub.pem');
    const jwks = join(dir, 'certificate-signing-key.jwks.json');
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(priv, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(pub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const signing = await loadSigningKey(priv);
    const fromPem = await loadPublicKeys(pub);
    const fromJwks = await loadPublicKeys(jwks);
    expect(fromPem.map((k) => k.kid)).toEqual([signing.kid]);
    expect(fromJwks.map((k) => k.kid)).toEqual([signing.kid]);
    const set = JSON.parse(readFileSync(jwks, 'utf8')) as { keys: Array<Record<string, string>> };
    expect(set.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: signing.kid, alg: 'EdDSA', use: 'sig' });
    expect(set.keys[0]).not.toHaveProperty('d');
    // The secret, in any encoding it could leak in, appears in no output.
    const secretPem = readFileSync(priv, 'utf8');
    const secretBody = secretPem.replace(/-----[A-Z ]+-----|\s/g, '');
    const d = signing.privateKey.export({ format: 'jwk' }).d!;
    const printed = [...r.out, ...r.err].join('\n');
    for (const secret of [secretBody, d]) expect(printed).not.toContain(secret);
    expect(printed).toContain(signing.kid);
    // Nor does a certificate, its page, or certify's output.
    const run = await writeRun();
    const c = await cli(['certify', '--from', run.resultsPath, '--key', priv]);
    expect(c.code).toBe(0);
    const cPrinted = [...c.out, ...c.err].join('\n');
    const written = ['certificate.jws', 'certificate.html', 'results.json'].map((f) =>
      readFileSync(join(run.dir, f), 'utf8'),
    );
    for (const text of [cPrinted, ...written, Buffer.from(written[0]!.split('.')[1]!, 'base64url').toString()])
      for (const secret of [secretBody, d]) expect(text).not.toContain(secret);
  });

  it('never overwrites a key (exit 2)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pc-keys-')), 'keys');
    expect((await cli(['keygen', '--out', dir])).code).toBe(0);
    const before = readFileSync(join(dir, 'certificate-signing-key.pem'), 'utf8');
    const again = await cli(['keygen', '--out', dir]);
    expect([again.code, again.err.length]).toEqual([2, 1]);
    expect(readFileSync(join(dir, 'certificate-signing-key.pem'), 'utf8')).toBe(before);
  });
});
