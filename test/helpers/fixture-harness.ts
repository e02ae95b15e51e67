// Test helpers: start a fixture, build a Target for it, drive one collector, or run the harness
// through the same run session the CLI uses (runAgainst).
import { resolveTarget } from '../../engine/config.ts';
import { loadProfile, type Profile } from '../../engine/profile.ts';
import type { Target } from '../../engine/target.ts';
import type { Area, Results } from '../../engine/types.ts';
import { createCollectContext } from '../../engine/wiring.ts';
import { DEMO_CLIENTS, DEMO_PORTAL_USERS } from '../../fixtures/credentials.ts';
import { startFlawedServer, startReferenceServer, type FixtureServer } from '../../fixtures/index.ts';
import { runSession, type RunRequest } from '../../session/index.ts';
import { operationMatcher } from '../../suites/contract/operations.ts';

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
export async function contextFor(
  server: FixtureServer,
  opts: { profile?: Profile; seed?: number; capabilities?: string[] } = {},
) {
  const { capabilities, ...rest } = opts;
  const profile = opts.profile ?? loadProfile('default');
  const target = targetFor(server);
  return createCollectContext(capabilities ? { ...target, capabilities } : target, {
    ...rest,
    profile,
    operationOf: await operationMatcher(profile, '/api/v1'),
  });
}

/** The harness (selected checks only) against a fixture, through the run session the CLI uses. */
export async function runAgainst(
  server: FixtureServer,
  opts: { checks?: string[]; suites?: Area[]; profile?: Profile; seed?: number } & Pick<
    RunRequest,
    'maxTimeMs' | 'signal' | 'output'
  > = {},
): Promise<Results> {
  const outcome = await runSession({
    target: { url: server.origin, env: {} },
    profile: opts.profile,
    suites: opts.suites,
    checks: opts.checks,
    seed: opts.seed ?? 1,
    maxTimeMs: opts.maxTimeMs,
    signal: opts.signal,
    output: opts.output,
  });
  if (outcome.cause) throw new Error(`the run ended before it began: ${outcome.cause.message}`);
  return outcome.results;
}

export function outcomeOf(results: Results, checkId: string) {
  return results.checks.find((c) => c.id === checkId)?.outcome;
}
