import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation, loadOpenApi, validateSchema } from '../../../../contracts/openapi.ts';
import { loadProfile } from '../../../../engine/profile.ts';
import { InstanceBuilder, seededUuid } from '../../../../suites/contract/fuzz/instance.ts';
import { RawDocument } from '../../../../suites/contract/fuzz/schema-doc.ts';
import { profileOpenApi } from '../../../../suites/contract/operations.ts';

describe('RawDocument on profile v1 (schemas in files, referenced by $id)', () => {
  it('follows $refs across files to flat views', async () => {
    const model = await profileOpenApi(loadProfile('default'));
    const doc = new RawDocument(model);
    const body = doc.inputs(getOperation(model, 'createPortCall')).body!;
    expect(body.mediaType).toBe('application/json');
    const view = doc.view(body.schema!);
    expect([...view.required].sort()).toEqual(['eta', 'etd', 'portOfCall', 'ship']);
    expect(view.closed).toBe(true);
    const ship = doc.view(view.properties.get('ship')!);
    expect([...ship.required].sort()).toEqual(['flag', 'imoNumber', 'name']);
    expect(doc.view(ship.properties.get('imoNumber')!).pattern).toBe('^[0-9]{7}$');
    expect(doc.view(view.properties.get('callPurpose')!).enum).toContain('bunkering');
    // The schema's own example comes with the view.
    expect(view.examples[0]).toMatchObject({ portOfCall: 'FRLEH' });
  });

  it('lists path-item and operation parameters, header names lower-cased', async () => {
    const model = await profileOpenApi(loadProfile('default'));
    const doc = new RawDocument(model);
    const params = doc.inputs(getOperation(model, 'updatePortCall')).parameters;
    expect(params.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:portCallId:true',
      'header:if-match:true',
    ]);
    expect(params.every((p) => p.modelSchema !== undefined)).toBe(true);
  });
});

describe('RawDocument on an OpenAPI 3.0 document with relative files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'psw-rawdoc-'));
    mkdirSync(join(dir, 'schemas'));
    writeFileSync(
      join(dir, 'api.yaml'),
      [
        'openapi: 3.0.3',
        'info: { title: T, version: "1" }',
        'paths:',
        '  /things/{id}:',
        '    parameters:',
        '      - { name: id, in: path, required: true, schema: { type: string, format: uuid }, example: 0342254a-5927-4856-b9c9-aa12e7c00563 }',
        '    put:',
        '      operationId: putThing',
        '      parameters:',
        '        - { name: X-Party, in: header, schema: { type: string, maxLength: 8 }, examples: { a: { value: carrier } } }',
        '      requestBody:',
        '        required: true',
        '        content:',
        '          application/json:',
        '            schema: { $ref: "schemas/thing.yaml#/Thing" }',
        '            examples: { first: { $ref: "#/components/examples/First" } }',
        '      responses: { "204": { description: ok } }',
        'components:',
        '  examples:',
        '    First: { value: { name: Anchor, size: 3 } }',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'schemas', 'thing.yaml'),
      [
        'Thing:',
        '  allOf:',
        '    - $ref: "#/Named"',
        '    - type: object',
        '      properties:',
        '        size: { type: integer, minimum: 1, nullable: true }',
        '        kind: { $ref: "../common.yaml#/Kind" }',
        '        id: { type: string, readOnly: true }',
        'Named:',
        '  type: object',
        '  required: [name]',
        '  additionalProperties: false',
        '  properties:',
        '    name: { type: string, pattern: "^[A-Z][a-z]+$", maxLength: 20 }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'common.yaml'), 'Kind: { type: string, enum: [small, large] }\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('merges allOf, reads nullable and readOnly, resolves a sibling file and example $refs', async () => {
    const model = await loadOpenApi(join(dir, 'api.yaml'));
    const doc = new RawDocument(model);
    const inputs = doc.inputs(getOperation(model, 'putThing'));
    expect(inputs.parameters.map((p) => [p.name, p.examples])).toEqual([
      ['id', ['0342254a-5927-4856-b9c9-aa12e7c00563']],
      ['x-party', ['carrier']],
    ]);
    expect(inputs.body?.examples).toEqual([{ name: 'Anchor', size: 3 }]);
    const view = doc.view(inputs.body!.schema!);
    expect([...view.required]).toEqual(['name']);
    expect(view.closed).toBe(true);
    expect([...view.properties.keys()].sort()).toEqual(['id', 'kind', 'name', 'size']);
    expect(doc.view(view.properties.get('size')!).nullable).toBe(true);
    expect(doc.view(view.properties.get('id')!).readOnly).toBe(true);
    expect(doc.view(view.properties.get('kind')!).enum).toEqual(['small', 'large']);
  });

  it('builds valid instances: examples first, else a minimal one honouring patterns and bounds', async () => {
    const model = await loadOpenApi(join(dir, 'api.yaml'));
    const doc = new RawDocument(model);
    const inputs = doc.inputs(getOperation(model, 'putThing'));
    const schema = inputs.body!.modelSchema!;
    const minimal = new InstanceBuilder(doc, {
      seed: 7,
      now: new Date('2026-11-21T00:00:00Z'),
      useExamples: false,
    }).build(inputs.body!.schema!);
    expect(minimal).toEqual({ name: expect.stringMatching(/^[A-Z][a-z]+$/) });
    expect(validateSchema(model, schema, minimal).valid).toBe(true);
    const again = new InstanceBuilder(doc, {
      seed: 7,
      now: new Date('2026-11-21T00:00:00Z'),
      useExamples: false,
    }).build(inputs.body!.schema!);
    expect(again).toEqual(minimal);
  });
});

describe('seededUuid', () => {
  it('is a deterministic version-4 UUID per seed and counter', () => {
    const a = seededUuid(1, 0);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededUuid(1, 0)).toBe(a);
    expect(new Set([seededUuid(1, 1), seededUuid(2, 0), a]).size).toBe(3);
  });
});
