// axe-core on a live page. The source is evaluated through the DevTools protocol rather than added
// as a <script>: a strict CSP (what the portal must have) would block an injected inline script.
import { createRequire } from 'node:module';
import type * as AxeCore from 'axe-core';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import type { AxeScan, AxeViolation } from '../artifact.ts';
import { pageUrl } from '../page-url.ts';

/** Selectors kept per violation, at most. */
const MAX_SELECTORS = 5;
export const AXE_TIMEOUT_MS = 30_000;

/** axe-core's source, read when a page is first scanned (loading the module costs ~0.4 s of CPU). */
let axeSource: string | undefined;
function axeCoreSource(): string {
  axeSource ??= (createRequire(import.meta.url)('axe-core') as typeof AxeCore).source;
  return axeSource;
}

interface PageAxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    helpUrl: string;
    tags: string[];
    targets: unknown[];
  }[];
  passes: number;
  incomplete: number;
}

/** axe's node target: selectors per frame, a shadow-DOM path being itself an array. */
export function selectorOf(target: unknown): string {
  if (!Array.isArray(target)) return String(target);
  return target.map((t) => (Array.isArray(t) ? t.map(String).join(' >>> ') : String(t))).join(' >>> ');
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function evaluateAxe(page: Page, tags: readonly string[]): Promise<PageAxeResult> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: { run?: unknown } }).axe?.run === 'function',
  );
  if (!loaded) await page.evaluate(axeCoreSource());
  return page.evaluate(
    async (values) => {
      const w = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
      const r = await w.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          helpUrl: v.helpUrl,
          tags: v.tags,
          targets: v.nodes.map((n) => n.target as unknown),
        })),
        passes: r.passes.length,
        incomplete: r.incomplete.length,
      };
    },
    [...tags],
  );
}

/** Scans the page as it is now; a failure is recorded in the scan, not thrown. */
export async function scanPage(
  page: Page,
  name: string,
  tags: readonly string[],
  screenshot?: string,
): Promise<AxeScan> {
  const base = { page: name, url: pageUrl(page.url()), ...(screenshot ? { screenshot } : {}) };
  try {
    const r = await withTimeout(evaluateAxe(page, tags), AXE_TIMEOUT_MS, `axe on ${name}`);
    const violations: AxeViolation[] = r.violations.map((v) => ({
      ruleId: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      nodes: v.targets.length,
      selectors: v.targets.slice(0, MAX_SELECTORS).map(selectorOf),
    }));
    return { ...base, violations, passes: r.passes, incomplete: r.incomplete };
  } catch (err) {
    return {
      ...base,
      violations: [],
      passes: 0,
      incomplete: 0,
      error: (err as Error).message.split('\n')[0] ?? 'axe failed',
    };
  }
}
