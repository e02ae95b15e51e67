// testssl.sh flat JSON rows → typed facts the TLS checks judge (pure). Beyond protocols and suites
// (parse.ts): the certificate (-S), forward secrecy (-f), HSTS (-h) and the known vulnerabilities (-U).
// Ids are those testssl.sh 3.0.8 writes (verified on loopback fixtures); the 3.1+ spellings of the
// same rows (FS for PFS) are read too. Severity is testssl's; how the harness reads it is `statusOf`.
import type { CipherSuiteProbe, ProbeFailure, ProtocolProbe } from '../tls/types.ts';
import { parseTestsslJson, readTestsslFindings, type TestsslFinding } from './parse.ts';

/** The testssl.sh sections the harness can ask for (one flag each; see run.ts). */
export const TESTSSL_CHECKS = [
  'protocols',
  'ciphers',
  'server-defaults',
  'forward-secrecy',
  'headers',
  'vulnerabilities',
] as const;
export type TestsslCheck = (typeof TESTSSL_CHECKS)[number];

/**
 * How the harness reads a testssl severity: OK and INFO pass; LOW and above are testssl saying
 * "weak" or "vulnerable" (LOW included: LUCKY13 "potentially vulnerable" and BEAST "likely mitigated"
 * are LOW, and the profile forbids what they point at); WARN, DEBUG and FATAL mean it could not tell.
 */
export type TestsslStatus = 'pass' | 'fail' | 'unknown';

export function statusOf(severity: string): TestsslStatus {
  switch (severity.toUpperCase()) {
    case 'OK':
    case 'INFO':
      return 'pass';
    case 'LOW':
    case 'MEDIUM':
    case 'HIGH':
    case 'CRITICAL':
      return 'fail';
    default:
      return 'unknown';
  }
}

/** One testssl row as the checks see it. */
export interface TestsslItem {
  /** testssl's id, e.g. cert_chain_of_trust. */
  id: string;
  severity: string;
  finding: string;
  status: TestsslStatus;
  cve?: string;
}

export interface TestsslCertificate {
  /** cert_chain_of_trust; `datesOnly` when the only complaint is the validity period ("failed (expired)."). */
  chainOfTrust?: TestsslItem & { datesOnly: boolean };
  /** cert_trust: whether the certificate names the host scanned ("Ok via SAN", "certificate does not match …"). */
  hostname?: TestsslItem;
  /** cert_subjectAltName, split. */
  subjectAltNames: string[];
  /** cert_expirationStatus (testssl's own 30/60-day thresholds). */
  expiration?: TestsslItem;
  /** cert_notBefore / cert_notAfter as ISO 8601 (testssl prints them in UTC to the minute). */
  notBefore: string | null;
  notAfter: string | null;
  /** cert_keySize, e.g. "RSA 2048 bits" → RSA, 2048. */
  key?: TestsslItem & { type: string; bits: number | null };
  /** cert_signatureAlgorithm, e.g. "SHA1 with RSA" → SHA1; null when testssl names no digest. */
  signature?: TestsslItem & { digest: string | null };
}

/** The vulnerabilities testssl -U reports, by the harness's stable id. */
export const VULNERABILITIES = [
  { id: 'heartbleed', name: 'Heartbleed', testsslIds: ['heartbleed'] },
  { id: 'ccs-injection', name: 'CCS injection', testsslIds: ['CCS'] },
  { id: 'ticketbleed', name: 'Ticketbleed', testsslIds: ['ticketbleed'] },
  { id: 'robot', name: 'ROBOT', testsslIds: ['ROBOT'] },
  { id: 'secure-renegotiation', name: 'insecure renegotiation (no RFC 5746)', testsslIds: ['secure_renego'] },
  { id: 'client-renegotiation', name: 'client-initiated renegotiation', testsslIds: ['secure_client_renego'] },
  { id: 'crime', name: 'CRIME (TLS compression)', testsslIds: ['CRIME_TLS'] },
  { id: 'breach', name: 'BREACH (HTTP compression)', testsslIds: ['BREACH'] },
  { id: 'poodle', name: 'POODLE (SSLv3)', testsslIds: ['POODLE_SSL'] },
  { id: 'fallback-scsv', name: 'no TLS_FALLBACK_SCSV', testsslIds: ['fallback_SCSV'] },
  { id: 'sweet32', name: 'SWEET32 (64-bit block ciphers)', testsslIds: ['SWEET32'] },
  { id: 'freak', name: 'FREAK', testsslIds: ['FREAK'] },
  { id: 'drown', name: 'DROWN', testsslIds: ['DROWN'] },
  { id: 'logjam', name: 'Logjam', testsslIds: ['LOGJAM', 'LOGJAM-common_primes'] },
  { id: 'beast', name: 'BEAST', testsslIds: ['BEAST'] },
  { id: 'lucky13', name: 'LUCKY13', testsslIds: ['LUCKY13'] },
  { id: 'rc4', name: 'RC4', testsslIds: ['RC4'] },
] as const;
export type VulnerabilityId = (typeof VULNERABILITIES)[number]['id'];

