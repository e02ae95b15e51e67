// Minimal collect context for driving collectors in the TLS and security tests, and a runner for
// one check on synthetic artifacts. (The lead's shared harness may replace the context later.)
import {
  makeCheckContext,
  type ArtifactMap,
  type ArtifactName,
  type CheckDefinition,
  type CheckProduct,
} from '../../engine/check.ts';
import {
  sleepUntil,
  type CollectContext,
  type EvidenceStore,
  type HttpClient,
  type TokenProvider,
} from '../../engine/context.ts';
import type { Profile } from '../../engine/profile.ts';
import type { Target } from '../../engine/target.ts';
import type { Evidence } from '../../engine/types.ts';

export function tlsTarget(origin: string, opts: { ca?: string[]; allowedHosts?: string[] } = {}): Target {
  const url = new URL(origin);
  return {
    name: 'TLS test target',
    kind: 'remote',
    apiBaseUrl: new URL('/api/v1', url).toString(),
    tokenUrl: new URL('/oauth/token', url).toString(),
    jwksUrl: new URL('/.well-known/jwks.json', url).toString(),
    allowedHosts: opts.allowedHosts ?? [url.host],
    ca: opts.ca ?? [],
    credentials: {},
    notes: [],
  };
}

/** Keeps what collectors add so tests can look at it; ids like the real store's. */
export class RecordingEvidence implements EvidenceStore {
  readonly items = new Map<string, Evidence>();
  #n = 0;
  #id(prefix: string) {
    this.#n += 1;
    return `${prefix}-${String(this.#n).padStart(4, '0')}`;
  }
  addHttp(): string {
    throw new Error('no HTTP evidence expected in TLS tests');
  }
  addText(label: string, text: string, contentType = 'text/plain'): string {
    const id = this.#id('text');
    this.items.set(id, { kind: 'text', id, label, contentType, text });
    return id;
  }
  addFile(): string {
    throw new Error('no file evidence expected in TLS tests');
  }
  get(id: string) {
    return this.items.get(id);
  }
  all() {
    return Object.fromEntries(this.items);
  }
}

const unavailable = (what: string) => () => {
  throw new Error(`${what} is not available in this test context`);
};

export function testContext(
  target: Target,
  signal = new AbortController().signal,
): CollectContext & { evidence: RecordingEvidence } {
  const http: HttpClient = { request: unavailable('http.request'), exchanges: () => [], requestCount: () => 0 };
  const auth: TokenProvider = { token: unavailable('auth.token'), tokenExchange: unavailable('auth.tokenExchange') };
  return {
    target,
    profile: { id: 'test', title: 'test', version: '0', checks: {} } as unknown as Profile,
    http,
    auth,
    evidence: new RecordingEvidence(),
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    seed: 1,
    signal,
    outDir: '',
    endsBy: Date.now() + 60_000,
    waitOnTargetClock: (untilMs) => sleepUntil(untilMs, signal),
    engines: { load: 'builtin', tls: 'node' },
  };
}

/** Runs one check on the given artifacts with its default options overridden by `options`. */
export async function runCheck<R extends ArtifactName, O extends object>(
  check: CheckDefinition<R, O>,
  artifacts: Pick<ArtifactMap, R>,
  options: Partial<O> = {},
): Promise<CheckProduct> {
  return check.run(artifacts, makeCheckContext(check, { ...check.defaultOptions, ...options }));
}

/** Finding ids of a product, sorted (tests compare sets, not order). */
export function findingIds(p: CheckProduct): string[] {
  return (p.findings ?? []).map((f) => f.id).sort();
}

/** Said in the name of every real-binary testssl.sh suite, so a skip shows why. */
export const TESTSSL_SKIP_NOTE =
  'skipped only when testssl.sh is not installed: Debian apt-get install testssl.sh; CI installs it';
