// Plain-text account of a TlsScan, kept as evidence: what was asked, what the server answered.
import { CATEGORY_REASONS } from './suites.ts';
import type { CertificateInfo, TlsScan } from './types.ts';

function certLines(c: CertificateInfo, i: number): string[] {
  const key =
    c.keyType === 'EC' ? `EC ${c.curve ?? '?'} (${c.keyBits ?? '?'} bits)` : `${c.keyType} ${c.keyBits ?? '?'} bits`;
  const sans = [...c.subjectAltNames.dns, ...c.subjectAltNames.ip].join(', ') || '(none)';
  return [
    `  [${i}] subject: ${c.subject}`,
    `      issuer:  ${c.issuer}`,
    `      valid:   ${c.notBefore} → ${c.notAfter} (${Math.round(c.lifetimeDays)} days)`,
    `      key:     ${key}; signature ${c.signatureAlgorithm}`,
    `      SAN:     ${sans}`,
    `      sha256:  ${c.fingerprint256}`,
  ];
}

export function describeScan(scan: TlsScan): string {
  const out: string[] = [
    `TLS scan of ${scan.host}:${scan.port} (${scan.source}) at ${scan.scannedAt}`,
    `SNI: ${scan.servername ?? '(none: IP literal)'}; trust set: ${scan.trustStore.system ? 'Node root store + ' : ''}${scan.trustStore.extraCas} extra CA(s)`,
    `${scan.handshakes} handshake(s) in ${scan.durationMs} ms`,
  ];
  if (!scan.reachable) {
    out.push(`unreachable: ${scan.failure?.code ?? '?'} ${scan.failure?.message ?? ''}`.trim());
    return out.join('\n') + '\n';
  }
  if (scan.failure) out.push(`note: ${scan.failure.code} ${scan.failure.message}`);

  out.push('', 'Protocol versions (one handshake each, min = max):');
  for (const p of scan.protocols) {
    const detail = p.status === 'accepted' ? `${p.cipherIana ?? p.cipher ?? ''}` : (p.failure?.code ?? '');
    out.push(`  ${p.version.padEnd(8)} ${p.status.padEnd(10)} ${detail}`.trimEnd());
  }

  const accepted = scan.cipherSuites.filter((s) => s.status === 'accepted');
  const untested = scan.cipherSuites.filter((s) => s.status === 'not-tested');
  const errored = scan.cipherSuites.filter((s) => s.status === 'error');
  out.push('', `Weak TLS ≤ 1.2 suites tried: ${scan.cipherSuites.length}; accepted ${accepted.length}`);
  for (const s of accepted) {
    out.push(`  ACCEPTED ${s.suite} (${s.iana}) over ${s.version ?? '?'}: ${CATEGORY_REASONS[s.category]}`);
  }
  if (untested.length) out.push(`  not testable by this client: ${untested.map((s) => s.suite).join(', ')}`);
  if (errored.length)
    out.push(`  no answer: ${errored.map((s) => `${s.suite} (${s.failure?.code ?? '?'})`).join(', ')}`);

  const cert = scan.certificate;
  if (cert) {
    out.push('', `Certificate chain (handshake ${cert.protocol ?? '?'} ${cert.cipher ?? ''}):`);
    cert.chain.forEach((c, i) => out.push(...certLines(c, i)));
    const ignoring =
      cert.trust.trustedIgnoringDates === undefined
        ? ''
        : `; chain trusted with dates ignored: ${cert.trust.trustedIgnoringDates}`;
    out.push(`  trust: ${cert.trust.authorized ? 'verified' : `not verified (${cert.trust.error ?? '?'})`}${ignoring}`);
    out.push(
      `  host name ${cert.hostname.name}: ${cert.hostname.matches ? 'matches' : `does not match (${cert.hostname.error ?? '?'})`}`,
    );
    out.push('', cert.leafPem.trimEnd());
  } else {
    out.push('', 'No certificate obtained.');
  }
  return out.join('\n') + '\n';
}
