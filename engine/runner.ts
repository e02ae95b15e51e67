// The runner: select checks, collect the artifacts they declare, judge, and assemble results.
// Nothing a collector or check throws stops the run; it becomes an `error` with its cause.
import { randomUUID } from 'node:crypto';
import { makeCheckContext, type AnyCheck, type AnyCollector, type ArtifactMap } from './check.ts';
import type { CollectContext, EvidenceStore, HttpClient, Logger, TokenProvider } from './context.ts';
import { errorMessage } from './errors.ts';
import { checkSettings, type Profile } from './profile.ts';
import type { Target } from './target.ts';
import {
  AREAS,
  emptyCounts,
  maxSeverity,
  type Area,
  type ArtifactRecord,
  type CheckResult,
  type Outcome,
  type Requirement,
  type RequirementStatus,
  type Results,
  type RunErrorRecord,
  type Severity,
} from './types.ts';

export const RESULTS_SCHEMA_VERSION = '1.0.0';

export interface RunInput {
  tool: { name: string; version: string };
  target: Target;
  profile: Profile;
  suites: Area[];
  checks: readonly AnyCheck[];
  collectors: readonly AnyCollector[];
  requirements: readonly Requirement[];
  http: HttpClient;
  auth: TokenProvider;
  evidence: EvidenceStore;
  log: Logger;
  seed: number;
  outDir: string;
  /** Only these check ids (after suite selection). */
  only?: readonly string[];
  runOptions?: Record<string, string | number | boolean | undefined>;
  /** Recorded in results.run.options (no secrets). */
  options?: Results['run']['options'];
  signal?: AbortSignal;
  /** Called when an area's checks are all judged (for incremental writes / progress). */
  onProgress?: (partial: Results) => void;
}

interface ArtifactState {
  status: 'ok' | 'error';
  value?: unknown;
  error?: string;
  durationMs: number;
}

