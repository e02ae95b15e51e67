import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getOperation,
  loadOpenApi,
  matchOperation,
  optionalCapabilities,
  validateRequestBody,
  validateResponse,
  withCapabilities,
  type OpenApiModel,
} from '../../contracts/openapi.ts';
import { schemaDocument } from '../../contracts/schemas.ts';

const PROFILE = fileURLToPath(new URL('../../contracts/profile-v1/openapi.yaml', import.meta.url));
const JIT = fileURLToPath(new URL('../../fixtures/standards/dcsa/JIT_v2.0.0.yaml', import.meta.url));
const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function example(name: Parameters<typeof schemaDocument>[0]): Record<string, unknown> {
  return structuredClone((schemaDocument(name) as { examples: Record<string, unknown>[] }).examples[0]!);
}

// operationId → [method, path] from the README's table, plus the identity endpoints.
const PROFILE_OPERATIONS: Record<string, [string, string]> = {
  createPortCall: ['POST', '/port-calls'],
  listPortCalls: ['GET', '/port-calls'],
  getPortCall: ['GET', '/port-calls/{portCallId}'],
  updatePortCall: ['PUT', '/port-calls/{portCallId}'],
  cancelPortCall: ['POST', '/port-calls/{portCallId}/cancel'],
  recordArrival: ['POST', '/port-calls/{portCallId}/arrival'],
  recordDeparture: ['POST', '/port-calls/{portCallId}/departure'],
  listFormalities: ['GET', '/port-calls/{portCallId}/formalities'],
  getFormality: ['GET', '/port-calls/{portCallId}/formalities/{formalityType}'],
  submitGeneralDeclaration: ['POST', '/port-calls/{portCallId}/formalities/general-declaration'],
  submitCrewList: ['POST', '/port-calls/{portCallId}/formalities/crew-list'],
  submitPassengerList: ['POST', '/port-calls/{portCallId}/formalities/passenger-list'],
  submitDangerousGoods: ['POST', '/port-calls/{portCallId}/formalities/dangerous-goods'],
  submitWasteNotification: ['POST', '/port-calls/{portCallId}/formalities/waste'],
  submitSecurityNotification: ['POST', '/port-calls/{portCallId}/formalities/security'],
  decideClearance: ['POST', '/port-calls/{portCallId}/clearance'],
  submitEdifactInterchange: ['POST', '/edifact'],
  issueToken: ['POST', '/oauth/token'],
  getJwks: ['GET', '/.well-known/jwks.json'],
  getPswConfiguration: ['GET', '/.well-known/psw-configuration'],
};
const IDENTITY = ['issueToken', 'getJwks', 'getPswConfiguration'];

