// A small typed client of the psw-v1 API, as the consortium's consumer systems use it. The consumer
// contract tests drive it against Pact's mock server, so what the pacts record is what this client
// really sends and really relies on in the answers.
import type {
  CrewList,
  DangerousGoods,
  GeneralDeclaration,
  PassengerList,
  PortCallInput,
  SecurityNotification,
  WasteNotification,
} from '../samples.ts';

export type PortCallStatus = 'notified' | 'cancelled' | 'arrived' | 'departed';
export type ClearanceDecision = 'granted' | 'refused' | 'conditional';
export type DocumentType =
  'port-call' | 'general-declaration' | 'crew-list' | 'passenger-list' | 'dangerous-goods' | 'waste' | 'security';
export type FormalityType = Exclude<DocumentType, 'port-call'>;

export interface Issue {
  code: string;
  pointer: string;
  detail: string;
}

export interface Receipt {
  receiptId: string;
  outcome: 'accepted' | 'incomplete' | 'rejected';
  portCallId: string;
  documentType: DocumentType;
  receivedAt: string;
  errors: Issue[];
  warnings: { code: string; pointer?: string; detail: string }[];
}

export interface PortCall extends PortCallInput {
  portCallId: string;
  tenant: string;
  status: PortCallStatus;
  ata: string | null;
  atd: string | null;
  clearance: { decision: ClearanceDecision; remarks?: string; decidedAt: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PortCallPage {
  items: PortCall[];
  nextCursor?: string | null;
}

export interface FormalitySummary {
  formalityType: FormalityType;
  receiptId: string;
  outcome: Receipt['outcome'];
  submittedAt: string;
}

export interface FormalityRecord extends FormalitySummary {
  document: Record<string, unknown>;
}

/** RFC 9457 problem; a rejection (422) also carries the receipt members. */
export interface Problem extends Partial<Omit<Receipt, 'errors'>> {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Issue[];
}

export interface FormalityDocuments {
  'general-declaration': GeneralDeclaration;
  'crew-list': CrewList;
  'passenger-list': PassengerList;
  'dangerous-goods': DangerousGoods;
  waste: WasteNotification;
  security: SecurityNotification;
}

/** A non-2xx answer: the status and, when the body was a problem, the problem. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(`HTTP ${status}${problem?.title ? `: ${problem.title}` : ''}`);
  }
}

export interface ClientOptions {
  /** The API base, e.g. https://psw.example.org/api/v1 */
  baseUrl: string;
  /** The consumer's bearer token (its own OAuth client). */
  token: () => string | Promise<string>;
  timeoutMs?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

const ACCEPT = 'application/json, application/problem+json';

export class SingleWindowClient {
  readonly #base: string;
  constructor(private readonly opts: ClientOptions) {
    this.#base = opts.baseUrl.replace(/\/+$/, '');
  }

  /** createPortCall: the pre-arrival notification. */
  async notifyPortCall(input: PortCallInput): Promise<{ receipt: Receipt; location: string; etag: string }> {
    const res = await this.#send('POST', '/port-calls', { body: input });
    return { receipt: (await res.json()) as Receipt, location: required(res, 'location'), etag: required(res, 'etag') };
  }

  /** The port call and its ETag (absent when the answer carries none; only updaters need it). */
  async getPortCall(portCallId: string): Promise<{ portCall: PortCall; etag?: string }> {
    const res = await this.#send('GET', portCallPath(portCallId));
    return { portCall: (await res.json()) as PortCall, etag: res.headers.get('etag') ?? undefined };
  }

  async listPortCalls(query: { limit?: number; cursor?: string; status?: PortCallStatus } = {}): Promise<PortCallPage> {
    const q = new URLSearchParams();
    if (query.limit !== undefined) q.set('limit', String(query.limit));
    if (query.cursor !== undefined) q.set('cursor', query.cursor);
    if (query.status !== undefined) q.set('status', query.status);
    const qs = q.toString();
    return (await (await this.#send('GET', `/port-calls${qs ? `?${qs}` : ''}`)).json()) as PortCallPage;
  }

  /** updatePortCall with the ETag last read (optimistic concurrency). */
  async updatePortCall(
    portCallId: string,
    input: PortCallInput,
    etag: string,
  ): Promise<{ receipt: Receipt; etag: string }> {
    const res = await this.#send('PUT', portCallPath(portCallId), { body: input, headers: { 'If-Match': etag } });
    return { receipt: (await res.json()) as Receipt, etag: required(res, 'etag') };
  }

  async cancelPortCall(portCallId: string, reason: string): Promise<PortCall> {
    return (await (
      await this.#send('POST', `${portCallPath(portCallId)}/cancel`, { body: { reason } })
    ).json()) as PortCall;
  }

  async recordArrival(portCallId: string, ata: string): Promise<PortCall> {
    return (await (
      await this.#send('POST', `${portCallPath(portCallId)}/arrival`, { body: { ata } })
    ).json()) as PortCall;
  }

  async recordDeparture(portCallId: string, atd: string): Promise<PortCall> {
    return (await (
      await this.#send('POST', `${portCallPath(portCallId)}/departure`, { body: { atd } })
    ).json()) as PortCall;
  }

  async decideClearance(portCallId: string, decision: ClearanceDecision, remarks?: string): Promise<PortCall> {
    const body = remarks === undefined ? { decision } : { decision, remarks };
    return (await (await this.#send('POST', `${portCallPath(portCallId)}/clearance`, { body })).json()) as PortCall;
  }

  async submitFormality<T extends FormalityType>(
    portCallId: string,
    type: T,
    document: FormalityDocuments[T],
  ): Promise<Receipt> {
    return (await (
      await this.#send('POST', `${portCallPath(portCallId)}/formalities/${type}`, { body: document })
    ).json()) as Receipt;
  }

  async listFormalities(portCallId: string): Promise<FormalitySummary[]> {
    const body = (await (await this.#send('GET', `${portCallPath(portCallId)}/formalities`)).json()) as {
      items: FormalitySummary[];
    };
    return body.items;
  }

  async getFormality(portCallId: string, type: FormalityType): Promise<FormalityRecord> {
    return (await (
      await this.#send('GET', `${portCallPath(portCallId)}/formalities/${type}`)
    ).json()) as FormalityRecord;
  }

  async #send(
    method: string,
    path: string,
    o: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: ACCEPT,
      Authorization: `Bearer ${await this.opts.token()}`,
      ...o.headers,
    };
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await (this.opts.fetch ?? fetch)(this.#base + path, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    if (res.ok) return res;
    const text = await res.text();
    let problem: Problem | undefined;
    if (/json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        problem = undefined;
      }
    }
    throw new ApiError(res.status, problem);
  }
}

function portCallPath(portCallId: string): string {
  return `/port-calls/${encodeURIComponent(portCallId)}`;
}

/** A header the consumer cannot work without (Location, ETag). */
function required(res: Response, name: string): string {
  const value = res.headers.get(name);
  if (!value) throw new Error(`${res.url}: the answer has no ${name} header`);
  return value;
}
