// Test helpers: start a fixture, build a Target for it, and run collectors or the whole harness.
import { resolveTarget } from '../../engine/config.ts';
import { createCollectContext, runHarness } from '../../engine/harness.ts';
import { loadProfile, type Profile } from '../../engine/profile.ts';
import type { Target } from '../../engine/target.ts';
import type { Area, Results } from '../../engine/types.ts';
import { loadRequirements } from '../../contracts/requirements.ts';
import { DEMO_CLIENTS, DEMO_PORTAL_USERS } from '../../fixtures/credentials.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../../fixtures/index.ts';
import { operationMatcher } from '../../suites/contract/operations.ts';
import { ALL_CHECKS, ALL_COLLECTORS } from '../../suites/index.ts';

export type { FixtureServer };

export async function startFixture(kind: 'reference' | 'flawed', defects?: string[]): Promise<FixtureServer> {
  return kind === 'reference'
    ? startReferenceServer({ host: '127.0.0.1', port: 0 })
    : startFlawedServer({ host: '127.0.0.1', port: 0, defects });
}

export function targetFor(server: FixtureServer): Target {
  const user = DEMO_PORTAL_USERS[0];
  return resolveTarget({
    targetUrl: server.origin,
    env: {},
    loopbackDefaults: {
      credentials: DEMO_CLIENTS,
      portalUser: user ? { username: user.username, password: user.password } : undefined,
      ca: [server.caPem],
    },
  });
}

/** A real collect context against a fixture: drive one collector in a test. */
export async function contextFor(server: FixtureServer, opts: { profile?: Profile; seed?: number } = {}) {
  const profile = opts.profile ?? loadProfile('default');
  return createCollectContext(targetFor(server), {
    ...opts,
    profile,
    operationOf: await operationMatcher(profile, '/api/v1'),
  });
}

/** The whole harness (selected checks only) against a fixture. */
export async function runAgainst(
  server: FixtureServer,
  opts: { checks?: string[]; suites?: Area[]; profile?: Profile; seed?: number } = {},
): Promise<Results> {
  const profile = opts.profile ?? loadProfile('default');
  return runHarness({
    target: targetFor(server),
    checks: ALL_CHECKS,
    collectors: ALL_COLLECTORS,
    requirements: loadRequirements(),
    profile,
    suites: opts.suites ?? profile.suites,
    only: opts.checks,
    seed: opts.seed ?? 1,
    operationOf: await operationMatcher(profile, '/api/v1'),
  });
}

export function outcomeOf(results: Results, checkId: string) {
  return results.checks.find((c) => c.id === checkId)?.outcome;
}