describe('openapi: the profile document', () => {
  let model: OpenApiModel;
  beforeAll(async () => {
    model = await loadOpenApi(PROFILE);
  });

  it('is OpenAPI 3.1 under /api/v1 with exactly the README operations', () => {
    expect(model.openapi).toBe('3.1.0');
    expect(model.serverBasePath).toBe('/api/v1');
    expect(model.operations).toHaveLength(20);
    const inventory = Object.fromEntries(model.operations.map((op) => [op.operationId, [op.method, op.pathTemplate]]));
    expect(inventory).toEqual(PROFILE_OPERATIONS);
  });

  it('puts the API under /api/v1 and identity at the origin, without a token', () => {
    for (const op of model.operations) {
      const identity = IDENTITY.includes(op.operationId);
      expect([op.operationId, op.basePath, op.security]).toEqual([
        op.operationId,
        identity ? '' : '/api/v1',
        !identity,
      ]);
    }
  });

  it('documents 401 with WWW-Authenticate and 429 with Retry-After on every API operation', () => {
    for (const op of model.operations.filter((o) => !IDENTITY.includes(o.operationId))) {
      expect(op.responses['401']?.headers['www-authenticate']?.required, op.operationId).toBe(true);
      expect(op.responses['429']?.headers['retry-after']?.required, op.operationId).toBe(true);
      expect(op.responses['500']?.contentTypes, op.operationId).toHaveProperty(['application/problem+json']);
      for (const [status, resp] of Object.entries(op.responses)) {
        for (const h of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) {
          expect(resp.headers[h]?.required, `${op.operationId} ${status} ${h}`).toBe(true);
        }
      }
    }
  });

  it('marks the EDIFACT channel optional (x-psw-capability) and only it', () => {
    expect(optionalCapabilities(model)).toEqual(['edifact']);
    expect(model.operations.filter((op) => op.capability).map((op) => [op.operationId, op.capability])).toEqual([
      ['submitEdifactInterchange', 'edifact'],
    ]);
  });

  it.each([
    [[], false],
    [['edifact'], true],
    [['other'], false],
  ])('withCapabilities(%j) offers submitEdifactInterchange: %s', (declared, offered) => {
    const restricted = withCapabilities(model, declared);
    expect(restricted.operations.map((op) => op.operationId)).toEqual(
      model.operations.map((op) => op.operationId).filter((id) => offered || id !== 'submitEdifactInterchange'),
    );
    expect(matchOperation(restricted, 'POST', '/api/v1/edifact')?.operationId).toBe(
      offered ? 'submitEdifactInterchange' : undefined,
    );
    // Still known by id: an exchange labelled before the capabilities were known validates.
    expect(getOperation(restricted, 'submitEdifactInterchange').method).toBe('POST');
  });

  it.each([
    ['200 EDIFACT text', 200, 'application/edifact', "UNB+UNOC:4+PSW+AGENTA+261207:0000+AIC1'UNZ+0+AIC1'", true, true],
    ['200 EDIFACT, media type as documented', 200, 'application/EDIFACT; charset=utf-8', 'UNA', true, true],
    ['200 empty', 200, 'application/edifact', '', true, false],
    ['200 JSON instead', 200, 'application/json', '{}', false, undefined],
    ['415 problem', 415, 'application/problem+json', '{"type":"about:blank","title":"x","status":415}', true, true],
  ])('submitEdifactInterchange answers: %s', (_name, status, contentType, body, typeDocumented, valid) => {
    const v = validateResponse(model, 'submitEdifactInterchange', status, contentType, body);
    expect([v.statusDocumented, v.contentTypeDocumented, v.schemaValid]).toEqual([true, typeDocumented, valid]);
  });

  it('documents the EDIFACT channel with the statuses the reference answers, text in and out', () => {
    const op = getOperation(model, 'submitEdifactInterchange');
    expect(Object.keys(op.responses).sort()).toEqual(['200', '401', '413', '415', '429', '500']);
    expect(Object.keys(op.requestBody?.contentTypes ?? {})).toEqual(['application/edifact']);
    expect(Object.keys(op.responses['200']?.contentTypes ?? {})).toEqual(['application/edifact']);
    expect(validateRequestBody(model, 'submitEdifactInterchange', 'application/EDIFACT', 'UNB').schemaValid).toBe(true);
  });

  it.each([
    ['createPortCall', '201', ['location', 'etag']],
    ['getPortCall', '200', ['etag']],
    ['updatePortCall', '200', ['etag']],
  ])('%s %s carries %j', (operationId, status, headers) => {
    const resp = getOperation(model, operationId).responses[status];
    for (const h of headers) expect(resp?.headers[h]?.required).toBe(true);
  });

  it('documents the lifecycle error statuses', () => {
    const statuses = (id: string) => Object.keys(getOperation(model, id).responses);
    expect(statuses('updatePortCall')).toEqual(expect.arrayContaining(['409', '412', '422', '428']));
    expect(statuses('decideClearance')).toContain('403');
    expect(statuses('recordDeparture')).toContain('422');
    expect(statuses('createPortCall')).toEqual(expect.arrayContaining(['400', '413', '415', '422']));
  });

  it('has the parameters of the README', () => {
    const params = (id: string) => getOperation(model, id).parameters.map((p) => [p.in, p.name, p.required]);
    expect(params('listPortCalls')).toEqual([
      ['query', 'limit', false],
      ['query', 'cursor', false],
      ['query', 'status', false],
    ]);
    expect(params('updatePortCall')).toEqual([
      ['path', 'portCallId', true],
      ['header', 'if-match', true],
    ]);
    expect(params('getFormality')).toEqual([
      ['path', 'portCallId', true],
      ['path', 'formalityType', true],
    ]);
    expect(getOperation(model, 'listPortCalls').parameters[0]?.schema).toMatchObject({ minimum: 1, maximum: 100 });
    expect(getOperation(model, 'getFormality').parameters[1]?.schema).toMatchObject({
      enum: expect.arrayContaining(['crew-list', 'waste']),
    });
  });

  const matches: Array<[string, string, string | undefined, string | undefined]> = [
    ['POST', '/api/v1/port-calls', undefined, 'createPortCall'],
    ['get', 'https://psw.example.org/api/v1/port-calls?limit=5', undefined, 'listPortCalls'],
    ['GET', `/api/v1/port-calls/${UUID}`, undefined, 'getPortCall'],
    ['PUT', `/api/v1/port-calls/${UUID}`, undefined, 'updatePortCall'],
    ['POST', `/api/v1/port-calls/${UUID}/formalities/crew-list`, undefined, 'submitCrewList'],
    // The literal path has no GET: the templated one serves it.
    ['GET', `/api/v1/port-calls/${UUID}/formalities/crew-list`, undefined, 'getFormality'],
    ['POST', '/oauth/token', undefined, 'issueToken'],
    ['GET', '/.well-known/psw-configuration', '/gateway/psw/v1', 'getPswConfiguration'],
    ['GET', `/gateway/psw/v1/port-calls/${UUID}`, '/gateway/psw/v1/', 'getPortCall'],
    ['GET', `/api/v1/port-calls/${UUID}`, '/gateway/psw/v1', undefined],
    ['DELETE', `/api/v1/port-calls/${UUID}`, undefined, undefined],
    ['GET', '/api/v1/port-calls/', undefined, undefined],
    ['GET', '/api/v1/ships', undefined, undefined],
    ['GET', '/port-calls', undefined, undefined],
  ];
  it.each(matches)('matches %s %s (base %s) → %s', (method, url, base, expected) => {
    expect(matchOperation(model, method, url, base)?.operationId).toBe(expected);
  });

  it('validates a conforming response', () => {
    expect(
      validateResponse(
        model,
        'getPortCall',
        200,
        'application/json; charset=utf-8',
        JSON.stringify(example('PortCall')),
      ),
    ).toEqual({
      statusDocumented: true,
      contentTypeDocumented: true,
      schemaValid: true,
      errors: [],
    });
    expect(
      validateResponse(model, 'createPortCall', 422, 'application/problem+json', example('RejectionReceipt'))
        .schemaValid,
    ).toBe(true);
  });

  it('reports a malformed response body with pointers', () => {
    const body = { ...example('PortCall'), version: '1', eta: '2026-12-01T08:00:00' };
    const result = validateResponse(model, 'getPortCall', 200, 'application/json', body);
    expect(result.schemaValid).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'SCHEMA_TYPE', pointer: '/version' }));
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'SCHEMA_PATTERN', pointer: '/eta' }));
  });

  it.each([
    [
      'undocumented status',
      'getPortCall',
      418,
      'application/json',
      {},
      { statusDocumented: false, contentTypeDocumented: false },
    ],
    [
      'problem as plain JSON',
      'getPortCall',
      404,
      'application/json',
      {},
      { statusDocumented: true, contentTypeDocumented: false },
    ],
    [
      '422 that is not a receipt',
      'createPortCall',
      422,
      'application/problem+json',
      { type: 'about:blank', title: 'x', status: 422 },
      { schemaValid: false },
    ],
    ['body that is not JSON', 'getPortCall', 200, 'application/json', '<html>', { schemaValid: false }],
    ['empty 201', 'createPortCall', 201, 'application/json', '', { schemaValid: false }],
  ])('%s', (_label, operationId, status, contentType, body, expected) => {
    expect(validateResponse(model, operationId, status, contentType, body)).toMatchObject(expected);
  });

  it('validates request bodies, including the form-encoded token request', () => {
    expect(validateRequestBody(model, 'createPortCall', 'application/json', example('PortCallInput'))).toEqual({
      contentTypeDocumented: true,
      schemaValid: true,
      errors: [],
    });
    const readOnly = validateRequestBody(model, 'createPortCall', 'application/json', {
      ...example('PortCallInput'),
      status: 'arrived',
    });
    expect(readOnly.errors).toEqual([
      expect.objectContaining({ code: 'SCHEMA_ADDITIONAL_PROPERTY', pointer: '/status' }),
    ]);
    expect(validateRequestBody(model, 'createPortCall', 'text/plain', 'x').contentTypeDocumented).toBe(false);
    expect(validateRequestBody(model, 'createPortCall', undefined, undefined)).toMatchObject({
      schemaValid: false,
      errors: [{ code: 'SCHEMA_REQUIRED', pointer: '' }],
    });
    expect(
      validateRequestBody(model, 'issueToken', 'application/x-www-form-urlencoded', {
        grant_type: 'client_credentials',
      }).schemaValid,
    ).toBe(true);
    expect(validateRequestBody(model, 'getPortCall', undefined, undefined)).toEqual({
      contentTypeDocumented: true,
      errors: [],
    });
  });

  it('compiles each schema once', () => {
    const schema = getOperation(model, 'getPortCall').responses['200']!.contentTypes['application/json'];
    expect(getOperation(model, 'cancelPortCall').responses['200']!.contentTypes['application/json']).toBe(schema);
    for (let i = 0; i < 3; i++) validateResponse(model, 'cancelPortCall', 200, 'application/json', example('PortCall'));
    expect(validateResponse(model, 'getPortCall', 200, 'application/json', example('PortCall')).schemaValid).toBe(true);
  });

  it('refuses an unknown operationId', () => {
    expect(() => validateResponse(model, 'deletePortCall', 200, 'application/json', {})).toThrow(/deletePortCall/);
  });
});

