// Valid requests for any operation of any OpenAPI document: path parameters naming resources get a
// real resource created first (POST to the collection, or PUT of a fresh id), the body is the
// standard's sample or the document's example or a minimal instance, links between resources are
// filled by parameter name. A resource a successful change may have altered is replaced.
import {
  validateSchema,
  type OpenApiModel,
  type OperationModel,
  type SchemaObject,
} from '../../../contracts/openapi.ts';
import type { ClientRole, CollectContext, HttpExchange, HttpRequestOptions } from '../../../engine/context.ts';
import { InstanceBuilder } from './instance.ts';
import type { InputLocation, Mutation } from './mutations.ts';
import type { ResourceState, StandardPlan } from './plan-v1.ts';
import { withValueAt } from './pointer.ts';
import { isJsonMediaType, isObject, type RawDocument, type RawParameter } from './schema-doc.ts';
import type { Sent, Traffic } from './traffic.ts';

export interface PlannedRequest {
  op: OperationModel;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  mediaType?: string;
  as?: ClientRole;
  /** Keys of the resources this request acts on (a successful change retires them). */
  resources: string[];
  /** Path and query parameters holding resource ids (their values differ from run to run). */
  resourceParams: Set<string>;
}

export interface Unavailable {
  unavailable: string;
}

export interface AppliedMutation {
  in: InputLocation;
  param?: string;
  mutation: Mutation;
}

interface Producer {
  kind: 'collection' | 'upsert';
  op: OperationModel;
}

interface Resource {
  id: string;
  etag?: string;
  /** Path template of the resource itself (for reading its ETag). */
  template: string;
  params: Record<string, string>;
  retired: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const MAX_SETUP_DEPTH = 4;
/** Headers the client manages itself; a document that lists them as parameters is not obeyed. */
const MANAGED_HEADERS = new Set(['authorization', 'content-type', 'accept', 'content-length', 'host']);

class PlanError extends Error {}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export class RequestPlanner {
  readonly #builder: InstanceBuilder;
  readonly #bodies = new Map<OperationModel, { body?: unknown; error?: string }>();
  readonly #producers = new Map<string, Producer | null>();
  readonly #resources = new Map<string, Resource>();
  readonly #byId = new Map<string, OperationModel>();

  constructor(
    private readonly ctx: CollectContext,
    private readonly model: OpenApiModel,
    private readonly doc: RawDocument,
    private readonly traffic: Traffic,
    private readonly opts: { seed: number; now: Date; plan?: StandardPlan; label: string },
  ) {
    this.#builder = new InstanceBuilder(doc, { seed: opts.seed, now: opts.now, useExamples: false });
    for (const op of model.operations) this.#byId.set(op.operationId, op);
  }

  get plan(): StandardPlan | undefined {
    return this.opts.plan;
  }

  /** A valid request for `op`, creating the resources it needs; `fixed` path parameters are taken as given. */
  async prepare(
    op: OperationModel,
    fixed: Record<string, string> = {},
    depth = 0,
  ): Promise<PlannedRequest | Unavailable> {
    try {
      return await this.#prepare(op, fixed, depth);
    } catch (err) {
      if (err instanceof PlanError) return { unavailable: err.message };
      throw err;
    }
  }

