// ErrorProbes: at least one request to every operation of the profile's document, each built to take
// the operation's error path where it has one: no token (every protected operation), an unparsable
// value in each query parameter and each path parameter, a body that is not JSON (every operation
// that takes one); and on every path, a method it does not document (PATCH, answered 405). Operations
// without a client error path get one ordinary request. The checks that
// judge a property of every answer (error-disclosure, security-headers, problem-details-format) read
// these with everything else the run recorded.
import type { OpenApiModel, OperationModel, SchemaObject } from '../../../contracts/openapi.ts';
import { defineCollector, type ArtifactMap } from '../../../engine/check.ts';
import type { CollectContext, HttpRequestOptions } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { Pacer } from './pacing.ts';
import { createPortCall, isObject, openApiOf, operationUrl, validBody, type OwnPortCall } from './requests.ts';

export type ErrorProbeKind = 'no-token' | 'bad-query' | 'bad-path' | 'bad-body' | 'bad-method' | 'plain';

export interface ErrorProbe {
  kind: ErrorProbeKind;
  /** What the request was for, e.g. "unparsable query parameter limit". */
  purpose: string;
  /** The operation probed; absent for bad-method (no operation has that method). */
  operationId?: string;
  /** The documented path template of the URL. */
  pathTemplate: string;
  method: string;
  url: string;
  status?: number;
  error?: string;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** Response body (at most MAX_KEPT_BODY characters). */
  body: string;
  evidenceId?: string;
}

export interface ErrorProbes {
  /** The API base the probes were sent under. */
  apiBaseUrl: string;
  probes: ErrorProbe[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    ErrorProbes: ErrorProbes;
  }
}

const MAX_KEPT_BODY = 64 * 1024;
/** Bound on the requests, whatever the document (the profile needs about 50). */
export const MAX_ERROR_PROBES = 200;

/** A value the parameter's schema refuses, that a careless parser may choke on. */
export function unparsableValue(schema: SchemaObject | undefined): string {
  const s = isObject(schema) ? schema : {};
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'integer' || type === 'number') return 'abc';
  if (type === 'boolean') return 'maybe';
  if (s.format === 'uuid') return 'not-a-uuid';
  if (Array.isArray(s.enum) || '$ref' in s || s.const !== undefined) return 'no-such-value';
  // Percent-encoded bytes that are not UTF-8: a decoder that throws is the bug this looks for.
  return '%ff%fe';
}

/** Whether the operation documents a client error answer (4XX) a request could provoke. */
export function documentsClientError(op: OperationModel): boolean {
  return Object.keys(op.responses).some((s) => /^4(\d\d|XX)$/i.test(s));
}

/** The requests for one operation, against our own port call. */
export function errorRequests(
  model: OpenApiModel,
  op: OperationModel,
  apiBaseUrl: string,
  own: Pick<OwnPortCall, 'portCallId' | 'etag' | 'input'>,
): { kind: ErrorProbeKind; purpose: string; request: HttpRequestOptions }[] {
  const values = { portCallId: own.portCallId, formalityType: 'general-declaration' };
  const url = operationUrl(model, op, apiBaseUrl, values);
  const headers: Record<string, string> = op.method === 'PUT' && own.etag ? { 'if-match': own.etag } : {};
  const as = op.security ? ('agentA' as const) : undefined;
  const body = validBody(op, own.input);
  const out: { kind: ErrorProbeKind; purpose: string; request: HttpRequestOptions }[] = [];
  if (op.security)
    out.push({ kind: 'no-token', purpose: 'no token', request: { method: op.method, url, headers, body } });
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const u = new URL(url);
    // Raw, not re-encoded: the point is a value the server must parse.
    const query = [...u.searchParams.entries()]
      .filter(([k]) => k !== p.name)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    query.push(`${encodeURIComponent(p.name)}=${unparsableValue(p.schema)}`);
    out.push({
      kind: 'bad-query',
      purpose: `unparsable query parameter ${p.name}`,
      request: { method: op.method, url: `${u.origin}${u.pathname}?${query.join('&')}`, as, headers, body },
    });
  }
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const bad = operationUrl(model, op, apiBaseUrl, { ...values, [p.name]: '\u0000' }).replace(
      '%00',
      unparsableValue(p.schema),
    );
    out.push({
      kind: 'bad-path',
      purpose: `malformed path parameter ${p.name}`,
      request: { method: op.method, url: bad, as, headers, body },
    });
  }
  if (op.requestBody) {
    const json = Object.keys(op.requestBody.contentTypes).some((t) => t === 'application/json' || t.endsWith('+json'));
    out.push({
      kind: 'bad-body',
      purpose: json ? 'a body that is not JSON' : 'a JSON body where another media type is required',
      request: {
        method: op.method,
        url,
        as,
        headers: { ...headers, 'content-type': 'application/json' },
        body: json ? '{"probe": [' : '{"probe": true}',
      },
    });
  }
  if (out.length === 0 || !documentsClientError(op))
    out.push({ kind: 'plain', purpose: 'an ordinary request', request: { method: op.method, url, as, headers, body } });
  return out;
}

