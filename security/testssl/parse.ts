// testssl.sh flat JSON (--jsonfile) → TlsScan. The flat format is an array of
// {id, ip: "<host>/<ip>", port, severity, finding, cve?, cwe?, hint?} (testssl.sh fileout_json_finding).
// Protocol rows (SSLv2 … TLS1_3) say offered / not offered; cipher rows from -E / -e
// ("cipher-tls1_2_xc013") name each suite the server accepts, with its IANA name last.
import { classifySuite } from '../tls/suites.ts';
import type { CipherSuiteProbe, ProbeStatus, ProtocolProbe, ProtocolVersion, TlsScan } from '../tls/types.ts';

export interface TestsslFinding {
  id: string;
  ip: string;
  port: string;
  severity: string;
  finding: string;
  cve?: string;
  cwe?: string;
  hint?: string;
}

export class TestsslFormatError extends Error {
  override name = 'TestsslFormatError';
}

const PROTOCOL_IDS: Record<string, ProtocolVersion> = {
  SSLv2: 'SSLv2',
  SSLv3: 'SSLv3',
  TLS1: 'TLSv1',
  TLS1_1: 'TLSv1.1',
  TLS1_2: 'TLSv1.2',
  TLS1_3: 'TLSv1.3',
};

const CIPHER_PROTOCOLS: Record<string, ProtocolVersion> = {
  ssl2: 'SSLv2',
  ssl3: 'SSLv3',
  tls1: 'TLSv1',
  tls1_1: 'TLSv1.1',
  tls1_2: 'TLSv1.2',
  tls1_3: 'TLSv1.3',
};

/** Validates the flat array; throws TestsslFormatError with the first problem. */
export function readTestsslFindings(json: unknown): TestsslFinding[] {
  // --json-pretty output wraps the same rows in scanResult[].<section>; point users at --jsonfile.
  if (!Array.isArray(json)) {
    const hint =
      json && typeof json === 'object' && 'scanResult' in json ? ' (this is --json-pretty output; use --jsonfile)' : '';
    throw new TestsslFormatError(`testssl.sh flat JSON must be an array of findings${hint}`);
  }
  return json.map((row, i) => {
    if (!row || typeof row !== 'object') throw new TestsslFormatError(`finding #${i} is not an object`);
    const r = row as Record<string, unknown>;
    for (const key of ['id', 'finding'] as const) {
      if (typeof r[key] !== 'string') throw new TestsslFormatError(`finding #${i} has no string "${key}"`);
    }
    const str = (k: string) =>
      typeof r[k] === 'string' ? (r[k] as string) : typeof r[k] === 'number' ? String(r[k]) : '';
    const out: TestsslFinding = {
      id: str('id'),
      ip: str('ip'),
      port: str('port'),
      severity: str('severity'),
      finding: str('finding'),
    };
    for (const k of ['cve', 'cwe', 'hint'] as const) if (str(k)) out[k] = str(k);
    return out;
  });
}

/** "offered", "offered (deprecated)", "offered with final", "not offered", "not offered and downgraded …". */
function protocolStatus(finding: string): ProbeStatus {
  const f = finding.trim().toLowerCase();
  if (f.startsWith('not offered')) return 'rejected';
  if (f.startsWith('offered') || f.includes('supported but')) return 'accepted';
  if (f.includes('local problem') || f.includes('not supported by local')) return 'not-tested';
  return 'error';
}

const CIPHER_ID = /^cipher(?:-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3))?_x([0-9a-f]+)$/i;

/** "TLS 1.2   xc013   ECDHE-RSA-AES128-SHA   ECDH 253   AES   128   TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA". */
function cipherRow(f: TestsslFinding): { version?: ProtocolVersion; suite: string; iana: string | null } | null {
  const m = CIPHER_ID.exec(f.id);
  if (!m) return null;
  const tokens = f.finding.trim().split(/\s+/);
  const hexAt = tokens.findIndex((t) => /^x[0-9a-f]+$/i.test(t));
  const suite = hexAt >= 0 ? (tokens[hexAt + 1] ?? '') : (tokens[0] ?? '');
  const last = tokens[tokens.length - 1] ?? '';
  const iana = /^(TLS|SSL)_/.test(last) ? last : null;
  const version = m[1] ? CIPHER_PROTOCOLS[m[1].toLowerCase()] : undefined;
  return { ...(version ? { version } : {}), suite, iana };
}

export interface TestsslParseMeta {
  /** ISO time of the scan (default now). */
  scannedAt?: string;
  durationMs?: number;
}

/** Maps testssl.sh flat JSON into a TlsScan (protocols and weak suites; no certificate). */
export function parseTestsslJson(json: unknown, meta: TestsslParseMeta = {}): TlsScan {
  const findings = readTestsslFindings(json);
  const first = findings.find((f) => f.ip || f.port);
  const host = (first?.ip.split('/')[0] ?? '').replace(/^\[|\]$/g, '');
  const scanTime = findings.find((f) => f.id === 'scanTime');
  const fatal = findings.find((f) => f.severity === 'FATAL');

  const protocols: ProtocolProbe[] = [];
  const suites: CipherSuiteProbe[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const version = PROTOCOL_IDS[f.id];
    if (version) {
      const status = protocolStatus(f.finding);
      protocols.push({
        version,
        status,
        ...(status === 'error' || status === 'not-tested' ? { failure: { code: 'TESTSSL', message: f.finding } } : {}),
      });
      continue;
    }
    const row = cipherRow(f);
    if (!row || !row.iana) continue;
    const category = classifySuite(row.iana);
    const key = `${row.iana}|${row.version ?? ''}`;
    if (!category || seen.has(key)) continue;
    seen.add(key);
    suites.push({
      suite: row.suite,
      iana: row.iana,
      category,
      status: 'accepted',
      ...(row.version ? { version: row.version } : {}),
    });
  }

  const seconds = scanTime && /^\d+$/.test(scanTime.finding) ? Number(scanTime.finding) : null;
  const connectProblem =
    fatal !== undefined && /can't connect|unable to open a socket|connect problem/i.test(fatal.finding);
  return {
    source: 'testssl',
    transport: 'tls',
    host,
    port: Number(first?.port ?? 0),
    servername: null,
    scannedAt: meta.scannedAt ?? new Date().toISOString(),
    reachable: !connectProblem,
    ...(fatal
      ? { failure: { code: connectProblem ? 'TESTSSL_CONNECT' : 'TESTSSL_FATAL', message: fatal.finding } }
      : {}),
    protocols,
    cipherSuites: suites,
    certificate: null,
    trustStore: { system: true, extraCas: 0 },
    handshakes: 0,
    durationMs: meta.durationMs ?? (seconds === null ? 0 : seconds * 1000),
  };
}