  async #prepare(op: OperationModel, fixed: Record<string, string>, depth: number): Promise<PlannedRequest> {
    if (depth > MAX_SETUP_DEPTH) throw new PlanError(`${op.operationId}: resources nest too deeply`);
    const inputs = this.doc.inputs(op);
    const state = this.opts.plan?.state?.(op);
    const req: PlannedRequest = {
      op,
      pathParams: {},
      query: {},
      headers: {},
      resources: [],
      resourceParams: new Set(),
      ...(op.security ? { as: this.opts.plan?.role?.(op) ?? 'agentA' } : {}),
    };
    const pathParams = inputs.parameters.filter((p) => p.in === 'path');
    // The operation acts on the last resource of its path; a state applies to that one.
    const resourceParams = pathParams.filter(
      (p) =>
        !(p.name in fixed) && !(state?.params && p.name in state.params) && this.#producer(p.name, op.pathTemplate),
    );
    const main = resourceParams[resourceParams.length - 1];
    let mainResource: Resource | undefined;
    for (const p of pathParams) {
      if (p.name in fixed) {
        req.pathParams[p.name] = fixed[p.name]!;
        continue;
      }
      if (state?.params && p.name in state.params) {
        req.pathParams[p.name] = state.params[p.name]!;
        continue;
      }
      const producer = this.#producer(p.name, op.pathTemplate);
      if (producer) {
        const r = await this.#acquire(p.name, producer, p === main ? state : undefined, depth);
        req.pathParams[p.name] = r.resource.id;
        req.resources.push(r.key);
        req.resourceParams.add(p.name);
        if (p === main) mainResource = r.resource;
      } else {
        req.pathParams[p.name] = this.#scalar(p);
      }
    }
    for (const p of inputs.parameters) {
      if (p.in === 'query') {
        const linked = !p.required && this.#producerByName(p.name);
        if (linked) {
          req.query[p.name] = (await this.#acquire(p.name, linked, undefined, depth)).resource.id;
          req.resourceParams.add(p.name);
        } else if (p.required || p.examples.length > 0) req.query[p.name] = this.#scalar(p);
      } else if (p.in === 'header' && !MANAGED_HEADERS.has(p.name)) {
        if (p.name === 'if-match') {
          if (mainResource) req.headers[p.name] = await this.#etag(mainResource, op, depth);
          else if (p.required) req.headers[p.name] = '*';
        } else if (p.required || p.examples.length > 0) {
          req.headers[p.name] = this.#scalar(p);
        }
      }
    }
    const body = inputs.body;
    if (body) {
      const base = this.baseBody(op);
      if (base.error !== undefined) throw new PlanError(base.error);
      req.mediaType = body.mediaType;
      req.body = await this.#link(structuredClone(base.body), req.pathParams, depth);
    }
    return req;
  }

