// Where the pacts come from and what the verifier is told, for both modes, without a network.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../engine/errors.ts';
import {
  DEFAULT_SELECTORS,
  defaultProviderVersion,
  describeSource,
  pactSourceFromEnv,
  verifierOptions,
} from '../../../../suites/contract/pact/options.ts';

const ctx = { targetHost: 'psw.lehavre.example:443', version: '1.2.3', pactDir: '/pacts' };

describe('pactSourceFromEnv', () => {
  it('uses the committed pact files when no broker is configured', () => {
    expect(pactSourceFromEnv({}, ctx)).toEqual({ mode: 'local', pactDir: '/pacts' });
    expect(pactSourceFromEnv({ PACT_BROKER_BASE_URL: '  ' }, ctx).mode).toBe('local');
  });

  it('uses the broker with a token, default selectors, publishing under harness version + host', () => {
    const s = pactSourceFromEnv(
      { PACT_BROKER_BASE_URL: 'https://broker.consortium.example/', PACT_BROKER_TOKEN: 't0k' },
      ctx,
    );
    expect(s).toEqual({
      mode: 'broker',
      brokerUrl: 'https://broker.consortium.example',
      auth: { token: 't0k' },
      consumerVersionSelectors: [...DEFAULT_SELECTORS],
      providerVersion: '1.2.3+psw.lehavre.example:443',
      publish: true,
      enablePending: false,
    });
  });

  it('takes username/password, selectors, provider version and branch from the environment', () => {
    const s = pactSourceFromEnv(
      {
        PACT_BROKER_BASE_URL: 'https://broker.example',
        PACT_BROKER_USERNAME: 'u',
        PACT_BROKER_PASSWORD: 'p',
        PACT_CONSUMER_VERSION_SELECTORS: '[{"branch":"release"},{"deployed":true,"environment":"production"}]',
        PACT_PROVIDER_VERSION: 'lehavre-2026.11.3',
        PACT_PROVIDER_BRANCH: 'main',
        PACT_PUBLISH_VERIFICATION_RESULTS: 'false',
        PACT_ENABLE_PENDING: 'true',
      },
      ctx,
    );
    expect(s).toMatchObject({
      mode: 'broker',
      auth: { username: 'u', password: 'p' },
      consumerVersionSelectors: [{ branch: 'release' }, { deployed: true, environment: 'production' }],
      providerVersion: 'lehavre-2026.11.3',
      providerBranch: 'main',
      publish: false,
      enablePending: true,
    });
  });

  it.each([
    [{ PACT_BROKER_BASE_URL: 'https://b.example' }, /PACT_BROKER_TOKEN/],
    [{ PACT_BROKER_BASE_URL: 'https://b.example', PACT_BROKER_USERNAME: 'u' }, /PACT_BROKER_TOKEN/],
    [{ PACT_BROKER_BASE_URL: 'not a url', PACT_BROKER_TOKEN: 't' }, /not a URL/],
    [{ PACT_BROKER_BASE_URL: 'ftp://b.example', PACT_BROKER_TOKEN: 't' }, /http\(s\)/],
    [
      { PACT_BROKER_BASE_URL: 'https://b.example', PACT_BROKER_TOKEN: 't', PACT_CONSUMER_VERSION_SELECTORS: '{' },
      /not JSON/,
    ],
    [
      { PACT_BROKER_BASE_URL: 'https://b.example', PACT_BROKER_TOKEN: 't', PACT_CONSUMER_VERSION_SELECTORS: '[]' },
      /non-empty/,
    ],
    [
      {
        PACT_BROKER_BASE_URL: 'https://b.example',
        PACT_BROKER_TOKEN: 't',
        PACT_CONSUMER_VERSION_SELECTORS: '[{"bogus":1}]',
      },
      /bogus/,
    ],
  ])('refuses an incomplete broker configuration %#', (env, message) => {
    expect(() => pactSourceFromEnv(env, ctx)).toThrow(UsageError);
    expect(() => pactSourceFromEnv(env, ctx)).toThrow(message);
  });

  it('default provider version joins the harness version and the target host', () => {
    expect(defaultProviderVersion('0.1.0', 'psw.example.org')).toBe('0.1.0+psw.example.org');
  });
});

describe('verifierOptions', () => {
  const run = { consumer: 'shipping-agent-system', timeoutMs: 30_000 };

  it('local: the consumer’s pact file, nothing published', () => {
    const o = verifierOptions({ mode: 'local', pactDir: '/pacts' }, run);
    expect(o).toEqual({
      provider: 'port-single-window',
      logLevel: 'error',
      timeout: 30_000,
      pactUrls: ['/pacts/shipping-agent-system-port-single-window.json'],
      failIfNoPactsFound: true,
    });
    expect(o).not.toHaveProperty('publishVerificationResult');
  });

  it('broker: selectors, the consumer filter, publishing with the provider version', () => {
    const o = verifierOptions(
      {
        mode: 'broker',
        brokerUrl: 'https://b.example',
        auth: { token: 't0k' },
        consumerVersionSelectors: [{ mainBranch: true }],
        providerVersion: '1.2.3+h',
        providerBranch: 'main',
        publish: true,
        enablePending: false,
      },
      run,
    );
    expect(o).toEqual({
      provider: 'port-single-window',
      logLevel: 'error',
      timeout: 30_000,
      pactBrokerUrl: 'https://b.example',
      pactBrokerToken: 't0k',
      consumerVersionSelectors: [{ mainBranch: true }],
      consumerFilters: ['shipping-agent-system'],
      failIfNoPactsFound: false,
      enablePending: false,
      publishVerificationResult: true,
      providerVersion: '1.2.3+h',
      providerVersionBranch: 'main',
    });
  });

  it('broker without publishing leaves the publish option out (pact-core refuses it otherwise)', () => {
    const o = verifierOptions(
      {
        mode: 'broker',
        brokerUrl: 'https://b.example',
        auth: { username: 'u', password: 'p' },
        consumerVersionSelectors: [{ deployedOrReleased: true }],
        providerVersion: 'v',
        publish: false,
        enablePending: true,
      },
      run,
    );
    expect(o).toMatchObject({ pactBrokerUsername: 'u', pactBrokerPassword: 'p', enablePending: true });
    expect(o).not.toHaveProperty('publishVerificationResult');
    expect(o).not.toHaveProperty('pactBrokerToken');
  });

  it('describeSource never carries credentials', () => {
    const d = describeSource({
      mode: 'broker',
      brokerUrl: 'https://b.example',
      auth: { token: 'secret-token' },
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersion: 'v',
      publish: true,
      enablePending: false,
    });
    expect(JSON.stringify(d)).not.toContain('secret-token');
    expect(d).toMatchObject({ mode: 'broker', providerVersion: 'v', published: true });
  });
});
