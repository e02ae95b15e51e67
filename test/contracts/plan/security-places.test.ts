// The security requirements' places come from the document: its test identities and operation marks
// (x-psw-clients, x-psw-tenant-scoped, x-psw-roles), its schemas' readOnly members, its secured
// operations, its paths; never from where a fixture's defect sits.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../contracts/openapi.ts';
import { parseDirection, profileClients } from '../../../contracts/plan/authorization.ts';
import { parseCorsVariant } from '../../../contracts/plan/cors.ts';
import { derivePlaces } from '../../../contracts/plan/index.ts';
import { undocumentedInstance } from '../../../contracts/plan/operations.ts';
import { readOnlyMembers } from '../../../contracts/plan/read-only.ts';

const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));
const JIT = fileURLToPath(new URL('../../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url));

let psw: OpenApiModel;
let jit: OpenApiModel;
beforeAll(async () => {
  psw = await loadOpenApi(PROFILE);
  jit = await loadOpenApi(JIT);
});

const places = (model: OpenApiModel, kind: string, extra: Record<string, string> = {}) =>
  derivePlaces(model, { id: 'T-001', appliesTo: [{ kind, ...extra }] });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document as edited YAML, any shape
type Doc = Record<string, any>;

/** A copy of the profile document with `edit` applied to its raw object. */
async function edited(edit: (doc: Doc) => void): Promise<OpenApiModel> {
  const doc = structuredClone(psw.document) as Doc;
  edit(doc);
  return loadOpenApi(doc, { baseUrl: psw.source });
}

describe('tenant-resource', () => {
  it('is every tenant-scoped operation, each formality type, in both directions between the agent tenants', () => {
    const p = places(psw, 'tenant-resource');
    expect(p).toHaveLength(38);
    expect(new Set(p.map((x) => x.variant))).toEqual(new Set(['agentA→agentB', 'agentB→agentA']));
    const ops = new Set(p.map((x) => x.operationId));
    for (const op of ['listPortCalls', 'getPortCall', 'updatePortCall', 'cancelPortCall', 'recordArrival'])
      expect(ops).toContain(op);
    for (const op of [
      'recordDeparture',
      'listFormalities',
      'getFormality',
      'submitCrewList',
      'submitWasteNotification',
    ])
      expect(ops).toContain(op);
    // Not tenant-scoped: creating (no one else's data yet), deciding clearance (a role, not a tenant),
    // and the identity endpoints.
    for (const op of ['createPortCall', 'decideClearance', 'issueToken', 'getJwks']) expect(ops).not.toContain(op);
    const crew = p.find((x) => x.id === 'getFormality (crew-list) agentB→agentA');
    expect(crew).toMatchObject({ path: '/port-calls/{portCallId}/formalities/crew-list', operationId: 'getFormality' });
    expect(p.filter((x) => x.operationId === 'getFormality')).toHaveLength(12);
  });

  it('follows the marks: an operation unmarked is no place, one more identity adds directions', async () => {
    const fewer = await edited((doc) => delete doc.paths['/port-calls'].get['x-psw-tenant-scoped']);
    expect(places(fewer, 'tenant-resource').some((x) => x.operationId === 'listPortCalls')).toBe(false);
    const three = await edited((doc) => {
      doc.components.securitySchemes.oauth2['x-psw-clients'].agentC = { role: 'agent', tenant: 'C' };
    });
    expect(places(three, 'tenant-resource')).toHaveLength(19 * 6);
  });

  it('parses its directions back', () => {
    expect(parseDirection('agentB→agentA')).toEqual({ actor: 'agentB', owner: 'agentA' });
    expect(parseDirection('nonsense')).toBeUndefined();
  });
});

describe('role-restricted', () => {
  it("is each authority-only operation as each agent, on its own and on the other tenant's port call", () => {
    expect(places(psw, 'role-restricted').map((p) => [p.id, p.variant])).toEqual([
      ['decideClearance as agentA', 'agentA→agentA'],
      ["decideClearance as agentA on agentB's", 'agentA→agentB'],
      ['decideClearance as agentB', 'agentB→agentB'],
      ["decideClearance as agentB on agentA's", 'agentB→agentA'],
    ]);
  });

  it('reads the identities and their roles from the document', () => {
    expect(profileClients(psw)).toEqual([
      { id: 'agentA', role: 'agent', tenant: 'A' },
      { id: 'agentB', role: 'agent', tenant: 'B' },
      { id: 'authority', role: 'authority' },
    ]);
  });
});

describe('client', () => {
  it('is each test identity, or those of one role', () => {
    expect(places(psw, 'client').map((p) => p.id)).toEqual(['client agentA', 'client agentB', 'client authority']);
    expect(places(psw, 'client', { role: 'authority' }).map((p) => p.variant)).toEqual(['authority']);
  });
});

describe('read-only-member', () => {
  it("is each readOnly member of PortCall × the create and update bodies (what PSW-SEC-AUTHZ-003's text lists)", () => {
    const p = places(psw, 'read-only-member');
    const members = ['portCallId', 'tenant', 'status', 'ata', 'atd', 'clearance', 'createdAt', 'updatedAt', 'version'];
    expect(p.map((x) => x.id).sort()).toEqual(
      ['createPortCall', 'updatePortCall'].flatMap((op) => members.map((m) => `${op} /${m}`)).sort(),
    );
    expect(p.find((x) => x.id === 'updatePortCall /atd')).toMatchObject({ pointer: '/atd', method: 'PUT' });
  });

  it('follows the schema: a member marked readOnly is a place, one unmarked is not', async () => {
    const schema = psw.operations.find((o) => o.operationId === 'getPortCall')!.responses['200']!.contentTypes[
      'application/json'
    ] as Doc;
    expect(readOnlyMembers(schema)).toHaveLength(9);
    expect(readOnlyMembers({ properties: { a: { readOnly: true }, b: {} } })).toEqual(['a']);
  });
});

describe('cors', () => {
  it('is every secured operation × preflight and request × a foreign and a null origin', () => {
    const p = places(psw, 'cors');
    const secured = psw.operations.filter((o) => o.security);
    expect(p).toHaveLength(secured.length * 4);
    expect(p.filter((x) => x.operationId === 'submitDangerousGoods').map((x) => x.variant)).toEqual([
      'request/foreign',
      'request/null',
      'preflight/foreign',
      'preflight/null',
    ]);
    expect(p.some((x) => x.operationId === 'issueToken')).toBe(false);
    expect(parseCorsVariant('preflight/null')).toEqual({ mode: 'preflight', origin: 'null' });
    expect(parseCorsVariant('preflight/elsewhere')).toBeUndefined();
  });
});

describe('undocumented-method', () => {
  it('counts a method served by another template at that path as documented', () => {
    const p = places(psw, 'undocumented-method').map((x) => x.id);
    // GET .../formalities/crew-list is getFormality; POST .../formalities/{formalityType} is a submission for every type.
    expect(p).not.toContain('GET /api/v1/port-calls/{portCallId}/formalities/crew-list');
    expect(p).not.toContain('POST /api/v1/port-calls/{portCallId}/formalities/{formalityType}');
    expect(p).toContain('DELETE /api/v1/port-calls/{portCallId}/formalities/{formalityType}');
    expect(p).toContain('GET /oauth/token');
    expect(
      undocumentedInstance(psw, 'DELETE', '/api/v1/port-calls/{portCallId}/formalities/{formalityType}', () => 'pc'),
    ).toBe('/api/v1/port-calls/pc/formalities/general-declaration');
  });
});

describe('a foreign document without the profile marks (DCSA JIT 2.0)', () => {
  it('has CORS places for its secured operations and no identity-based places', () => {
    expect(places(jit, 'tenant-resource')).toEqual([]);
    expect(places(jit, 'role-restricted')).toEqual([]);
    expect(places(jit, 'client')).toEqual([]);
    expect(places(jit, 'cors')).toHaveLength(jit.operations.filter((o) => o.security).length * 4);
    expect(() => places(jit, 'read-only-member')).not.toThrow();
  });
});
