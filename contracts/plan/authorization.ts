// Places of the authorization requirements, from the document's own annotations:
// - `x-psw-clients` (on a security scheme): the profile's test identities, each with its role and tenant;
// - `x-psw-tenant-scoped: true` (on an operation): it acts on one tenant's data, so another tenant must
//   be kept out (an explicit mark, not "secured with a path parameter": listPortCalls has no path
//   parameter yet filters by tenant, and decideClearance has one yet is function-restricted instead);
// - `x-psw-roles: [...]` (on an operation): only these roles may call it (default: every role).
import type { AppliesTo, Place } from '../../engine/types.ts';
import type { OpenApiModel, OperationModel, ParameterModel } from '../openapi.ts';

export interface ProfileClient {
  /** The identity's name, e.g. agentA (the member configures its credentials). */
  id: string;
  role: string;
  /** Absent for identities that belong to no tenant (the authority). */
  tenant?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The document's test identities (`x-psw-clients` on its first security scheme that has them). */
export function profileClients(model: OpenApiModel): ProfileClient[] {
  const components = isObject(model.document.components) ? model.document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const scheme of Object.values(schemes)) {
    const clients = isObject(scheme) ? scheme['x-psw-clients'] : undefined;
    if (!isObject(clients)) continue;
    return Object.entries(clients).flatMap(([id, c]) =>
      isObject(c) && typeof c.role === 'string'
        ? [{ id, role: c.role, ...(c.tenant !== undefined ? { tenant: String(c.tenant) } : {}) }]
        : [],
    );
  }
  return [];
}

/** The operation object as written in the document (inline path items only), for its `x-` members. */
export function rawOperation(model: OpenApiModel, op: OperationModel): Record<string, unknown> {
  const paths = isObject(model.document.paths) ? model.document.paths : {};
  const item = paths[op.pathTemplate];
  const raw = isObject(item) ? item[op.method.toLowerCase()] : undefined;
  return isObject(raw) ? raw : {};
}

export function isTenantScoped(model: OpenApiModel, op: OperationModel): boolean {
  return rawOperation(model, op)['x-psw-tenant-scoped'] === true;
}

/** The roles allowed to call the operation; undefined when every role may. */
export function allowedRoles(model: OpenApiModel, op: OperationModel): string[] | undefined {
  const roles = rawOperation(model, op)['x-psw-roles'];
  return Array.isArray(roles) ? roles.map(String) : undefined;
}

function enumOf(p: ParameterModel): string[] | undefined {
  const schema = p.schema;
  return isObject(schema) && Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
}

/**
 * One concrete path per value of the enumerated path parameters (e.g. each formalityType), the other
 * parameters (the resource's identifiers) left as templates for the prober to fill.
 */
export function enumInstances(op: OperationModel): { path: string; label?: string }[] {
  let out: { path: string; labels: string[] }[] = [{ path: op.pathTemplate, labels: [] }];
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const values = enumOf(p);
    if (!values) continue;
    out = out.flatMap((i) => values.map((v) => ({ path: i.path.replace(`{${p.name}}`, v), labels: [...i.labels, v] })));
  }
  return out.map((i) => ({ path: i.path, ...(i.labels.length ? { label: i.labels.join(', ') } : {}) }));
}

/** `attacker→owner`, the variant of a cross-identity place. */
export function direction(actor: string, owner: string): string {
  return `${actor}→${owner}`;
}

/** Parses a variant made by direction(). */
export function parseDirection(variant: string | undefined): { actor: string; owner: string } | undefined {
  const m = /^(\S+)→(\S+)$/.exec(variant ?? '');
  return m ? { actor: m[1]!, owner: m[2]! } : undefined;
}

/**
 * `{ kind: tenant-resource }`: every tenant-scoped operation (each value of its enumerated path
 * parameters) × every ordered pair of identities of different tenants: the first reaches for the
 * second's data.
 */
export function tenantResourcePlaces(model: OpenApiModel, _applies: AppliesTo): Place[] {
  const tenants = profileClients(model).filter((c) => c.tenant !== undefined);
  const pairs = tenants.flatMap((a) => tenants.filter((b) => b.tenant !== a.tenant).map((b) => [a, b] as const));
  const out: Place[] = [];
  for (const op of model.operations.filter((o) => isTenantScoped(model, o))) {
    for (const instance of enumInstances(op)) {
      for (const [actor, owner] of pairs) {
        const variant = direction(actor.id, owner.id);
        out.push({
          id: `${op.operationId}${instance.label ? ` (${instance.label})` : ''} ${variant}`,
          kind: 'tenant-resource',
          operationId: op.operationId,
          method: op.method,
          path: instance.path,
          variant,
        });
      }
    }
  }
  return out;
}

/**
 * `{ kind: role-restricted }`: every operation restricted to some roles × every identity of another
 * role, on a resource of its own tenant and, for operations on an addressed resource, on each other
 * tenant's (so neither tenant isolation nor ownership can stand in for the role check).
 */
export function roleRestrictedPlaces(model: OpenApiModel, _applies: AppliesTo): Place[] {
  const clients = profileClients(model);
  const out: Place[] = [];
  for (const op of model.operations) {
    const roles = allowedRoles(model, op);
    if (!roles) continue;
    const addressed = op.parameters.some((p) => p.in === 'path' && !enumOf(p));
    for (const actor of clients.filter((c) => !roles.includes(c.role))) {
      const owners = [actor, ...(addressed ? clients.filter((c) => c.tenant && c.tenant !== actor.tenant) : [])];
      for (const owner of owners) {
        const variant = direction(actor.id, owner.id);
        out.push({
          id: `${op.operationId} as ${actor.id}${owner === actor ? '' : ` on ${owner.id}'s`}`,
          kind: 'role-restricted',
          operationId: op.operationId,
          method: op.method,
          path: op.pathTemplate,
          variant,
        });
      }
    }
  }
  return out;
}

/** `{ kind: client, role? }`: each test identity of the profile (of that role). */
export function clientPlaces(model: OpenApiModel, applies: AppliesTo): Place[] {
  return profileClients(model)
    .filter((c) => applies.role === undefined || c.role === applies.role)
    .map((c) => ({ id: `client ${c.id}`, kind: 'client', variant: c.id }));
}
