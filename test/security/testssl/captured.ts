// Flat JSON testssl.sh 3.0.8 wrote for the loopback fixtures (test/security/testssl/captured/<kind>.json,
// trimmed to the rows the harness reads; ip and port normalised). Captured on 2026-12-07 around 05:55 UTC,
// so certificate dates are judged against CAPTURED_AT. The weak servers' full runs used -p -E -S -f -h -U;
// no-forward-secrecy, client-renegotiation and http-compression only -f, -R and -B.
import { readFileSync } from 'node:fs';
import type { TestsslFinding } from '../../../security/testssl/parse.ts';

export const CAPTURED_AT = '2026-12-07T06:00:00.000Z';

export const CAPTURED_KINDS = [
  'reference',
  'tls-1-0',
  'tls-1-1',
  'weak-ciphers',
  'expired',
  'expiring-soon',
  'self-signed',
  'wrong-host',
  'missing-intermediate',
  'rsa-1024',
  'lifetime-399-days',
  'sha1-leaf',
  'md5-leaf',
  'no-forward-secrecy',
  'client-renegotiation',
  'http-compression',
] as const;
export type CapturedKind = (typeof CAPTURED_KINDS)[number];

export function captured(kind: CapturedKind): TestsslFinding[] {
  return JSON.parse(readFileSync(new URL(`./captured/${kind}.json`, import.meta.url), 'utf8')) as TestsslFinding[];
}
