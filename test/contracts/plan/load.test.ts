// The load places are derived from the document (its secured reads), not from the profile's scenarios:
// a profile that loads fewer operations shows the others as not probed.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../contracts/openapi.ts';
import { derivePlan, derivePlaces } from '../../../contracts/plan/index.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';

const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));
const JIT = fileURLToPath(new URL('../../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url));

let psw: OpenApiModel;
let jit: OpenApiModel;
beforeAll(async () => {
  psw = await loadOpenApi(PROFILE);
  jit = await loadOpenApi(JIT);
});

describe('load-operation places', () => {
  it('are the secured GET operations of profile v1, with method and path template', () => {
    const places = derivePlaces(psw, { id: 'T-001', appliesTo: [{ kind: 'load-operation' }] });
    expect(places.map((p) => [p.id, p.method, p.path])).toEqual([
      ['listPortCalls', 'GET', '/port-calls'],
      ['getPortCall', 'GET', '/port-calls/{portCallId}'],
      ['listFormalities', 'GET', '/port-calls/{portCallId}/formalities'],
      ['getFormality', 'GET', '/port-calls/{portCallId}/formalities/{formalityType}'],
    ]);
    expect(places.every((p) => p.kind === 'load-operation')).toBe(true);
  });

  it('leave out discovery documents and writes', () => {
    const ids = derivePlaces(psw, { id: 'T-001', appliesTo: [{ kind: 'load-operation' }] }).map((p) => p.id);
    for (const id of ['getJwks', 'getPswConfiguration', 'issueToken', 'createPortCall', 'submitGeneralDeclaration'])
      expect(ids).not.toContain(id);
  });

  it('are what PSW-LOAD-001..003 apply to', () => {
    const plan = derivePlan(psw, loadRequirements());
    for (const id of ['PSW-LOAD-001', 'PSW-LOAD-002', 'PSW-LOAD-003'])
      expect(plan.places[id]?.map((p) => p.id)).toEqual([
        'listPortCalls',
        'getPortCall',
        'listFormalities',
        'getFormality',
      ]);
  });

  it('work for a foreign document', () => {
    const places = derivePlaces(jit, { id: 'T-001', appliesTo: [{ kind: 'load-operation' }] });
    const reads = jit.operations.filter((o) => o.security && o.method === 'GET');
    expect(places.map((p) => p.id)).toEqual(reads.map((o) => o.operationId));
  });
});
