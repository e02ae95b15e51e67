// A scenario driver for the contract collectors: sends named steps through the scoped client,
// keeps a StepRecord per step, and notes why a step was not taken so a check can say so.
import type { CollectContext, HttpExchange, HttpRequestOptions } from '../../../engine/context.ts';
import { ScopeError, TransportError } from '../../../engine/errors.ts';
import { isObject } from '../judging.ts';
import { stepOf, type StepRecord } from '../records.ts';

export interface Scenario {
  steps: Record<string, StepRecord>;
  /** Step name → why it was not taken (an earlier step failed, no ETag, transport error). */
  skipped: Record<string, string>;
}

type StepOptions = Omit<HttpRequestOptions, 'label'> & { label: string };

export class ScenarioRunner implements Scenario {
  readonly steps: Record<string, StepRecord> = {};
  readonly skipped: Record<string, string> = {};

  constructor(
    private readonly ctx: CollectContext,
    private readonly prefix: string,
  ) {}

  /**
   * Sends one step. A transport failure, or a URL outside the scope (a Location elsewhere), skips it
   * (noted) instead of losing the whole scenario.
   */
  async step(name: string, opts: StepOptions): Promise<HttpExchange | undefined> {
    if (this.ctx.signal.aborted) throw new Error(`${this.prefix} interrupted before step ${name}`);
    if (name in this.steps || name in this.skipped) throw new Error(`${this.prefix}: step ${name} taken twice`);
    try {
      const ex = await this.ctx.http.request({ ...opts, label: `${this.prefix}: ${opts.label}` });
      const ifMatch = Object.entries(opts.headers ?? {}).find(([k]) => k.toLowerCase() === 'if-match')?.[1];
      this.steps[name] = stepOf(ex, ifMatch);
      return ex;
    } catch (err) {
      if (!(err instanceof TransportError || err instanceof ScopeError)) throw err;
      this.skipped[name] = err.message;
      return undefined;
    }
  }

  skip(name: string, reason: string): void {
    this.skipped[name] = reason;
  }

  result(): Scenario {
    return { steps: this.steps, skipped: this.skipped };
  }
}

/** The created port call's id: from the receipt, else the last segment of Location. */
export function createdPortCallId(ex: HttpExchange | undefined): string | undefined {
  if (!ex || ex.status < 200 || ex.status >= 300) return undefined;
  const body = ex.json;
  if (isObject(body) && typeof body.portCallId === 'string' && body.portCallId !== '') return body.portCallId;
  const location = ex.headers.location;
  if (!location) return undefined;
  const last = new URL(location, ex.url).pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : undefined;
}

/** Why a create did not give a usable port call, for the skipped notes. */
export function createFailure(ex: HttpExchange | undefined, what: string): string {
  return ex ? `${what} answered HTTP ${ex.status} without a usable port call id` : `${what} got no response`;
}

export const portCallPath = (id: string) => `/port-calls/${encodeURIComponent(id)}`;
