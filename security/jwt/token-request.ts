// Fresh tokens straight from the token endpoint, bypassing the run's token cache: the expired-token
// probe needs a token whose whole life it watches, and the wrong-audience probe needs a token for
// another resource (RFC 8707 resource indicator).
import type { ClientRole, HttpClient } from '../../engine/context.ts';
import type { Target } from '../../engine/target.ts';

export interface TokenGrant {
  status: number;
  /** Present when the endpoint answered 200 with an access_token. */
  accessToken?: string;
  expiresIn?: number;
  /** OAuth `error` member (or problem `title`) of a refusal. */
  error?: string;
  evidenceId?: string;
  /** Local clock (ms) when the response arrived. */
  receivedAt: number;
}

export async function requestToken(
  http: HttpClient,
  target: Pick<Target, 'tokenUrl' | 'credentials'>,
  role: ClientRole,
  opts: { resource?: string; label?: string } = {},
): Promise<TokenGrant> {
  const creds = target.credentials[role];
  if (!creds) throw new Error(`no credentials for ${role}`);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
  });
  if (opts.resource !== undefined) form.set('resource', opts.resource);
  const ex = await http.request({
    method: 'POST',
    url: target.tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    label: opts.label ?? `token for ${role}${opts.resource ? ` (resource ${opts.resource})` : ''}`,
  });
  const receivedAt = Date.now();
  const body = (typeof ex.json === 'object' && ex.json !== null ? ex.json : {}) as Record<string, unknown>;
  const grant: TokenGrant = { status: ex.status, receivedAt, ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}) };
  if (ex.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') {
    grant.accessToken = body.access_token;
    if (typeof body.expires_in === 'number') grant.expiresIn = body.expires_in;
  } else {
    // OAuth `error`, else the problem type's last segment (…/problems/invalid_target), else its title.
    const fromType = typeof body.type === 'string' ? body.type.split('/').pop() : undefined;
    const error =
      typeof body.error === 'string'
        ? body.error
        : fromType || (typeof body.title === 'string' ? body.title : undefined);
    if (error) grant.error = error;
  }
  return grant;
}

/**
 * Claim probes a test deployment can mint (profile README "Probe tokens"): tokens signed with the
 * member's own key, for a test client, each with one claim a verifier must refuse.
 */
export const PROBE_TOKEN_CLAIMS = ['no-exp', 'future-nbf', 'wrong-issuer'] as const;
export type ProbeTokenClaim = (typeof PROBE_TOKEN_CLAIMS)[number];

/** The probe-token endpoint of a test deployment: `probe-token` beside the token endpoint. */
export function probeTokenUrl(tokenUrl: string): string {
  return new URL('probe-token', tokenUrl).toString();
}

/**
 * A probe token from the member's optional probe-token endpoint (same client authentication as the
 * token endpoint, `probe=<claim>`). 404/405/501 mean the member does not offer one.
 */
export async function requestProbeToken(
  http: HttpClient,
  target: Pick<Target, 'tokenUrl' | 'credentials'>,
  role: ClientRole,
  probe: ProbeTokenClaim,
  opts: { label?: string } = {},
): Promise<TokenGrant> {
  const creds = target.credentials[role];
  if (!creds) throw new Error(`no credentials for ${role}`);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    probe,
  });
  const ex = await http.request({
    method: 'POST',
    url: probeTokenUrl(target.tokenUrl),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    label: opts.label ?? `probe token (${probe}) for ${role}`,
  });
  const body = (typeof ex.json === 'object' && ex.json !== null ? ex.json : {}) as Record<string, unknown>;
  const grant: TokenGrant = {
    status: ex.status,
    receivedAt: Date.now(),
    ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
  };
  if (ex.status === 200 && typeof body.access_token === 'string' && body.access_token !== '')
    grant.accessToken = body.access_token;
  else if (typeof body.error === 'string') grant.error = body.error;
  else if (typeof body.title === 'string') grant.error = body.title;
  return grant;
}