  /**
   * A request for a resource that does not exist: the operation's last resource parameter gets a
   * fresh id (its parents are real). Undefined when the path names no resource.
   */
  async absentResource(op: OperationModel): Promise<PlannedRequest | Unavailable | undefined> {
    const params = this.doc
      .inputs(op)
      .parameters.filter((p) => p.in === 'path' && this.#producer(p.name, op.pathTemplate));
    const last = params[params.length - 1];
    if (!last) return undefined;
    return this.prepare(op, { [last.name]: this.#freshId(last.name, op) });
  }

  /** The operation's valid body: the plan's, the document's examples, or a minimal instance; the first the document accepts. */
  baseBody(op: OperationModel): { body?: unknown; error?: string } {
    const hit = this.#bodies.get(op);
    if (hit) return hit;
    const inputs = this.doc.inputs(op).body;
    let result: { body?: unknown; error?: string };
    if (!inputs) result = {};
    else {
      const candidates: unknown[] = [];
      const planned = this.opts.plan?.body?.(op);
      if (planned !== undefined) candidates.push(planned);
      candidates.push(...inputs.examples);
      if (inputs.schema) {
        candidates.push(
          new InstanceBuilder(this.doc, { seed: this.opts.seed, now: this.opts.now, useExamples: true }).build(
            inputs.schema,
          ),
        );
        candidates.push(this.#builder.build(inputs.schema));
      }
      const valid = candidates.find((c) => c !== undefined && this.#valid(inputs.modelSchema, c));
      result =
        valid !== undefined
          ? { body: valid }
          : {
              error: `no valid ${inputs.mediaType} body could be built for ${op.operationId} (neither a sample, an example nor a minimal instance validates)`,
            };
    }
    this.#bodies.set(op, result);
    return result;
  }

  #valid(schema: SchemaObject | undefined, value: unknown): boolean {
    if (schema === undefined) return true;
    try {
      return validateSchema(this.model, schema, value).valid;
    } catch {
      return false;
    }
  }

  /** Top-level body members named like a resource parameter get that resource's id. */
  async #link(body: unknown, pathParams: Record<string, string>, depth: number): Promise<unknown> {
    if (!isObject(body)) return body;
    for (const key of Object.keys(body)) {
      if (typeof body[key] !== 'string') continue;
      if (key in pathParams) body[key] = pathParams[key];
      else {
        const producer = this.#producerByName(key);
        if (producer) body[key] = (await this.#acquire(key, producer, undefined, depth)).resource.id;
      }
    }
    return body;
  }

  #scalar(p: RawParameter): string {
    const value = p.examples.length > 0 ? p.examples[0] : p.schema ? this.#builder.build(p.schema) : 'x';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** Which operation creates the resource a path parameter names, if any (memoised by name). */
  #producer(name: string, template: string): Producer | undefined {
    const segments = template.split('/');
    const at = segments.indexOf(`{${name}}`);
    if (at < 0) return undefined;
    const own = segments.slice(0, at + 1).join('/');
    const collection = segments.slice(0, at).join('/');
    const withBody = (o: OperationModel) => o.requestBody !== undefined;
    const post = this.model.operations.find((o) => o.method === 'POST' && o.pathTemplate === collection && withBody(o));
    const put = this.model.operations.find((o) => o.method === 'PUT' && o.pathTemplate === own && withBody(o));
    const producer: Producer | undefined = post
      ? { kind: 'collection', op: post }
      : put
        ? { kind: 'upsert', op: put }
        : undefined;
    if (producer && !this.#producers.has(name)) this.#producers.set(name, producer);
    return producer;
  }

  /** A producer for a parameter name seen in some path (for links from bodies and queries). */
  #producerByName(name: string): Producer | undefined {
    if (this.#producers.has(name)) return this.#producers.get(name) ?? undefined;
    for (const op of this.model.operations) {
      const p = this.#producer(name, op.pathTemplate);
      if (p) return p;
    }
    this.#producers.set(name, null);
    return undefined;
  }

  async #acquire(
    name: string,
    producer: Producer,
    state: ResourceState | undefined,
    depth: number,
  ): Promise<{ key: string; resource: Resource }> {
    const key = `${name}${state ? `#${state.name}` : ''}`;
    const current = this.#resources.get(key);
    if (current && !current.retired) return { key, resource: current };
    const resource = await this.#create(name, producer, depth + 1);
    if (state) {
      const failure = await state.setup(resource.id, (operationId, fixed) => this.run(operationId, fixed, depth + 1));
      if (failure) throw new PlanError(`could not bring a ${name} resource into state ${state.name}: ${failure}`);
      delete resource.etag;
    }
    this.#resources.set(key, resource);
    return { key, resource };
  }

  async #create(name: string, producer: Producer, depth: number): Promise<Resource> {
    const fresh = producer.kind === 'upsert' ? this.#freshId(name, producer.op) : undefined;
    const req = await this.#prepare(producer.op, fresh === undefined ? {} : { [name]: fresh }, depth);
    const sent = await this.send(req, `create a ${name} resource`);
    const ex = sent?.exchange;
    if (!ex)
      throw new PlanError(
        `creating a ${name} resource (${producer.op.operationId}) ${sent ? `failed: ${sent.error}` : 'was not sent: the request budget is spent'}`,
      );
    if (!isSuccess(ex.status))
      throw new PlanError(`creating a ${name} resource: ${producer.op.operationId} answered HTTP ${ex.status}`);
    const id = fresh ?? createdId(ex, name);
    if (!id)
      throw new PlanError(
        `${producer.op.operationId} answered HTTP ${ex.status} without the new ${name} (no body member, no Location)`,
      );
    const template = producer.kind === 'upsert' ? producer.op.pathTemplate : `${producer.op.pathTemplate}/{${name}}`;
    return {
      id,
      template,
      params: { ...req.pathParams, [name]: id },
      retired: false,
      ...(ex.headers.etag ? { etag: ex.headers.etag } : {}),
    };
  }

  #freshId(name: string, op: OperationModel): string {
    const p = this.doc.inputs(op).parameters.find((x) => x.in === 'path' && x.name === name);
    const view = p?.schema ? this.doc.view(p.schema) : undefined;
    if (!view || view.format === 'uuid' || !view.pattern) return this.#builder.uuid();
    return this.#scalar(p!);
  }

  /** The resource's current ETag: from its creation, else read with a GET of the resource. */
  async #etag(resource: Resource, op: OperationModel, depth: number): Promise<string> {
    if (resource.etag) return resource.etag;
    const reader = this.model.operations.find((o) => o.method === 'GET' && o.pathTemplate === resource.template);
    if (!reader) throw new PlanError(`${op.operationId} needs If-Match but no GET reads ${resource.template}`);
    const req = await this.#prepare(reader, resource.params, depth + 1);
    const ex = (await this.send(req, 'read the current ETag'))?.exchange;
    if (!ex?.headers.etag) throw new PlanError(`${reader.operationId} gave no ETag for If-Match`);
    resource.etag = ex.headers.etag;
    return resource.etag;
  }

