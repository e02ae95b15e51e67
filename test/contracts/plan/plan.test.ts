// The probe plan is derived from the document, not from a fixture: every operation, every undocumented
// method of every path, every origin; the same derivation works for a foreign OpenAPI document.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../contracts/openapi.ts';
import { derivePlaces, derivePlan, DERIVERS, PlanError } from '../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';

const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));
const JIT = fileURLToPath(new URL('../../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url));

let psw: OpenApiModel;
let jit: OpenApiModel;
beforeAll(async () => {
  psw = await loadOpenApi(PROFILE);
  jit = await loadOpenApi(JIT);
});

const req = (appliesTo: { kind: string; [k: string]: string }[]) => ({ id: 'T-001', appliesTo });

describe('derivers', () => {
  it('operation: every operation of the document, or a selection', () => {
    const all = derivePlaces(psw, req([{ kind: 'operation' }]));
    expect(all.map((p) => p.id)).toEqual(psw.operations.map((o) => o.operationId));
    const secured = derivePlaces(psw, req([{ kind: 'operation', select: 'secured' }]));
    expect(secured.map((p) => p.id)).not.toContain('issueToken');
    expect(secured.map((p) => p.id)).toContain('submitCrewList');
    const writes = derivePlaces(psw, req([{ kind: 'operation', select: 'with-body' }]));
    for (const id of ['createPortCall', 'updatePortCall', 'submitDangerousGoods', 'recordArrival'])
      expect(writes.map((p) => p.id)).toContain(id);
    expect(writes.map((p) => p.id)).not.toContain('getPortCall');
  });

  it('undocumented-method: every path × every method it does not document', () => {
    const places = derivePlaces(psw, req([{ kind: 'undocumented-method' }]));
    const ids = places.map((p) => p.id);
    expect(ids).toContain('DELETE /api/v1/port-calls/{portCallId}');
    expect(ids).toContain('PUT /api/v1/port-calls');
    expect(ids).not.toContain('GET /api/v1/port-calls');
    const paths = new Set(psw.operations.map((o) => o.basePath + o.pathTemplate));
    for (const path of paths) expect(places.some((p) => p.path === path)).toBe(true);
  });

  it('origin: the API, token endpoint and portal origins', () => {
    expect(derivePlaces(psw, req([{ kind: 'origin' }])).map((p) => p.id)).toEqual([
      'api origin',
      'token-endpoint origin',
      'portal origin',
    ]);
    expect(derivePlaces(psw, req([{ kind: 'origin', of: 'api' }])).map((p) => p.id)).toEqual(['api origin']);
  });

  it('works for a foreign document (DCSA JIT 2.0, served at its own base path)', () => {
    const places = derivePlaces(jit, req([{ kind: 'operation' }, { kind: 'undocumented-method' }]));
    expect(places.filter((p) => p.kind === 'operation')).toHaveLength(jit.operations.length);
    expect(places.some((p) => p.kind === 'undocumented-method' && p.path?.startsWith('/'))).toBe(true);
  });

  it('an unknown kind is a catalog error naming the requirement and the known kinds', () => {
    expect(() => derivePlaces(psw, req([{ kind: 'no-such-kind' }]))).toThrow(PlanError);
    expect(() => derivePlaces(psw, req([{ kind: 'no-such-kind' }]))).toThrow(/T-001.*no-such-kind/);
  });
});

describe('the plan of profile v1', () => {
  it('derives places for every requirement that says where it applies, with unique ids', () => {
    const requirements = loadRequirements();
    const plan = derivePlan(psw, requirements);
    for (const r of requirements.filter((x) => x.appliesTo)) {
      const places = plan.places[r.id]!;
      expect(places.length, r.id).toBeGreaterThan(0);
      expect(new Set(places.map((p) => p.id)).size, r.id).toBe(places.length);
    }
  });

  it('every appliesTo kind of the catalog has a deriver', () => {
    for (const r of loadRequirements())
      for (const a of r.appliesTo ?? []) expect(Object.keys(DERIVERS), `${r.id}`).toContain(a.kind);
  });
});
