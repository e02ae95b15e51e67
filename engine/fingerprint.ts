// Finding fingerprints: a stable identity of a finding across runs, for baselines ("what is new, what
// is fixed"), waivers of one finding, and SARIF's partialFingerprints. Built from what the finding is
// and where it points, never from what varies between two runs of the same defect: its message, data
// and evidence, timestamps, generated ids in URLs (port call UUIDs), or the target's origin (an
// ephemeral loopback port in tests, staging vs production for a member).
import { createHash } from 'node:crypto';
import type { CheckResult, Finding, FindingLocation, Results } from './types.ts';

/** Bumped if the definition below ever changes: fingerprints of different versions never match. */
export const FINGERPRINT_VERSION = 'pcf1';

/** The target's own origins: replaced by a placeholder, so the same finding matches on another port or host. */
export interface TargetOrigins {
  apiBaseUrl: string;
  portalUrl?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
/** Long opaque tokens (hex, base64url ids): generated, not part of the API's shape. */
const OPAQUE = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The path's shape: generated segments become placeholders. */
export function pathTemplate(path: string): string {
  return path
    .split('/')
    .map((seg) => {
      let s: string;
      try {
        s = decodeURIComponent(seg);
      } catch {
        s = seg;
      }
      if (UUID.test(s)) return '{uuid}';
      if (NUMBER.test(s)) return '{n}';
      if (OPAQUE.test(s)) return '{id}';
      return seg;
    })
    .join('/');
}

/** A host (host or host:port) as it goes into a fingerprint. */
function hostLabel(host: string, origins: TargetOrigins): string {
  const h = host.toLowerCase();
  const api = hostOf(origins.apiBaseUrl);
  const portal = hostOf(origins.portalUrl);
  if (api && h === api) return '{target}';
  if (portal && h === portal) return '{portal}';
  // Another loopback server of the same run (ephemeral port): its port says nothing.
  const name = h.replace(/:\d+$/, '');
  return isLoopback(name) ? name : h;
}

/** A URL as it goes into a fingerprint: the target's origin replaced, generated segments templated, query names only. */
export function urlLabel(url: string, origins: TargetOrigins): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return pathTemplate(url.split('?')[0] ?? url);
  }
  const query = [...new Set([...u.searchParams.keys()])].sort();
  return `${hostLabel(u.host, origins)}${pathTemplate(u.pathname)}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The location's parts that identify where the finding is, normalised. */
function locationKey(loc: FindingLocation | undefined, origins: TargetOrigins): Record<string, string> {
  if (!loc) return {};
  const out: Record<string, string> = {};
  if (loc.method) out.method = loc.method.toUpperCase();
  if (loc.operationId) out.operationId = loc.operationId;
  // The operation names the path template already; a URL only where there is no operation.
  else if (loc.url) out.url = urlLabel(loc.url, origins);
  if (loc.jsonPointer !== undefined) out.jsonPointer = loc.jsonPointer;
  if (loc.in) out.in = loc.in;
  if (loc.selector) out.selector = loc.selector;
  if (loc.metric) out.metric = loc.metric;
  if (loc.host) out.host = hostLabel(loc.host, origins);
  if (loc.header) out.header = loc.header.toLowerCase();
  // The message type, segment and element, never the UNH reference (generated per run).
  if (loc.edifact) {
    const { message, segment, position, element, component } = loc.edifact;
    out.edifact = [message ?? '', segment, position ?? '', element ?? '', component ?? ''].join(':');
  }
  return out;
}

/** The readable text a fingerprint hashes: check id, finding id, normalised location (stable key order). */
export function fingerprintKey(checkId: string, finding: Pick<Finding, 'id' | 'location'>, origins: TargetOrigins) {
  const loc = locationKey(finding.location, origins);
  const where = Object.keys(loc)
    .sort()
    .map((k) => `${k}=${loc[k]}`)
    .join(';');
  return `${checkId}|${finding.id}|${where}`;
}

/** `pcf1:` and 32 hex digits of SHA-256 over the key. */
export function findingFingerprint(
  checkId: string,
  finding: Pick<Finding, 'id' | 'location'>,
  origins: TargetOrigins,
): string {
  const digest = createHash('sha256')
    .update(fingerprintKey(checkId, finding, origins))
    .digest('hex');
  return `${FINGERPRINT_VERSION}:${digest.slice(0, 32)}`;
}

/** Every finding with its fingerprint (computed where missing: files written before 1.2.0). */
export function fingerprintChecks(checks: readonly CheckResult[], origins: TargetOrigins): CheckResult[] {
  return checks.map((c) =>
    c.findings.every((f) => f.fingerprint)
      ? c
      : {
          ...c,
          findings: c.findings.map((f) =>
            f.fingerprint ? f : { ...f, fingerprint: findingFingerprint(c.id, f, origins) },
          ),
        },
  );
}

export function withFingerprints(results: Results): Results {
  return { ...results, checks: fingerprintChecks(results.checks, results.target) };
}