  /** Sends `operationId`'s base request with `fixed` path parameters (state setup steps). */
  async run(operationId: string, fixed: Record<string, string>, depth = 0): Promise<HttpExchange | undefined> {
    const op = this.#byId.get(operationId);
    if (!op) throw new PlanError(`the document has no operation ${operationId}`);
    const req = await this.#prepare(op, fixed, depth);
    return (await this.send(req, `set up: ${operationId}`))?.exchange;
  }

  url(req: PlannedRequest, pathParams = req.pathParams, query = req.query): string {
    const path = req.op.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) =>
      encodeURIComponent(pathParams[name] ?? ''),
    );
    const api = this.ctx.target.apiBaseUrl.replace(/\/+$/, '');
    // Operations under the document's own server live under the member's API base; others at their own path.
    const base = req.op.basePath === this.model.serverBasePath ? api : new URL(api).origin + req.op.basePath;
    const qs = new URLSearchParams(query).toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends a planned request, with one mutation applied when given. A success of a change retires its resources. */
  async send(req: PlannedRequest, label: string, applied?: AppliedMutation): Promise<Sent | undefined> {
    const pathParams = { ...req.pathParams };
    const query = { ...req.query };
    const headers = { ...req.headers };
    let body = req.body;
    if (applied) {
      const { mutation } = applied;
      const target =
        applied.in === 'path'
          ? pathParams
          : applied.in === 'query'
            ? query
            : applied.in === 'header'
              ? headers
              : undefined;
      if (target && applied.param !== undefined) {
        if (mutation.remove) delete target[applied.param];
        else target[applied.param] = String(mutation.value);
      } else if (applied.in === 'body') {
        body = withValueAt(body, mutation.pointer, mutation.remove ? { remove: true } : { value: mutation.value });
      }
    }
    const opts: HttpRequestOptions = {
      method: req.op.method,
      url: this.url(req, pathParams, query),
      headers,
      label: `${this.opts.label}: ${label}`,
      ...(req.as ? { as: req.as } : {}),
    };
    if (body !== undefined) {
      const json = req.mediaType === undefined || isJsonMediaType(req.mediaType);
      if (json) {
        opts.body = typeof body === 'string' ? JSON.stringify(body) : body;
        headers['content-type'] = req.mediaType ?? 'application/json';
      } else {
        opts.body = isObject(body)
          ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()
          : String(body);
        headers['content-type'] = req.mediaType!;
      }
    }
    const sent = await this.traffic.send(opts);
    const status = sent?.exchange?.status;
    if (status !== undefined && isSuccess(status) && !SAFE_METHODS.has(req.op.method)) this.retire(req);
    return sent;
  }

  /** The request's resources may have changed: the next request gets fresh ones. */
  retire(req: PlannedRequest): void {
    for (const key of req.resources) {
      const r = this.#resources.get(key);
      if (r) r.retired = true;
    }
  }
}

/** The new resource's id: a body member named like the parameter (or `id`), else the end of Location. */
function createdId(ex: HttpExchange, name: string): string | undefined {
  const body = ex.json;
  if (isObject(body)) {
    const key =
      Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ('id' in body ? 'id' : undefined);
    const value = key === undefined ? undefined : body[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  const location = ex.headers.location;
  if (!location) return undefined;
  try {
    const last = new URL(location, ex.url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}
