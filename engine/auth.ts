// OAuth2 client-credentials tokens for the test identities, cached until shortly before expiry.
import type { ClientRole, HttpClient, HttpExchange, TokenProvider } from './context.ts';
import type { Target } from './target.ts';

export class TokenError extends Error {
  override name = 'TokenError';
}

interface Cached {
  token: string;
  expiresAt: number;
  /** Refresh this long before expiry: a third of the lifetime, at most 30 s (tokens may live 30 s). */
  marginMs: number;
  exchange: HttpExchange;
}

export class ClientCredentialsTokenProvider implements TokenProvider {
  readonly #cache = new Map<ClientRole, Cached>();
  readonly #pending = new Map<ClientRole, Promise<Cached>>();
  constructor(
    private readonly target: Target,
    private readonly http: HttpClient,
  ) {}

  async token(role: ClientRole): Promise<string> {
    return (await this.#get(role)).token;
  }

  async tokenExchange(role: ClientRole): Promise<HttpExchange> {
    return (await this.#get(role)).exchange;
  }

  async #get(role: ClientRole): Promise<Cached> {
    const hit = this.#cache.get(role);
    if (hit && hit.expiresAt - hit.marginMs > Date.now()) return hit;
    let p = this.#pending.get(role);
    if (!p) {
      p = this.#fetch(role).finally(() => this.#pending.delete(role));
      this.#pending.set(role, p);
    }
    return p;
  }

  async #fetch(role: ClientRole): Promise<Cached> {
    const creds = this.target.credentials[role];
    if (!creds) throw new TokenError(`no credentials for ${role}: set the environment variables named in the config`);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
    });
    const ex = await this.http.request({
      method: 'POST',
      url: this.target.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      label: `token for ${role}`,
    });
    const body = ex.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (ex.status !== 200) {
      throw new TokenError(
        `token endpoint answered ${ex.status} for ${role} (${creds.clientId}); check the credentials`,
      );
    }
    if (typeof body?.access_token !== 'string') {
      const what = body === undefined ? 'a body that is not JSON' : 'JSON without an access_token';
      throw new TokenError(`token endpoint answered 200 for ${role} with ${what}; it is not an OAuth2 token response`);
    }
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    const cached = {
      token: body.access_token,
      expiresAt: Date.now() + ttl * 1000,
      marginMs: Math.min(30_000, (ttl * 1000) / 3),
      exchange: ex,
    };
    this.#cache.set(role, cached);
    return cached;
  }
}