/** The method tried where a path does not document it: one that never acts on anything (no DELETE). */
export const UNDOCUMENTED_METHOD = 'PATCH';

/** One request per documented path with a method it does not document (a 405 to judge). */
export function badMethodRequests(
  model: OpenApiModel,
  apiBaseUrl: string,
  own: Pick<OwnPortCall, 'portCallId'>,
): { op: OperationModel; kind: ErrorProbeKind; purpose: string; request: HttpRequestOptions }[] {
  const byPath = new Map<string, OperationModel[]>();
  for (const op of model.operations) {
    const key = op.basePath + op.pathTemplate;
    byPath.set(key, [...(byPath.get(key) ?? []), op]);
  }
  const out: { op: OperationModel; kind: ErrorProbeKind; purpose: string; request: HttpRequestOptions }[] = [];
  for (const ops of byPath.values()) {
    if (ops.some((o) => o.method === UNDOCUMENTED_METHOD)) continue;
    const op = ops[0]!;
    const url = operationUrl(model, op, apiBaseUrl, {
      portCallId: own.portCallId,
      formalityType: 'general-declaration',
    });
    out.push({
      op,
      kind: 'bad-method',
      purpose: `${UNDOCUMENTED_METHOD}, which the path does not document`,
      request: { method: UNDOCUMENTED_METHOD, url, ...(op.security ? { as: 'agentA' as const } : {}), body: {} },
    });
  }
  return out;
}

export const errorProbesCollector = defineCollector({
  name: 'ErrorProbes',
  // One of the longest: started early (engine/schedule.ts startOrder).
  expectedMs: 5_000,
  description:
    'Every operation of the document called on its error path (no token, unparsable query and path parameters, a body that is not JSON), or once when it has none',
  dependsOn: ['OpenApi'],
  // It creates a port call of its own for the paths it probes: profile v1's conventions.
  standard: 'psw-v1',
  timeoutMs: 120_000,
  async collect(ctx: CollectContext, deps: Partial<ArtifactMap>): Promise<ErrorProbes> {
    const model = await openApiOf(ctx, deps);
    const own = await createPortCall(ctx, 'agentA', 'error probes: port call of our own');
    // Destructive-looking operations last, so a request served by mistake changes state after the others.
    const order = (op: OperationModel) => (op.method === 'GET' ? 0 : /cancel/i.test(op.operationId) ? 2 : 1);
    const requests = [
      ...[...model.operations]
        .sort((a, b) => order(a) - order(b))
        .flatMap((op) => errorRequests(model, op, ctx.target.apiBaseUrl, own).map((r) => ({ op, ...r }))),
      ...badMethodRequests(model, ctx.target.apiBaseUrl, own),
    ].slice(0, MAX_ERROR_PROBES);
    const probes: ErrorProbe[] = [];
    const pacer = new Pacer(ctx);
    for (const { op, kind, purpose, request } of requests) {
      if (ctx.signal.aborted || Date.now() >= ctx.endsBy) break;
      const base = {
        kind,
        purpose,
        ...(kind === 'bad-method' ? {} : { operationId: op.operationId }),
        pathTemplate: op.pathTemplate,
        method: request.method,
      };
      try {
        const ex = await ctx.http.request({
          ...request,
          label: `error probe (${purpose}): ${kind === 'bad-method' ? op.pathTemplate : op.operationId}`,
        });
        await pacer.after(ex);
        probes.push({
          ...base,
          url: ex.url,
          status: ex.status,
          headers: ex.headers,
          body: ex.text.slice(0, MAX_KEPT_BODY),
          ...(ex.evidenceId ? { evidenceId: ex.evidenceId } : {}),
        });
      } catch (err) {
        probes.push({ ...base, url: request.url, error: errorMessage(err), headers: {}, body: '' });
      }
    }
    return { apiBaseUrl: ctx.target.apiBaseUrl, probes };
  },
});
