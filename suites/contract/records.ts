// What the contract collectors keep of each exchange: enough for a check to judge it without the
// raw client log, plus the evidence id so every finding can point at what was sent and received.
import type { HttpExchange } from '../../engine/context.ts';

/** One request of a scenario, by name (e.g. the lifecycle's "updateStale"). */
export interface StepRecord {
  method: string;
  url: string;
  status: number;
  /** Response headers, lowercased names. */
  headers: Record<string, string>;
  /** Parsed JSON body, else the text (absent when empty). */
  body?: unknown;
  evidenceId?: string;
  operationId?: string;
  /** The If-Match value sent, for conditional requests (the rest of the request is in the evidence). */
  ifMatch?: string;
}

/** One submission of a message that breaks (or, for a control, keeps) a rule at `pointer`. */
export interface ProbeRecord {
  probe: string;
  /** RFC 6901 pointer into the submitted body at the broken field ('' for a control). */
  pointer: string;
  status: number;
  body?: unknown;
  /** Response media type, lowercased, without parameters. */
  contentType?: string;
  evidenceId?: string;
  operationId?: string;
  method?: string;
  url?: string;
}

export function mediaTypeOf(headers: Record<string, string>): string | undefined {
  const raw = headers['content-type'];
  if (raw === undefined) return undefined;
  return (raw.split(';')[0] ?? '').trim().toLowerCase() || undefined;
}

function bodyOf(ex: HttpExchange): unknown {
  if (ex.json !== undefined) return ex.json;
  return ex.text === '' ? undefined : ex.text;
}

export function stepOf(ex: HttpExchange, ifMatch?: string): StepRecord {
  const body = bodyOf(ex);
  return {
    method: ex.method,
    url: ex.url,
    status: ex.status,
    headers: ex.headers,
    ...(body === undefined ? {} : { body }),
    ...(ex.evidenceId === undefined ? {} : { evidenceId: ex.evidenceId }),
    ...(ex.operationId === undefined ? {} : { operationId: ex.operationId }),
    ...(ifMatch === undefined ? {} : { ifMatch }),
  };
}

export function probeOf(probe: string, pointer: string, ex: HttpExchange | StepRecord): ProbeRecord {
  const step = 'requestHeaders' in ex ? stepOf(ex) : ex;
  const contentType = mediaTypeOf(step.headers);
  return {
    probe,
    pointer,
    status: step.status,
    ...(step.body === undefined ? {} : { body: step.body }),
    ...(contentType === undefined ? {} : { contentType }),
    ...(step.evidenceId === undefined ? {} : { evidenceId: step.evidenceId }),
    ...(step.operationId === undefined ? {} : { operationId: step.operationId }),
    method: step.method,
    url: step.url,
  };
}