export interface TestsslVulnerability extends TestsslItem {
  vulnerability: VulnerabilityId;
  name: string;
}

/** Everything the TLS checks take from one testssl.sh run of one endpoint. */
export interface TestsslReport {
  /** The sections testssl.sh was asked for: a row absent from a section that ran means "not offered". */
  checks: TestsslCheck[];
  /** The testssl.sh version (from its "version" row when present, else null). */
  version: string | null;
  scannedAt: string;
  durationMs: number;
  /** The command line that ran (absent when mapped from a file). */
  command?: string[];
  exitCode?: number | null;
  /** testssl.sh could not scan (connect problem, fatal error). */
  failure?: ProbeFailure;
  protocols: ProtocolProbe[];
  /** Weak suites testssl listed as accepted (-E); a weak suite not listed was refused. */
  cipherSuites: CipherSuiteProbe[];
  certificate: TestsslCertificate | null;
  /** PFS (3.0) / FS (3.1+): "offered" or "No ciphers supporting (P)FS offered". */
  forwardSecrecy?: TestsslItem;
  /** HSTS_time (or HSTS "not offered"); maxAge null when absent or unreadable, includeSubDomains from HSTS_subdomains. */
  hsts?: TestsslItem & { maxAge: number | null; includeSubDomains: boolean };
  vulnerabilities: TestsslVulnerability[];
  /** Evidence id of testssl's rows (set by the collector). */
  evidenceId?: string;
}

/** "cert_keySize <cert#1>" → cert_keySize: servers with several certificates (RSA and EC) suffix their rows. */
function certBaseId(id: string): { base: string; index: number } {
  const m = /^(.*?)\s*<cert#(\d+)>$/.exec(id);
  return m ? { base: m[1]!, index: Number(m[2]) } : { base: id, index: 1 };
}

function item(f: TestsslFinding): TestsslItem {
  return {
    id: certBaseId(f.id).base,
    severity: f.severity,
    finding: f.finding,
    status: statusOf(f.severity),
    ...(f.cve ? { cve: f.cve } : {}),
  };
}

