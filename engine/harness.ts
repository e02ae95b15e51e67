// Programmatic entry: run the harness against a target without the CLI (used by tests and by
// anyone embedding the harness). The CLI adds flag parsing, the embedded server and report files.
import { ClientCredentialsTokenProvider } from './auth.ts';
import type { AnyCheck, AnyCollector } from './check.ts';
import type { CollectContext, Logger } from './context.ts';
import { MemoryEvidenceStore } from './evidence.ts';
import { ScopedHttpClient } from './http.ts';
import { loadProfile, type Profile } from './profile.ts';
import { Runner } from './runner.ts';
import type { Target } from './target.ts';
import type { Area, Requirement, Results } from './types.ts';

export const SILENT_LOGGER: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export interface HarnessOptions {
  target: Target;
  checks: readonly AnyCheck[];
  collectors: readonly AnyCollector[];
  requirements: readonly Requirement[];
  profile?: Profile;
  suites?: Area[];
  only?: readonly string[];
  seed?: number;
  outDir?: string;
  log?: Logger;
  operationOf?: (method: string, url: string) => string | undefined;
  runOptions?: Record<string, string | number | boolean | undefined>;
  tool?: { name: string; version: string };
}

/** A real collect context (scoped client, tokens, evidence) for driving collectors directly. */
export function createCollectContext(
  target: Target,
  opts: {
    profile?: Profile;
    seed?: number;
    log?: Logger;
    outDir?: string;
    operationOf?: HarnessOptions['operationOf'];
    runOptions?: HarnessOptions['runOptions'];
  } = {},
): CollectContext & { close(): Promise<void>; evidenceStore: MemoryEvidenceStore } {
  const profile = opts.profile ?? loadProfile('default');
  const evidence = new MemoryEvidenceStore(opts.outDir);
  const holder: { auth?: ClientCredentialsTokenProvider } = {};
  const http = new ScopedHttpClient({
    target,
    evidence,
    token: (role) => holder.auth!.token(role),
    operationOf: opts.operationOf,
    requestTimeoutMs: profile.limits.requestTimeoutMs,
    maxRequests: profile.limits.maxRequests,
  });
  holder.auth = new ClientCredentialsTokenProvider(target, () => http);
  return {
    target,
    profile,
    http,
    auth: holder.auth,
    evidence,
    evidenceStore: evidence,
    log: opts.log ?? SILENT_LOGGER,
    seed: opts.seed ?? 1,
    signal: new AbortController().signal,
    outDir: opts.outDir ?? '',
    runOptions: opts.runOptions ?? {},
    close: () => http.close(),
  };
}

export async function runHarness(o: HarnessOptions): Promise<Results> {
  const profile = o.profile ?? loadProfile('default');
  const ctx = createCollectContext(o.target, {
    profile,
    seed: o.seed,
    log: o.log,
    outDir: o.outDir,
    operationOf: o.operationOf,
  });
  try {
    return await new Runner({
      tool: o.tool ?? { name: 'port-conformance', version: '0.0.0-test' },
      target: o.target,
      profile,
      suites: o.suites ?? profile.suites,
      checks: o.checks,
      collectors: o.collectors,
      requirements: o.requirements,
      http: ctx.http,
      auth: ctx.auth,
      evidence: ctx.evidence,
      log: ctx.log,
      seed: ctx.seed,
      outDir: ctx.outDir,
      only: o.only,
      runOptions: o.runOptions,
    }).run();
  } finally {
    await ctx.close();
  }
}