describe('openapi: DCSA Port Call (JIT) 2.0.0 (OpenAPI 3.0.3)', () => {
  let model: OpenApiModel;
  beforeAll(async () => {
    model = await loadOpenApi(JIT);
  });

  it('has the 14 operations of the PUT API, none needing auth', () => {
    expect(model.openapi).toBe('3.0.3');
    expect(model.serverBasePath).toBe('');
    expect(model.operations).toHaveLength(14);
    expect(model.operations.filter((o) => o.method === 'PUT')).toHaveLength(5);
    expect(model.operations.some((o) => o.security)).toBe(false);
    expect(getOperation(model, 'put-port-call').requestBody).toMatchObject({ required: true });
    expect(Object.keys(getOperation(model, 'put-port-call').responses)).toEqual([
      '204',
      '400',
      '409',
      '500',
      'default',
    ]);
  });

  it.each([
    ['PUT', `/port-calls/${UUID}`, 'put-port-call'],
    ['POST', `/port-calls/${UUID}/omit`, 'omit-port-call'],
    ['GET', '/port-call-services?portCallID=x', 'get-port-call-services'],
    ['POST', `/port-call-services/${UUID}/decline`, 'decline-port-call-service'],
    ['GET', `/port-calls/${UUID}`, undefined],
  ])('matches %s %s → %s', (method, path, expected) => {
    expect(matchOperation(model, method, path)?.operationId).toBe(expected);
  });

  it('validates a conforming and a malformed port-call list', () => {
    const good = [
      { portCallID: UUID, UNLocationCode: 'NLRTM', vessel: { vesselIMONumber: '9321483', name: 'KING OF THE SEAS' } },
    ];
    expect(validateResponse(model, 'get-port-call', 200, 'application/json', good)).toEqual({
      statusDocumented: true,
      contentTypeDocumented: true,
      schemaValid: true,
      errors: [],
    });
    const bad = [{ UNLocationCode: 'nlrtm', vessel: { vesselIMONumber: '93214' } }];
    const result = validateResponse(model, 'get-port-call', 200, 'application/json', bad);
    expect(result.schemaValid).toBe(false);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA_REQUIRED', pointer: '/0/portCallID' }),
    );
    expect(result.errors).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA_PATTERN', pointer: '/0/UNLocationCode' }),
    );
    expect(result.errors).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA_LENGTH', pointer: '/0/vessel/vesselIMONumber' }),
    );
  });

  it('treats any status as documented through default', () => {
    expect(validateResponse(model, 'get-port-call', 503, 'application/json', {}).statusDocumented).toBe(true);
  });
});

