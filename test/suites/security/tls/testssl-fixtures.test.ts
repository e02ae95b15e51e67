// --tls-engine testssl on every weak TLS fixture, with the real testssl.sh: Node's prober and a testssl.sh
// run of only the sections that fixture's defect needs (-S for certificates, -p -E for protocols and suites,
// -f, single vulnerability flags), then every TLS check but hsts-header (the reference's full run covers it:
// collector-testssl.test.ts). Each defect is reported through testssl's findings (data.engine names
// testssl), except the intermediate-certificate ones: testssl.sh 3.0 judges the leaf only, so those stay
// Node's. Every item both engines judge agrees. At most two testssl.sh runs at a time, each bounded.
// The tls-1-0 row also holds runTestssl's own reading of a real run (protocols, suites, command line).
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckProduct } from '../../../../engine/check.ts';
import {
  startWeakTlsServer,
  WEAK_TLS_KINDS,
  type WeakTlsKind,
  type WeakTlsServer,
} from '../../../../fixtures/tls/weak-servers.ts';
import type { TestsslCheck, VulnerabilityId } from '../../../../security/testssl/findings.ts';
import { findTestssl, runTestssl, type TestsslRun } from '../../../../security/testssl/run.ts';
import { probeTls } from '../../../../security/tls/probe.ts';
import hstsHeader from '../../../../suites/security/hsts-header.ts';
import { tlsChecks } from '../../../../suites/security/tls-checks.ts';
import { runCheck } from '../../../security/helpers.ts';
import { ORIGIN_PLAN } from './synthetic.ts';
import { TESTSSL_SKIP_NOTE as SKIP_NOTE } from '../../../security/helpers.ts';

const binary = findTestssl();
const TESTSSL_TIMEOUT_MS = 150_000;
const SLOTS = 2;

/** At most SLOTS testssl.sh runs at once (each forks openssl hundreds of times). */
let free = SLOTS;
const waiting: Array<() => void> = [];
async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  else free--;
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else free++;
  }
}

const CERT: TestsslCheck[] = ['server-defaults'];
const SUITES: TestsslCheck[] = ['ciphers', 'vulnerabilities'];

/** The finding (id and who saw it) each check must report; checks not named pass. */
type Seen = Record<string, Array<[string, 'node' | 'testssl' | 'node+testssl']>>;

interface Row {
  kind: WeakTlsKind;
  checks: TestsslCheck[];
  vulnerabilities?: VulnerabilityId[];
  seen: Seen;
  /** What runTestssl itself must have read from this run (security/testssl/run.ts). */
  run?: (run: TestsslRun, server: WeakTlsServer) => void;
}

