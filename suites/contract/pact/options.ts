// Where the pacts come from and what the verifier is told. Two modes:
//   local  — the committed pact files (contracts/pact/pacts/), nothing published;
//   broker — PACT_BROKER_BASE_URL is set: the pacts selected on the broker by consumer version
//            selectors, and the results published under the provider version.
// Pure functions of the environment, so both modes are unit-tested without a network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACT_DIR, pactFileName, PROVIDER } from '../../../contracts/pact/names.ts';
import { UsageError } from '../../../engine/errors.ts';

export interface ConsumerVersionSelector {
  mainBranch?: boolean;
  branch?: string;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  consumer?: string;
  latest?: boolean;
  tag?: string;
  fallbackTag?: string;
  matchingBranch?: boolean;
}

export interface LocalSource {
  mode: 'local';
  pactDir: string;
}

export interface BrokerSource {
  mode: 'broker';
  brokerUrl: string;
  auth: { token: string } | { username: string; password: string };
  consumerVersionSelectors: ConsumerVersionSelector[];
  providerVersion: string;
  providerBranch?: string;
  publish: boolean;
  enablePending: boolean;
}

export type PactSource = LocalSource | BrokerSource;

/** Pact's recommended default: what is on the consumers' main branches and what is deployed. */
export const DEFAULT_SELECTORS: readonly ConsumerVersionSelector[] = [
  { mainBranch: true },
  { deployedOrReleased: true },
];

const SELECTOR_KEYS = new Set([
  'mainBranch',
  'branch',
  'deployedOrReleased',
  'deployed',
  'released',
  'environment',
  'consumer',
  'latest',
  'tag',
  'fallbackTag',
  'matchingBranch',
]);

let harnessVersionCache: string | undefined;
export function harnessVersion(): string {
  harnessVersionCache ??= (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return harnessVersionCache;
}

/** Default provider version: the harness version and the target host, e.g. 0.1.0+psw.example.org */
export function defaultProviderVersion(version: string, targetHost: string): string {
  return `${version}+${targetHost}`;
}

function parseSelectors(raw: string): ConsumerVersionSelector[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError('PACT_CONSUMER_VERSION_SELECTORS is not JSON (expected an array of selector objects)');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UsageError('PACT_CONSUMER_VERSION_SELECTORS must be a non-empty JSON array of selector objects');
  }
  for (const s of parsed) {
    if (typeof s !== 'object' || s === null || Array.isArray(s))
      throw new UsageError('PACT_CONSUMER_VERSION_SELECTORS: every selector is an object');
    const unknown = Object.keys(s).filter((k) => !SELECTOR_KEYS.has(k));
    if (unknown.length)
      throw new UsageError(`PACT_CONSUMER_VERSION_SELECTORS: unknown selector key ${unknown.join(', ')}`);
  }
  return parsed as ConsumerVersionSelector[];
}

/** The pact source from the environment. Throws UsageError on an incomplete broker configuration. */
export function pactSourceFromEnv(
  env: Record<string, string | undefined>,
  ctx: { targetHost: string; version?: string; pactDir?: string },
): PactSource {
  const brokerUrl = env.PACT_BROKER_BASE_URL?.trim();
  if (!brokerUrl) return { mode: 'local', pactDir: ctx.pactDir ?? fileURLToPath(PACT_DIR) };
  let url: URL;
  try {
    url = new URL(brokerUrl);
  } catch {
    throw new UsageError(`PACT_BROKER_BASE_URL is not a URL: ${brokerUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError('PACT_BROKER_BASE_URL must be an http(s) URL');
  const token = env.PACT_BROKER_TOKEN;
  const username = env.PACT_BROKER_USERNAME;
  const password = env.PACT_BROKER_PASSWORD;
  const auth = token ? { token } : username && password ? { username, password } : undefined;
  if (!auth)
    throw new UsageError(
      'PACT_BROKER_BASE_URL is set: also set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD',
    );
  const selectors = env.PACT_CONSUMER_VERSION_SELECTORS
    ? parseSelectors(env.PACT_CONSUMER_VERSION_SELECTORS)
    : [...DEFAULT_SELECTORS];
  const branch = env.PACT_PROVIDER_BRANCH?.trim();
  return {
    mode: 'broker',
    brokerUrl: brokerUrl.replace(/\/+$/, ''),
    auth,
    consumerVersionSelectors: selectors.map((s) => ({ ...s })),
    providerVersion:
      env.PACT_PROVIDER_VERSION?.trim() || defaultProviderVersion(ctx.version ?? harnessVersion(), ctx.targetHost),
    ...(branch ? { providerBranch: branch } : {}),
    publish: env.PACT_PUBLISH_VERIFICATION_RESULTS !== 'false',
    enablePending: env.PACT_ENABLE_PENDING === 'true',
  };
}

/** The serialisable options of one verification run (handlers and filters are added by the runner). */
export interface RunVerifierOptions {
  provider: string;
  providerBaseUrl: string;
  logLevel: 'error';
  /** Per request to the provider and to the state setup, ms. */
  timeout: number;
  failIfNoPactsFound: boolean;
  pactUrls?: string[];
  pactBrokerUrl?: string;
  pactBrokerToken?: string;
  pactBrokerUsername?: string;
  pactBrokerPassword?: string;
  consumerVersionSelectors?: ConsumerVersionSelector[];
  consumerFilters?: string[];
  enablePending?: boolean;
  /** Only ever true: pact-core refuses the option (even false) without a provider version. */
  publishVerificationResult?: true;
  providerVersion?: string;
  providerVersionBranch?: string;
}

/** The verifier options for one consumer's pacts (the run adds providerBaseUrl: its forwarding proxy). */
export function verifierOptions(
  source: PactSource,
  run: { consumer: string; timeoutMs: number },
): Omit<RunVerifierOptions, 'providerBaseUrl'> {
  const common = {
    provider: PROVIDER,
    logLevel: 'error' as const,
    timeout: run.timeoutMs,
  };
  if (source.mode === 'local') {
    return {
      ...common,
      pactUrls: [join(source.pactDir, pactFileName(run.consumer))],
      failIfNoPactsFound: true,
    };
  }
  return {
    ...common,
    pactBrokerUrl: source.brokerUrl,
    ...('token' in source.auth
      ? { pactBrokerToken: source.auth.token }
      : { pactBrokerUsername: source.auth.username, pactBrokerPassword: source.auth.password }),
    consumerVersionSelectors: source.consumerVersionSelectors.map((s) => ({ ...s })),
    // One consumer per run, so the run knows whose credentials the requests carry.
    consumerFilters: [run.consumer],
    // A consumer the broker holds no pact for is reported as not applicable, not as an error.
    failIfNoPactsFound: false,
    enablePending: source.enablePending,
    ...(source.publish ? { publishVerificationResult: true as const } : {}),
    providerVersion: source.providerVersion,
    ...(source.providerBranch ? { providerVersionBranch: source.providerBranch } : {}),
  };
}

/** What the results may record about the source: never a token or a password. */
export function describeSource(source: PactSource): Record<string, string | boolean> {
  return source.mode === 'local'
    ? { mode: 'local', pactDir: source.pactDir }
    : {
        mode: 'broker',
        brokerUrl: source.brokerUrl,
        providerVersion: source.providerVersion,
        published: source.publish,
        selectors: JSON.stringify(source.consumerVersionSelectors),
      };
}