describe('openapi: 3.0 translation and relative files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openapi-test-'));
    writeFileSync(
      join(dir, 'api.yaml'),
      [
        'openapi: 3.0.1',
        'info: { title: Nullable test, version: "1" }',
        'servers: [{ url: "https://api.example.test/{stage}/v2", variables: { stage: { default: prod } } }]',
        'security: [{ key: [] }, {}]',
        'paths:',
        '  /things/{id}:',
        '    get:',
        '      operationId: getThing',
        '      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
        '      responses:',
        '        "200": { description: ok, content: { application/json: { schema: { $ref: "schemas/thing.yaml#/Thing" } } } }',
        '        4XX: { description: client error, content: { application/json: { schema: { type: object } } } }',
        '  /things/{id}/tree:',
        '    get:',
        '      operationId: getTree',
        '      security: [{ key: [] }]',
        '      responses:',
        '        "200": { description: ok, content: { application/json: { schema: { $ref: "schemas/thing.yaml#/Node" } } } }',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'schemas'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('translates nullable and boolean exclusiveMinimum, resolves relative files and recursive schemas', async () => {
    writeFileSync(
      join(dir, 'schemas', 'thing.yaml'),
      [
        'Thing:',
        '  type: object',
        '  required: [name, weight]',
        '  properties:',
        '    name: { type: string, nullable: true }',
        '    colour: { type: string, enum: [red, blue], nullable: true }',
        '    weight: { type: number, minimum: 0, exclusiveMinimum: true }',
        '    owner: { allOf: [{ $ref: "#/Owner" }], nullable: true }',
        '  example: { name: null, weight: 1, nullable: true }',
        'Owner: { type: object, required: [id], properties: { id: { type: string } } }',
        'Node:',
        '  type: object',
        '  properties:',
        '    children: { type: array, items: { $ref: "#/Node" } }',
      ].join('\n'),
    );
    const model = await loadOpenApi(join(dir, 'api.yaml'));
    expect(model.serverBasePath).toBe('/prod/v2');
    expect(getOperation(model, 'getThing').security).toBe(false);
    expect(getOperation(model, 'getTree').security).toBe(true);
    expect(matchOperation(model, 'GET', 'https://api.example.test/prod/v2/things/7/tree')?.operationId).toBe('getTree');

    const ok = validateResponse(model, 'getThing', 200, 'application/json', {
      name: null,
      colour: null,
      weight: 0.5,
      owner: null,
    });
    expect(ok).toEqual({ statusDocumented: true, contentTypeDocumented: true, schemaValid: true, errors: [] });
    const bad = validateResponse(model, 'getThing', 200, 'application/json', {
      name: 3,
      colour: 'green',
      weight: 0,
      owner: {},
    });
    expect(bad.errors.map((e) => [e.code, e.pointer])).toEqual(
      expect.arrayContaining([
        ['SCHEMA_TYPE', '/name'],
        ['SCHEMA_ENUM', '/colour'],
        ['SCHEMA_RANGE', '/weight'],
        ['SCHEMA_REQUIRED', '/owner/id'],
      ]),
    );
    expect(validateResponse(model, 'getThing', 404, 'application/json', {})).toMatchObject({
      statusDocumented: true,
      schemaValid: true,
    });
    const tree = validateResponse(model, 'getTree', 200, 'application/json', {
      children: [{ children: [{ children: 'x' }] }],
    });
    expect(tree.errors).toEqual([
      expect.objectContaining({ code: 'SCHEMA_TYPE', pointer: '/children/0/children/0/children' }),
    ]);
  });

  it('accepts a document given as an object, refusing what is not OpenAPI 3', async () => {
    const model = await loadOpenApi({
      openapi: '3.1.0',
      info: { title: 'Inline', version: '1' },
      paths: {
        '/a/{x}': { get: { responses: { '204': { description: 'none' } } } },
        '/a/b': { get: { responses: {} } },
      },
    });
    expect(model.operations.map((o) => o.operationId)).toEqual(['GET /a/{x}', 'GET /a/b']);
    expect(matchOperation(model, 'GET', '/a/b')?.operationId).toBe('GET /a/b');
    expect(matchOperation(model, 'GET', '/a/c')?.operationId).toBe('GET /a/{x}');
    expect(validateResponse(model, 'GET /a/{x}', 204, undefined, undefined)).toEqual({
      statusDocumented: true,
      contentTypeDocumented: true,
      errors: [],
    });
    await expect(loadOpenApi({ swagger: '2.0', paths: {} })).rejects.toThrow(/not an OpenAPI 3/);
    await expect(loadOpenApi(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read/);
  });
});
