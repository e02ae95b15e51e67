// The system under test: where it is, what the harness may contact, and how it authenticates.
import type { ClientRole } from './context.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface Target {
  /** Display name, e.g. "Port of Le Havre (staging)". */
  name: string;
  kind: 'embedded-reference' | 'remote';
  /** Base URL of the profile's API, e.g. https://psw.example.org/api/v1 */
  apiBaseUrl: string;
  /** OAuth2 token endpoint. */
  tokenUrl: string;
  /** JWKS URL for the tokens' signing keys. */
  jwksUrl: string;
  /** Web portal entry URL, if the member has one. */
  portalUrl?: string;
  /** host or host:port values the harness may send traffic to; nothing else is ever contacted. */
  allowedHosts: string[];
  /** Extra CA certificates (PEM) to trust in addition to the system store. */
  ca: string[];
  credentials: Partial<Record<ClientRole, ClientCredentials>>;
  portalUser?: { username: string; password: string };
  /** Expected `aud` of access tokens, if the member publishes one. */
  audience?: string;
  /**
   * The optional capabilities the member config declares (e.g. `edifact`): absent when it says nothing,
   * `[]` when it declares none. The collectors compare them with the discovery document.
   */
  capabilities?: string[];
  /** The EDIFACT channel's URL the member config names (its host is allowed). */
  edifactEndpoint?: string;
  /** Where each value came from, for the console (never the secrets themselves). */
  notes: string[];
}

/** host:port of a URL, with the scheme's default port made explicit. */
export function hostPort(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
  return `${u.hostname}:${port}`;
}

/** True when the URL's host is on the configured allow-list (host or host:port entries). */
export function isAllowed(target: Pick<Target, 'allowedHosts'>, url: string | URL): boolean {
  const u = typeof url === 'string' ? new URL(url) : url;
  const hp = hostPort(u);
  return target.allowedHosts.some((h) => h === hp || h === u.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