const rows: Row[] = [
  {
    kind: 'tls-1-0',
    checks: ['protocols', ...SUITES],
    vulnerabilities: ['beast', 'lucky13'],
    // runTestssl's reading of a real run: protocols and per-protocol suites into a TlsScan, the command line.
    run: (run, server) => {
      const status = Object.fromEntries(run.scan.protocols.map((p) => [p.version, p.status]));
      expect(status).toMatchObject({
        SSLv2: 'rejected',
        SSLv3: 'rejected',
        TLSv1: 'accepted',
        'TLSv1.1': 'accepted',
        'TLSv1.2': 'accepted',
      });
      expect(run.scan.cipherSuites.some((s) => s.version === 'TLSv1' && s.category === 'cbc')).toBe(true);
      expect(run.scan).toMatchObject({ source: 'testssl', host: '127.0.0.1', port: server.port, reachable: true });
      expect(run.command).toEqual(expect.arrayContaining(['--jsonfile', '--quiet', '-p', '-E', '-A', '-L']));
      expect(run.findings.length).toBeGreaterThan(6);
      expect(run.report.protocols).toEqual(run.scan.protocols);
      expect(run.report.checks).toEqual(['protocols', ...SUITES]);
    },
    seen: {
      'tls-protocol-versions': [
        ['legacy-version-accepted', 'node+testssl'],
        ['legacy-version-accepted', 'node+testssl'],
      ],
      'tls-cipher-suites': [
        ['cbc-suite', 'node+testssl'],
        ['cbc-suite', 'node+testssl'],
      ],
      'tls-known-vulnerabilities': [
        ['beast', 'node+testssl'],
        ['lucky13', 'node+testssl'],
      ],
    },
  },
  {
    kind: 'tls-1-1',
    checks: ['protocols', ...SUITES],
    vulnerabilities: ['beast', 'lucky13'],
    seen: {
      'tls-protocol-versions': [['legacy-version-accepted', 'node+testssl']],
      'tls-cipher-suites': [
        ['cbc-suite', 'node+testssl'],
        ['cbc-suite', 'node+testssl'],
      ],
      'tls-known-vulnerabilities': [['lucky13', 'node+testssl']],
    },
  },
  {
    kind: 'weak-ciphers',
    checks: SUITES,
    vulnerabilities: ['lucky13', 'sweet32'],
    seen: {
      'tls-cipher-suites': [
        ['no-forward-secrecy', 'node+testssl'],
        ['no-forward-secrecy', 'node+testssl'],
        ['no-forward-secrecy', 'node+testssl'],
        ['cbc-suite', 'node+testssl'],
      ],
      'tls-known-vulnerabilities': [['lucky13', 'node+testssl']],
    },
  },
  {
    kind: 'cbc-sha384',
    checks: SUITES,
    vulnerabilities: ['lucky13'],
    seen: {
      'tls-cipher-suites': [['cbc-suite', 'node+testssl']],
      'tls-known-vulnerabilities': [['lucky13', 'node+testssl']],
    },
  },
  {
    kind: 'no-forward-secrecy',
    checks: ['ciphers', 'forward-secrecy'],
    seen: {
      'tls-cipher-suites': [
        ['no-forward-secrecy', 'node+testssl'],
        ['no-forward-secrecy', 'node+testssl'],
        ['forward-secrecy-not-offered', 'node+testssl'],
      ],
    },
  },
  { kind: 'rsa-1024', checks: CERT, seen: { 'tls-key-strength': [['weak-rsa-key', 'node+testssl']] } },
  { kind: 'rsa-1024-intermediate', checks: CERT, seen: { 'tls-key-strength': [['weak-rsa-key', 'node']] } },
  { kind: 'expired', checks: CERT, seen: { 'tls-certificate-expiry': [['expired', 'node+testssl']] } },
  { kind: 'expiring-soon', checks: CERT, seen: { 'tls-certificate-expiry': [['expires-soon', 'node+testssl']] } },
  {
    kind: 'intermediate-expiring-soon',
    checks: CERT,
    seen: { 'tls-certificate-expiry': [['expires-soon', 'node']] },
  },
  { kind: 'self-signed', checks: CERT, seen: { 'tls-certificate-trust': [['self-signed', 'node+testssl']] } },
  { kind: 'wrong-host', checks: CERT, seen: { 'tls-certificate-trust': [['hostname-mismatch', 'node+testssl']] } },
  {
    kind: 'missing-intermediate',
    checks: CERT,
    seen: { 'tls-certificate-trust': [['untrusted-chain', 'node+testssl']] },
  },
  {
    kind: 'lifetime-399-days',
    checks: CERT,
    seen: { 'tls-certificate-lifetime': [['lifetime-too-long', 'node+testssl']] },
  },
  { kind: 'sha1-leaf', checks: CERT, seen: { 'tls-certificate-signature': [['weak-signature', 'node+testssl']] } },
  { kind: 'sha1-intermediate', checks: CERT, seen: { 'tls-certificate-signature': [['weak-signature', 'node']] } },
  { kind: 'md5-leaf', checks: CERT, seen: { 'tls-certificate-signature': [['weak-signature', 'node+testssl']] } },
  {
    kind: 'client-renegotiation',
    checks: ['vulnerabilities'],
    vulnerabilities: ['client-renegotiation'],
    seen: { 'tls-known-vulnerabilities': [['client-renegotiation', 'testssl']] },
  },
  {
    kind: 'http-compression',
    checks: ['vulnerabilities'],
    vulnerabilities: ['breach'],
    seen: { 'tls-known-vulnerabilities': [['breach', 'testssl']] },
  },
];

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

describe.skipIf(!binary)(`--tls-engine testssl on the weak TLS fixtures (real testssl.sh; ${SKIP_NOTE})`, () => {
  it('covers every weak fixture', () => {
    expect(rows.map((r) => r.kind).sort()).toEqual([...WEAK_TLS_KINDS].sort());
  });

  it.concurrent.each(rows)(
    '$kind',
    async ({ kind, checks, vulnerabilities, seen, run: expectRun }) => {
      const server = await startWeakTlsServer(kind);
      closers.push(() => server.close());
      const scan = await probeTls({ host: '127.0.0.1', port: server.port, extraCa: [server.caPem], timeoutMs: 20_000 });
      const run = await slot(() =>
        runTestssl(`127.0.0.1:${server.port}`, {
          checks,
          ...(vulnerabilities ? { vulnerabilities } : {}),
          caPems: [server.caPem],
          timeoutMs: TESTSSL_TIMEOUT_MS,
        }),
      );
      expectRun?.(run, server);
      scan.testssl = run.report;
      const endpoints = {
        endpoints: [{ origins: ['api' as const], url: `${server.origin}/api/v1`, scan }],
        notServed: [],
      };
      const products: Record<string, CheckProduct> = {};
      for (const c of tlsChecks.filter((c) => c.id !== hstsHeader.id))
        products[c.id] = await runCheck(c, { TlsEndpoints: endpoints, ProbePlan: ORIGIN_PLAN } as never);

      for (const [id, product] of Object.entries(products)) {
        const want = (seen[id] ?? []).map(([f, engine]) => `${f} ${engine}`).sort();
        const got = (product.findings ?? []).map((f) => `${f.id} ${String(f.data?.engine)}`).sort();
        expect({ id, outcome: product.outcome, findings: got }).toEqual({
          id,
          outcome: want.length ? 'fail' : 'pass',
          findings: want,
        });
        for (const e of product.engines ?? []) if (e.agree !== undefined) expect(e, id).toMatchObject({ agree: true });
      }
      // Every section asked for came back with something the checks judged.
      expect(Object.values(products).some((p) => (p.engines ?? []).some((e) => e.verdicts.testssl))).toBe(true);
    },
    // Waiting for a slot counts: up to rows / SLOTS runs ahead of this one, each bounded.
    Math.ceil(rows.length / SLOTS + 1) * TESTSSL_TIMEOUT_MS,
  );
});
