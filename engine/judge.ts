// Judging: one check, the artifacts it declared, its options → a judged result. A throw, a timeout or
// a missing artifact becomes `error` with its cause; nothing here talks to the target.
import { makeCheckContext, type AnyCheck, type CheckProduct } from './check.ts';
import { errorMessage } from './errors.ts';
import type { JudgedCheck } from './scoring.ts';
import type { Outcome } from './types.ts';

/** What the scheduler knows of one artifact. */
export interface ArtifactState {
  status: 'ok' | 'error';
  value?: unknown;
  error?: string;
  durationMs: number;
  /** When the collector started and ended (epoch ms); absent when it never started. */
  startedAt?: number;
  endedAt?: number;
}

function base(
  check: AnyCheck,
): Pick<JudgedCheck, 'id' | 'area' | 'requirements' | 'cwe' | 'owasp' | 'description' | 'remediation'> {
  return {
    id: check.id,
    area: check.area,
    requirements: [...check.requirements],
    ...(check.cwe ? { cwe: [...check.cwe] } : {}),
    ...(check.owasp ? { owasp: [...check.owasp] } : {}),
    description: check.description,
    ...(check.remediation ? { remediation: check.remediation } : {}),
  };
}

/** A check that was not run (not selected, disabled, or the run ended before it began). */
export function skippedCheck(check: AnyCheck, reason: string): JudgedCheck {
  return {
    ...base(check),
    outcome: 'skipped',
    title: check.title,
    durationMs: 0,
    summary: reason,
    findings: [],
    evidence: [],
  };
}

/** A check that does not apply to this run (another standard's, or nothing to judge). */
export function notApplicableCheck(check: AnyCheck, reason: string): JudgedCheck {
  return {
    ...base(check),
    outcome: 'not-applicable',
    title: check.title,
    durationMs: 0,
    summary: reason,
    findings: [],
    evidence: [],
  };
}

/** A check that could not be judged, with its cause. */
export function erroredCheck(check: AnyCheck, message: string, durationMs = 0, err?: unknown): JudgedCheck {
  return {
    ...base(check),
    outcome: 'error',
    title: check.failureTitle,
    durationMs,
    summary: message,
    findings: [],
    evidence: [],
    error: {
      message,
      ...(err instanceof Error && err.cause ? { cause: errorMessage(err.cause) } : {}),
      ...(err instanceof Error && err.stack ? { stack: err.stack.split('\n').slice(0, 6).join('\n') } : {}),
    },
  };
}

function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** NaN and Infinity do not survive JSON; a metric that could not be measured is left out. */
function finiteOnly(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}

/** The check's own CWE and OWASP ids, then those its findings added in this run (no duplicates). */
function mergedTaxonomies(check: AnyCheck, product: CheckProduct): Pick<JudgedCheck, 'cwe' | 'owasp'> {
  const cwe = [...new Set([...(check.cwe ?? []), ...(product.cwe ?? [])])];
  const owasp = [...new Set([...(check.owasp ?? []), ...(product.owasp ?? [])])];
  return { ...(cwe.length ? { cwe } : {}), ...(owasp.length ? { owasp } : {}) };
}

export interface Judgement {
  result: JudgedCheck;
  /** results.extensions[<check id>], when the check produced one. */
  extension?: unknown;
}

export async function judgeCheck(
  check: AnyCheck,
  artifacts: ReadonlyMap<string, ArtifactState>,
  options: object,
  timeoutMs: number,
): Promise<Judgement> {
  const started = Date.now();
  const given: Record<string, unknown> = {};
  for (const name of check.requires as readonly string[]) {
    const a = artifacts.get(name);
    if (!a || a.status === 'error')
      return {
        result: erroredCheck(check, `required artifact ${name} is unavailable: ${a?.error ?? 'not collected'}`),
      };
    given[name] = a.value;
  }
  try {
    const ctx = makeCheckContext(check, { ...(check.defaultOptions as object), ...options });
    const product = await bounded(
      Promise.resolve().then(() => check.run(given as never, ctx)),
      timeoutMs,
      `check ${check.id}`,
    );
    const outcome: Outcome = product.outcome;
    const findings = product.findings ?? [];
    const evidence = [...new Set([...(product.evidence ?? []), ...findings.flatMap((f) => f.evidence ?? [])])];
    return {
      result: {
        ...base(check),
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
        ...(product.places ? { places: product.places } : {}),
        ...mergedTaxonomies(check, product),
        ...(product.engines && product.engines.length > 0 ? { engines: product.engines } : {}),
      },
      ...(product.extension !== undefined ? { extension: product.extension } : {}),
    };
  } catch (err) {
    return { result: erroredCheck(check, errorMessage(err), Date.now() - started, err) };
  }
}
