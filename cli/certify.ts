// `port-conformance certify | verify | keygen`: certificates of complete runs. Exit codes: certify 0
// written, 2 refused (incomplete run, invalid results, bad key or flag); verify 0 valid, 1 invalid (signature,
// expiry, a file that does not match or is missing), 2 usage; keygen 0 written, 2 refused. The private key
// is read from its file by the signer and never printed.
import { resolve } from 'node:path';
import { EXIT, UsageError } from '../engine/errors.ts';
import { terminalSafe } from '../reports/escape.ts';
import { DEFAULT_KEY_DIR, certify, generateKeyPairFiles, verify } from '../certify/index.ts';
import { TOOL } from '../session/tool.ts';
import { historySpec, parseHistorySpec } from '../history/index.ts';
import type { Io } from './run.ts';

/** The clock, injectable by tests (certifying in the past, verifying in the future). */
export interface Clock {
  now?: () => Date;
}

export interface CertifyFlags {
  from?: string;
  key?: string;
  out?: string;
  member?: string;
  profile?: string;
  /** Record the certificate in this history store (default $PORT_CONFORMANCE_HISTORY). */
  history?: string;
}

export async function certifyCommand(flags: CertifyFlags, io: Io, clock: Clock = {}): Promise<number> {
  if (!flags.from) throw new UsageError('certify: --from <results.json> is required');
  if (!flags.key) throw new UsageError('certify: --key <private key PEM> is required (port-conformance keygen)');
  if (flags.member !== undefined && !flags.member.trim()) throw new UsageError('certify: --member must not be empty');
  const history = historySpec(flags.history, io.env);
  if (history !== undefined) parseHistorySpec(history);
  const out = await certify({
    from: flags.from,
    key: flags.key,
    ...(flags.out ? { outDir: flags.out } : {}),
    ...(flags.member ? { member: flags.member } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    issuer: TOOL,
    ...(clock.now ? { now: clock.now() } : {}),
  });
  const c = out.certificate;
  io.out(
    terminalSafe(
      `Certificate for ${c.member.name}: ${c.verdict.status}, profile ${c.profile.id} ${c.profile.version}, valid until ${c.validUntil}, signed by key ${c.signer.keyThumbprint}, ${c.files.length} files hashed`,
    ),
  );
  io.out(`Written: ${out.jwsPath}, ${out.htmlPath}`);
  if (history !== undefined) {
    const { recordCertificate } = await import('./history.ts');
    await recordCertificate(history, flags.from, c, io);
  }
  return EXIT.conformant;
}

export interface VerifyFlags {
  key?: string;
  evidence?: string;
}

export async function verifyCommand(
  certificate: string,
  flags: VerifyFlags,
  io: Io,
  clock: Clock = {},
): Promise<number> {
  const outcome = await verify({
    certificate,
    ...(flags.key ? { key: flags.key } : {}),
    ...(flags.evidence !== undefined ? { evidence: flags.evidence } : {}),
    ...(clock.now ? { now: clock.now() } : {}),
  });
  if (!outcome.ok) {
    io.err(terminalSafe(`invalid (${outcome.code}): ${outcome.message}`));
    return EXIT.notConformant;
  }
  const c = outcome.certificate;
  const files =
    flags.evidence !== undefined ? `${outcome.filesChecked} files match` : 'files not checked (no --evidence)';
  const signer =
    outcome.keySource === 'pinned'
      ? `signed by key ${outcome.kid}`
      : `signed by the key it carries, ${outcome.kid} (compare with the published fingerprint, or give --key)`;
  io.out(
    terminalSafe(
      `valid: ${c.member.name}, ${c.verdict.status}, profile ${c.profile.id} ${c.profile.version}, valid until ${c.validUntil}; ${signer}; ${files}`,
    ),
  );
  return EXIT.conformant;
}

export async function keygenCommand(flags: { out?: string }, io: Io): Promise<number> {
  const dir = resolve(flags.out ?? DEFAULT_KEY_DIR);
  const k = await generateKeyPairFiles(dir);
  io.out(`Key pair (${k.alg}, thumbprint ${k.kid}):`);
  io.out(`  private key (keep secret, mode 0600): ${k.privateKey}`);
  io.out(`  public key: ${k.publicKey}`);
  io.out(`  public JWKS: ${k.jwks}`);
  return EXIT.conformant;
}