/** "2027-03-07 05:52" (UTC) → ISO 8601; null when unreadable. */
export function testsslDate(text: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(text?.trim() ?? '');
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The digest a cert_signatureAlgorithm finding names ("SHA256 with RSA", "ECDSA with SHA1", "MD5"). */
export function signatureDigest(finding: string): string | null {
  const m = /\b(MD2|MD4|MD5|SHA1|SHA224|SHA256|SHA384|SHA512)\b/i.exec(finding);
  return m ? m[1]!.toUpperCase() : null;
}

const WEAK_DIGESTS = new Set(['MD2', 'MD4', 'MD5', 'SHA1']);
export function isWeakDigest(digest: string): boolean {
  return WEAK_DIGESTS.has(digest.toUpperCase());
}

/** The max-age an HSTS_time finding states: "365 days (=31536000 seconds) > …", "0. HSTS is disabled". */
export function hstsMaxAge(finding: string): number | null {
  const m = /\(=(\d+) seconds\)/.exec(finding);
  if (m) return Number(m[1]);
  if (/^0\. HSTS is disabled/.test(finding.trim())) return 0;
  return null;
}

function certificateOf(rows: TestsslFinding[]): TestsslCertificate | null {
  // The first certificate only (cert#1, or the unsuffixed rows of a single-certificate server).
  const first = new Map<string, TestsslFinding>();
  for (const r of rows) {
    const { base, index } = certBaseId(r.id);
    if (!base.startsWith('cert_') || index !== 1 || first.has(base)) continue;
    first.set(base, r);
  }
  if (first.size === 0) return null;
  const get = (id: string) => first.get(id);
  const chain = get('cert_chain_of_trust');
  const key = get('cert_keySize');
  const sig = get('cert_signatureAlgorithm');
  const keyMatch = key ? /^(\S+)\s+(\d+)\s+bits/.exec(key.finding.trim()) : null;
  return {
    ...(chain
      ? {
          chainOfTrust: {
            ...item(chain),
            datesOnly:
              statusOf(chain.severity) === 'fail' &&
              /^failed \((expired|not yet valid)\)\.?$/i.test(chain.finding.trim()),
          },
        }
      : {}),
    ...(get('cert_trust') ? { hostname: item(get('cert_trust')!) } : {}),
    subjectAltNames: (get('cert_subjectAltName')?.finding ?? '').split(/\s+/).filter((s) => s && s !== '--'),
    ...(get('cert_expirationStatus') ? { expiration: item(get('cert_expirationStatus')!) } : {}),
    notBefore: testsslDate(get('cert_notBefore')?.finding),
    notAfter: testsslDate(get('cert_notAfter')?.finding),
    ...(key
      ? { key: { ...item(key), type: keyMatch?.[1] ?? 'unknown', bits: keyMatch ? Number(keyMatch[2]) : null } }
      : {}),
    ...(sig ? { signature: { ...item(sig), digest: signatureDigest(sig.finding) } } : {}),
  };
}

function vulnerabilitiesOf(byId: Map<string, TestsslFinding>): TestsslVulnerability[] {
  const out: TestsslVulnerability[] = [];
  for (const v of VULNERABILITIES) {
    const found = v.testsslIds.map((id) => byId.get(id)).filter((f): f is TestsslFinding => f !== undefined);
    if (found.length === 0) continue;
    // Several rows (LOGJAM and its common-primes row): the worst one speaks for the item.
    const rank = { fail: 2, unknown: 1, pass: 0 } as const;
    const worst = found.reduce((a, b) => (rank[statusOf(b.severity)] > rank[statusOf(a.severity)] ? b : a));
    out.push({ ...item(worst), vulnerability: v.id, name: v.name });
  }
  return out;
}

export interface TestsslReportMeta {
  checks: readonly TestsslCheck[];
  scannedAt?: string;
  durationMs?: number;
}

/** Maps testssl.sh flat JSON into the typed report the TLS checks judge. Throws TestsslFormatError. */
export function readTestsslReport(json: unknown, meta: TestsslReportMeta): TestsslReport {
  const rows = readTestsslFindings(json);
  const base = parseTestsslJson(rows, {
    ...(meta.scannedAt ? { scannedAt: meta.scannedAt } : {}),
    ...(meta.durationMs !== undefined ? { durationMs: meta.durationMs } : {}),
  });
  const byId = new Map<string, TestsslFinding>();
  for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, r);
  const fs = byId.get('FS') ?? byId.get('PFS');
  const hstsTime = byId.get('HSTS_time');
  const hstsRow = hstsTime ?? byId.get('HSTS');
  const version = byId.get('version')?.finding ?? null;
  return {
    checks: [...meta.checks],
    version,
    scannedAt: base.scannedAt,
    durationMs: base.durationMs,
    ...(base.failure ? { failure: base.failure } : {}),
    protocols: base.protocols,
    cipherSuites: base.cipherSuites,
    certificate: certificateOf(rows),
    ...(fs ? { forwardSecrecy: { ...item(fs), id: fs.id } } : {}),
    ...(hstsRow
      ? {
          hsts: {
            ...item(hstsRow),
            maxAge: hstsTime ? hstsMaxAge(hstsTime.finding) : null,
            includeSubDomains: byId.get('HSTS_subdomains')?.finding.trim() === 'includes subdomains',
          },
        }
      : {}),
    vulnerabilities: vulnerabilitiesOf(byId),
  };
}