function timeout<T>(p: Promise<T>, ms: number, what: string, controller?: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort(new Error(`${what} timed out after ${ms} ms`));
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export class Runner {
  readonly #artifacts = new Map<string, ArtifactState>();
  readonly #inflight = new Map<string, Promise<ArtifactState>>();
  readonly #collectors: Map<string, AnyCollector>;
  readonly #requirements: Map<string, Requirement>;

  constructor(private readonly input: RunInput) {
    this.#collectors = new Map(input.collectors.map((c) => [c.name, c]));
    this.#requirements = new Map(input.requirements.map((r) => [r.id, r]));
  }

  #context(signal: AbortSignal): CollectContext {
    const i = this.input;
    return {
      target: i.target,
      profile: i.profile,
      http: i.http,
      auth: i.auth,
      evidence: i.evidence,
      log: i.log,
      seed: i.seed,
      signal,
      outDir: i.outDir,
      runOptions: i.runOptions ?? {},
    };
  }

  /** Collects one artifact (and its dependencies), memoised. */
  collect(name: string): Promise<ArtifactState> {
    const done = this.#artifacts.get(name);
    if (done) return Promise.resolve(done);
    let p = this.#inflight.get(name);
    if (p) return p;
    p = this.#collectOne(name).then((state) => {
      this.#artifacts.set(name, state);
      return state;
    });
    this.#inflight.set(name, p);
    return p;
  }

  async #collectOne(name: string): Promise<ArtifactState> {
    const collector = this.#collectors.get(name);
    if (!collector) return { status: 'error', error: `no collector provides artifact ${name}`, durationMs: 0 };
    const deps: Partial<ArtifactMap> = {};
    for (const dep of collector.dependsOn ?? []) {
      const d = await this.collect(dep);
      if (d.status === 'error')
        return { status: 'error', error: `needs ${dep}, which failed: ${d.error}`, durationMs: 0 };
      (deps as Record<string, unknown>)[dep] = d.value;
    }
    const started = Date.now();
    const controller = new AbortController();
    const outer = this.input.signal;
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      if (outer?.aborted) throw new Error('run interrupted');
      const ms = collector.timeoutMs ?? this.input.profile.limits.collectorTimeoutMs;
      const value = await timeout(
        collector.collect(this.#context(controller.signal), deps),
        ms,
        `collector ${name}`,
        controller,
      );
      return { status: 'ok', value, durationMs: Date.now() - started };
    } catch (err) {
      this.input.log.debug(`collector ${name} failed: ${(err as Error).stack ?? err}`);
      return { status: 'error', error: errorMessage(err), durationMs: Date.now() - started };
    } finally {
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /** Every artifact name the checks need, with collector dependencies. */
  #needed(checks: readonly AnyCheck[]): string[] {
    const out = new Set<string>();
    const visit = (n: string) => {
      if (out.has(n)) return;
      out.add(n);
      for (const d of this.#collectors.get(n)?.dependsOn ?? []) visit(d);
    };
    for (const c of checks) for (const r of c.requires) visit(r);
    return [...out];
  }

  async run(): Promise<Results> {
    const i = this.input;
    const startedAt = new Date();
    const runErrors: RunErrorRecord[] = [];
    const selected: AnyCheck[] = [];
    const skipped: { check: AnyCheck; reason: string }[] = [];
    for (const c of i.checks) {
      const s = checkSettings(i.profile, c.id);
      if (!i.suites.includes(c.area)) skipped.push({ check: c, reason: `suite "${c.area}" not selected` });
      else if (s.enabled === false) skipped.push({ check: c, reason: `disabled by profile ${i.profile.id}` });
      else if (i.only && !i.only.includes(c.id)) skipped.push({ check: c, reason: 'not in --checks' });
      else selected.push(c);
    }

    // Ordinary collectors in parallel, then exclusive ones alone, then the ones that run last.
    const names = this.#needed(selected);
    const phase = (n: string) => {
      const c = this.#collectors.get(n);
      return c?.runsLast ? 2 : c?.exclusive ? 1 : 0;
    };
    await pool(
      names.filter((n) => phase(n) === 0),
      i.profile.limits.concurrency,
      async (n) => void (await this.collect(n)),
    );
    for (const n of names.filter((n) => phase(n) === 1)) await this.collect(n);
    for (const n of names.filter((n) => phase(n) === 2)) await this.collect(n);

    const areaTime = new Map<Area, number>();
    const results: CheckResult[] = [];
    const extensions: Record<string, unknown> = {};
    await pool(selected, i.profile.limits.concurrency, async (check) => {
      const r = await this.#judge(check, extensions);
      // An area's time: its collectors' time is shared, so count what its checks needed plus judging.
      const collectMs = check.requires.reduce(
        (sum: number, n: string) => sum + (this.#artifacts.get(n)?.durationMs ?? 0),
        0,
      );
      areaTime.set(check.area, Math.max(areaTime.get(check.area) ?? 0, collectMs + r.durationMs));
      results.push(r);
    });
    for (const { check, reason } of skipped) results.push(this.#skippedResult(check, reason));
    const order = new Map(i.checks.map((c, idx) => [c.id, idx]));
    results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

    const finishedAt = new Date();
    const artifacts: ArtifactRecord[] = names.map((n) => {
      const a = this.#artifacts.get(n);
      return a
        ? { name: n, status: a.status, durationMs: a.durationMs, ...(a.error ? { error: a.error } : {}) }
        : { name: n, status: 'skipped', durationMs: 0 };
    });
    return assembleResults({
      input: i,
      startedAt,
      finishedAt,
      checks: results,
      artifacts,
      errors: runErrors,
      areaTime,
      extensions,
    });
  }

  #requirementSeverity(ids: readonly string[]): Severity {
    return maxSeverity(ids.map((id) => this.#requirements.get(id)?.severity ?? 'info'));
  }

  #isRequired(check: AnyCheck): boolean {
    const s = checkSettings(this.input.profile, check.id);
    if (typeof s.required === 'boolean') return s.required;
    return check.requirements.some((id: string) => {
      const level = this.#requirements.get(id)?.level;
      return level !== undefined && this.input.profile.blocking.levels.includes(level);
    });
  }

  #base(check: AnyCheck): Omit<CheckResult, 'outcome' | 'title' | 'durationMs' | 'findings' | 'evidence'> {
    return {
      id: check.id,
      area: check.area,
      severity: this.#requirementSeverity(check.requirements),
      required: this.#isRequired(check),
      requirements: [...check.requirements],
      ...(check.cwe ? { cwe: [...check.cwe] } : {}),
      ...(check.owasp ? { owasp: [...check.owasp] } : {}),
      description: check.description,
    };
  }

  #skippedResult(check: AnyCheck, reason: string): CheckResult {
    return {
      ...this.#base(check),
      outcome: 'skipped',
      title: check.title,
      durationMs: 0,
      summary: reason,
      findings: [],
      evidence: [],
    };
  }

  async #judge(check: AnyCheck, extensions: Record<string, unknown>): Promise<CheckResult> {
    const started = Date.now();
    const base = this.#base(check);
    const errorResult = (message: string, err?: unknown): CheckResult => ({
      ...base,
      outcome: 'error',
      title: check.failureTitle,
      durationMs: Date.now() - started,
      summary: message,
      findings: [],
      evidence: [],
      error: {
        message,
        ...(err instanceof Error && err.cause ? { cause: errorMessage(err.cause) } : {}),
        ...(err instanceof Error && err.stack ? { stack: err.stack.split('\n').slice(0, 6).join('\n') } : {}),
      },
    });
    const artifacts: Record<string, unknown> = {};
    for (const name of check.requires as readonly string[]) {
      const a = this.#artifacts.get(name);
      if (!a || a.status === 'error')
        return errorResult(`required artifact ${name} is unavailable: ${a?.error ?? 'not collected'}`);
      artifacts[name] = a.value;
    }
    const settings = checkSettings(this.input.profile, check.id);
    const options = { ...(check.defaultOptions as object), ...(settings.options ?? {}) };
    try {
      const ctx = makeCheckContext(check, options);
      const product = await timeout(
        Promise.resolve().then(() => check.run(artifacts as never, ctx)),
        this.input.profile.limits.checkTimeoutMs,
        `check ${check.id}`,
      );
      const outcome: Outcome = product.outcome;
      if (product.extension !== undefined) extensions[check.id] = product.extension;
      const findings = product.findings ?? [];
      const evidence = [...new Set([...(product.evidence ?? []), ...findings.flatMap((f) => f.evidence ?? [])])];
      return {
        ...base,
        outcome,
        title:
          outcome === 'pass' || outcome === 'not-applicable' || outcome === 'skipped'
            ? check.title
            : check.failureTitle,
        durationMs: Date.now() - started,
        ...(product.summary ? { summary: product.summary } : {}),
        findings,
        evidence,
        ...(product.metrics ? { metrics: finiteOnly(product.metrics) } : {}),
      };
    } catch (err) {
      return errorResult(errorMessage(err), err);
    }
  }
}

