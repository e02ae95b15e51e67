// The portal places come from the document's x-psw-portal annotation (the profile's portal conventions
// as data) and, for a form's fields, from the request body schema of the operation it mirrors.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../contracts/openapi.ts';
import { derivePlaces } from '../../../contracts/plan/index.ts';
import { portalAnnotation } from '../../../contracts/plan/portal.ts';
import { schemaDocument } from '../../../contracts/schemas.ts';

const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));
const JIT = fileURLToPath(new URL('../../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url));

let psw: OpenApiModel;
let jit: OpenApiModel;
beforeAll(async () => {
  psw = await loadOpenApi(PROFILE);
  jit = await loadOpenApi(JIT);
});

const places = (model: OpenApiModel, applies: { kind: string; [k: string]: string }) =>
  derivePlaces(model, { id: 'T-001', appliesTo: [applies] });

describe('portal places of profile v1', () => {
  it('portal-page: every kind of page the annotation names', () => {
    expect(places(psw, { kind: 'portal-page' }).map((p) => [p.id, p.variant])).toEqual([
      ['login page', 'login'],
      ['login-failed page', 'login-failed'],
      ['list page', 'list'],
      ['port-call page', 'port-call'],
      ['fal1-errors page', 'fal1-errors'],
      ['fal1-result page', 'fal1-result'],
      ['signed-out page', 'signed-out'],
    ]);
  });

  it('portal-page: the signed-in ones, and those a GET opens again', () => {
    expect(places(psw, { kind: 'portal-page', select: 'signed-in' }).map((p) => p.variant)).toEqual([
      'list',
      'port-call',
      'fal1-errors',
      'fal1-result',
    ]);
    expect(places(psw, { kind: 'portal-page', select: 'signed-in-get' }).map((p) => p.variant)).toEqual([
      'list',
      'port-call',
      'fal1-result',
    ]);
    expect(() => places(psw, { kind: 'portal-page', select: 'nope' })).toThrow(/unknown select/);
  });

  it('portal-sign-in: valid credentials and each kind the sign-in must refuse', () => {
    expect(places(psw, { kind: 'portal-sign-in' }).map((p) => p.id)).toEqual([
      'sign-in valid',
      'sign-in wrong-password',
      'sign-in empty-password',
      'sign-in unknown-user',
    ]);
  });

  it('portal-form-field: every property of the GeneralDeclaration schema, through the $ref of its operation', () => {
    const fields = places(psw, { kind: 'portal-form-field', form: 'general-declaration' });
    const schema = schemaDocument('GeneralDeclaration') as { properties: Record<string, unknown> };
    expect(fields.map((p) => p.pointer)).toEqual(Object.keys(schema.properties).map((k) => `/${k}`));
    expect(fields[0]).toEqual({
      id: 'general-declaration form /arrivalOrDeparture',
      kind: 'portal-form-field',
      operationId: 'submitGeneralDeclaration',
      method: 'POST',
      path: '/port-calls/{portCallId}/formalities/general-declaration',
      pointer: '/arrivalOrDeparture',
      variant: 'general-declaration',
    });
    expect(places(psw, { kind: 'portal-form-field', form: 'no-such-form' })).toEqual([]);
  });

  it('a document without the annotation has no portal places', () => {
    expect(portalAnnotation(jit)).toEqual({ pages: [], refuse: [], forms: [] });
    for (const kind of ['portal-page', 'portal-sign-in', 'portal-form-field'])
      expect(places(jit, { kind }), kind).toEqual([]);
  });

  it('a malformed annotation entry is left out', () => {
    const model = {
      ...psw,
      document: {
        'x-psw-portal': {
          pages: [{ kind: 'login' }, 'list', { signedIn: true }],
          signIn: { refuse: ['wrong-password', 7] },
          forms: [{ name: 'x' }],
        },
      },
    } as OpenApiModel;
    expect(portalAnnotation(model)).toEqual({
      pages: [{ kind: 'login', signedIn: false }],
      refuse: ['wrong-password'],
      forms: [],
    });
  });
});