/** NaN and Infinity do not survive JSON; a metric that could not be measured is left out. */
function finiteOnly(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}

interface AssembleInput {
  input: Pick<
    RunInput,
    'tool' | 'target' | 'profile' | 'suites' | 'requirements' | 'checks' | 'evidence' | 'seed' | 'options'
  >;
  startedAt: Date;
  finishedAt: Date;
  checks: CheckResult[];
  artifacts: ArtifactRecord[];
  errors: RunErrorRecord[];
  areaTime?: Map<Area, number>;
  extensions?: Record<string, unknown>;
  verdictOverride?: Results['verdict'];
}

/** The first few ids for a one-line reason; the full list is summary.blocking. */
function idList(checks: readonly CheckResult[], max = 5): string {
  const ids = checks.map((c) => c.id);
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/** Builds the results object (also used for runs that end before any check, e.g. unreachable). */
export function assembleResults(a: AssembleInput): Results {
  const { input: i } = a;
  const counts = emptyCounts();
  const byArea: Results['summary']['byArea'] = {};
  for (const r of a.checks) {
    counts[r.outcome] += 1;
    const area = (byArea[r.area] ??= { counts: emptyCounts(), durationMs: a.areaTime?.get(r.area) ?? 0 });
    area.counts[r.outcome] += 1;
  }
  const blocking = a.checks
    .filter((r) => r.required && (r.outcome === 'fail' || r.outcome === 'error'))
    .map((r) => r.id);
  const requiredFails = a.checks.filter((r) => r.required && r.outcome === 'fail');
  const requiredErrors = a.checks.filter((r) => r.required && r.outcome === 'error');
  const judged = a.checks.filter((r) => r.outcome !== 'skipped');
  const verdict: Results['verdict'] =
    a.verdictOverride ??
    (requiredFails.length
      ? {
          status: 'not-conformant',
          conformant: false,
          exitCode: 1,
          reason: `${requiredFails.length} required check(s) failed: ${idList(requiredFails)}`,
        }
      : requiredErrors.length
        ? {
            status: 'incomplete',
            conformant: false,
            exitCode: 1,
            reason: `${requiredErrors.length} required check(s) could not be judged: ${idList(requiredErrors)}`,
          }
        : judged.length === 0
          ? { status: 'incomplete', conformant: false, exitCode: 1, reason: 'no check was run' }
          : {
              status: 'conformant',
              conformant: true,
              exitCode: 0,
              reason: `all ${judged.filter((r) => r.required).length} required checks passed`,
            });

  const outcomesById = new Map(a.checks.map((r) => [r.id, r.outcome]));
  const requirements: RequirementStatus[] = i.requirements.map((req) => {
    const coveredBy = i.checks.filter((c) => c.requirements.includes(req.id)).map((c) => c.id);
    const outcomes = coveredBy
      .map((id) => outcomesById.get(id))
      .filter((o): o is Outcome => o !== undefined && o !== 'skipped');
    const status: RequirementStatus['status'] =
      coveredBy.length === 0
        ? 'not-tested'
        : outcomes.includes('fail')
          ? 'fail'
          : outcomes.length > 0 && outcomes.every((o) => o === 'pass' || o === 'not-applicable')
            ? 'pass'
            : outcomes.length === 0
              ? 'not-tested'
              : 'inconclusive';
    return { ...req, coveredBy, status };
  });

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: i.tool,
    run: {
      id: randomUUID(),
      startedAt: a.startedAt.toISOString(),
      finishedAt: a.finishedAt.toISOString(),
      durationMs: a.finishedAt.getTime() - a.startedAt.getTime(),
      seed: i.seed,
      profile: { id: i.profile.id, title: i.profile.title, version: i.profile.version },
      suites: [...i.suites].sort((x, y) => AREAS.indexOf(x) - AREAS.indexOf(y)),
      options: i.options ?? {},
    },
    target: {
      apiBaseUrl: i.target.apiBaseUrl,
      ...(i.target.portalUrl ? { portalUrl: i.target.portalUrl } : {}),
      kind: i.target.kind,
      name: i.target.name,
    },
    environment: { node: process.version, platform: process.platform, arch: process.arch },
    verdict,
    summary: { counts, byArea, blocking },
    checks: a.checks,
    requirements,
    evidence: i.evidence.all(),
    artifacts: a.artifacts,
    errors: a.errors,
    ...(a.extensions && Object.keys(a.extensions).length ? { extensions: a.extensions } : {}),
  };
}
