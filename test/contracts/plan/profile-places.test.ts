// The places of the contract area's requirements, derived from the profile's annotations
// (x-psw-identifier, x-psw-order, x-psw-count-of) and paths: every operation that accepts a field,
// every array at a first and a later item, each ordered pair at its boundary and on the wrong side,
// each count rule both ways. A synthetic document shows the derivation reads any document.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiModel } from '../../../contracts/openapi.ts';
import { positions } from '../../../contracts/plan/body-fields.ts';
import { countRules } from '../../../contracts/plan/count-consistency.ts';
import { identifierFields } from '../../../contracts/plan/identifier-fields.ts';
import { derivePlaces, derivePlan } from '../../../contracts/plan/index.ts';
import { orderRules } from '../../../contracts/plan/timestamp-order.ts';
import { loadRequirements } from '../../../contracts/requirements.ts';

const PROFILE = fileURLToPath(new URL('../../../contracts/profile-v1/openapi.yaml', import.meta.url));

let psw: OpenApiModel;
beforeAll(async () => {
  psw = await loadOpenApi(PROFILE);
});

const ids = (requirement: string) => derivePlan(psw, loadRequirements()).places[requirement]!.map((p) => p.id);

describe('identifier-field places of profile v1', () => {
  it.each([
    [
      'PSW-ID-001',
      ['createPortCall /ship/imoNumber', 'updatePortCall /ship/imoNumber', 'submitGeneralDeclaration /imoNumber'],
    ],
    ['PSW-ID-002', ['createPortCall /ship/mmsi', 'updatePortCall /ship/mmsi']],
    ['PSW-ID-004', ['submitDangerousGoods /items/0/containerNumber', 'submitDangerousGoods /items/1/containerNumber']],
  ])('%s: every operation and array position that carries the identifier', (requirement, expected) => {
    expect(ids(requirement)).toEqual(expected);
  });

  it('PSW-ID-003: every location code of every message, create and update, first and later items', () => {
    const places = ids('PSW-ID-003');
    expect(places).toHaveLength(15);
    for (const id of [
      'createPortCall /previousPort',
      'updatePortCall /nextPort',
      'submitGeneralDeclaration /lastPortOfCall',
      'submitPassengerList /passengers/0/portOfEmbarkation',
      'submitPassengerList /passengers/1/portOfDisembarkation',
      'submitWasteNotification /lastDeliveryPort',
      'submitSecurityNotification /lastCalls/1/port',
    ])
      expect(places).toContain(id);
  });

  it('PSW-ID-005: UN number, class and packing group of a first and a later item', () => {
    expect(ids('PSW-ID-005')).toEqual([
      'submitDangerousGoods /items/0/unNumber',
      'submitDangerousGoods /items/1/unNumber',
      'submitDangerousGoods /items/0/imdgClass',
      'submitDangerousGoods /items/1/imdgClass',
      'submitDangerousGoods /items/0/packingGroup',
      'submitDangerousGoods /items/1/packingGroup',
    ]);
  });

  it('PSW-ID-006: every date-time of every request body', () => {
    expect(ids('PSW-ID-006')).toEqual([
      'createPortCall /eta',
      'createPortCall /etd',
      'updatePortCall /eta',
      'updatePortCall /etd',
      'recordArrival /ata',
      'recordDeparture /atd',
      'submitGeneralDeclaration /dateTimeOfArrival',
      'submitSecurityNotification /lastCalls/0/arrival',
      'submitSecurityNotification /lastCalls/1/arrival',
      'submitSecurityNotification /lastCalls/0/departure',
      'submitSecurityNotification /lastCalls/1/departure',
    ]);
  });

  it('places carry the operation, the pointer and, in arrays, which item', () => {
    const later = identifierFields(psw).find((f) => f.place.id === 'submitDangerousGoods /items/1/containerNumber')!;
    expect(later).toEqual({
      identifier: 'container',
      items: [1],
      place: {
        id: 'submitDangerousGoods /items/1/containerNumber',
        kind: 'identifier-field',
        operationId: 'submitDangerousGoods',
        method: 'POST',
        path: '/port-calls/{portCallId}/formalities/dangerous-goods',
        pointer: '/items/1/containerNumber',
        variant: 'later item',
      },
    });
  });
});

describe('timestamp-order places of profile v1', () => {
  it('PSW-BR-001: equal and reversed ETD, on create and on update', () => {
    expect(ids('PSW-BR-001')).toEqual([
      'createPortCall /etd equal to /eta',
      'createPortCall /etd before /eta',
      'updatePortCall /etd equal to /eta',
      'updatePortCall /etd before /eta',
    ]);
  });

  it('PSW-BR-004: the departure against the arrival recorded by another operation', () => {
    expect(ids('PSW-BR-004')).toEqual([
      'recordDeparture /atd equal to recordArrival /ata',
      'recordDeparture /atd before recordArrival /ata',
    ]);
    const rule = orderRules(psw).find((r) => r.place.id === 'recordDeparture /atd equal to recordArrival /ata')!;
    expect(rule).toMatchObject({
      side: 'equal',
      earlier: { operationId: 'recordArrival', pointer: '/ata' },
      later: { operationId: 'recordDeparture', pointer: '/atd' },
      strict: true,
      code: 'ATD_BEFORE_ATA',
      place: { pointer: '/atd', variant: 'equal' },
    });
  });
});

describe('count-consistency places of profile v1', () => {
  it('PSW-BR-002: pending declaration, short and long lists, a declaration contradicting the list on file', () => {
    expect(ids('PSW-BR-002')).toEqual([
      'submitGeneralDeclaration /numberOfCrew before any submitCrewList /crew',
      'submitCrewList /crew shorter than submitGeneralDeclaration /numberOfCrew',
      'submitCrewList /crew longer than submitGeneralDeclaration /numberOfCrew',
      'submitGeneralDeclaration /numberOfCrew contradicting submitCrewList /crew on file',
    ]);
  });

  it('PSW-BR-003: the same for passengers (the profile does not make a missing passenger list pending)', () => {
    expect(ids('PSW-BR-003')).toEqual([
      'submitPassengerList /passengers shorter than submitGeneralDeclaration /numberOfPassengers',
      'submitPassengerList /passengers longer than submitGeneralDeclaration /numberOfPassengers',
      'submitGeneralDeclaration /numberOfPassengers contradicting submitPassengerList /passengers on file',
    ]);
    expect(countRules(psw).map((r) => [r.declaration, r.list, r.code])).toEqual([
      [
        { operationId: 'submitGeneralDeclaration', pointer: '/numberOfCrew' },
        { operationId: 'submitCrewList', pointer: '/crew' },
        'CREW_COUNT_MISMATCH',
      ],
      [
        { operationId: 'submitGeneralDeclaration', pointer: '/numberOfPassengers' },
        { operationId: 'submitPassengerList', pointer: '/passengers' },
        'PASSENGER_COUNT_MISMATCH',
      ],
    ]);
  });
});

describe('resource-write places of profile v1', () => {
  it('PSW-API-006: every unsafe operation on a port call', () => {
    expect(ids('PSW-API-006')).toEqual([
      'updatePortCall',
      'cancelPortCall',
      'recordArrival',
      'recordDeparture',
      'decideClearance',
      'submitGeneralDeclaration',
      'submitCrewList',
      'submitPassengerList',
      'submitDangerousGoods',
      'submitWasteNotification',
      'submitSecurityNotification',
    ]);
  });
});

describe('the derivation reads any document', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'Shipments', version: '1' },
    servers: [{ url: '/v2' }],
    paths: {
      '/shipments': {
        post: {
          operationId: 'createShipment',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Shipment' } } } },
          responses: { '201': { description: 'ok' } },
        },
      },
      '/shipments/{id}/legs': {
        put: {
          operationId: 'replaceLegs',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          'x-psw-order': [
            { earlier: { operationId: 'createShipment', pointer: '/loadedAt' }, later: '/legs/0/departs' },
          ],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    legs: {
                      type: 'array',
                      items: {
                        type: 'object',
                        'x-psw-order': [{ earlier: '/departs', later: '/arrives', code: 'LEG_ORDER' }],
                        properties: {
                          departs: { $ref: '#/components/schemas/Instant' },
                          arrives: { $ref: '#/components/schemas/Instant' },
                          boxes: { type: 'array', maxItems: 1, items: { $ref: '#/components/schemas/Box' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      schemas: {
        Instant: { type: 'string', format: 'date-time', 'x-psw-identifier': 'date-time' },
        Box: { type: 'object', properties: { number: { type: 'string', 'x-psw-identifier': 'container' } } },
        Shipment: {
          type: 'object',
          properties: {
            loadedAt: { $ref: '#/components/schemas/Instant' },
            vessel: { 'x-psw-identifier': 'imo', $ref: '#/components/schemas/Text' },
          },
        },
        Text: { type: 'string' },
      },
    },
  };

  it('identifiers on definitions or on reference sites, nested arrays at each position (maxItems respected)', async () => {
    const model = await loadOpenApi(doc);
    expect(derivePlaces(model, { id: 'T', appliesTo: [{ kind: 'identifier-field' }] }).map((p) => p.id)).toEqual([
      'createShipment /loadedAt',
      'createShipment /vessel',
      'replaceLegs /legs/0/departs',
      'replaceLegs /legs/1/departs',
      'replaceLegs /legs/0/arrives',
      'replaceLegs /legs/1/arrives',
      'replaceLegs /legs/0/boxes/0/number',
      'replaceLegs /legs/1/boxes/0/number',
    ]);
  });

  it('ordered pairs inside array items, across operations, non-strict without a boundary place', async () => {
    const model = await loadOpenApi({
      ...doc,
      paths: {
        ...doc.paths,
        '/shipments/{id}/legs': {
          put: {
            ...doc.paths['/shipments/{id}/legs'].put,
            'x-psw-order': [
              {
                earlier: { operationId: 'createShipment', pointer: '/loadedAt' },
                later: '/legs/0/departs',
                strict: false,
              },
            ],
          },
        },
      },
    });
    expect(derivePlaces(model, { id: 'T', appliesTo: [{ kind: 'timestamp-order' }] }).map((p) => p.id)).toEqual([
      'replaceLegs /legs/0/arrives equal to /legs/0/departs',
      'replaceLegs /legs/0/arrives before /legs/0/departs',
      'replaceLegs /legs/1/arrives equal to /legs/1/departs',
      'replaceLegs /legs/1/arrives before /legs/1/departs',
      'replaceLegs /legs/0/departs before createShipment /loadedAt',
    ]);
    expect(derivePlaces(model, { id: 'T', appliesTo: [{ kind: 'timestamp-order', code: 'LEG_ORDER' }] })).toHaveLength(
      4,
    );
  });

  it('a malformed annotation names the operation', async () => {
    const broken = structuredClone(doc) as typeof doc;
    (broken.paths['/shipments/{id}/legs'].put as Record<string, unknown>)['x-psw-order'] = [{ later: 'nope' }];
    const model = await loadOpenApi(broken);
    expect(() => orderRules(model)).toThrow(/replaceLegs.*x-psw-order/);
  });

  it('positions: a first and a later item per array level, one where the array holds one', () => {
    expect(positions({ pointer: '/a/*/b/*', arrays: [undefined, 1] }).map((p) => p.pointer)).toEqual([
      '/a/0/b/0',
      '/a/1/b/0',
    ]);
    expect(positions({ pointer: '/x', arrays: [] })).toEqual([{ pointer: '/x', items: [] }]);
  });
});
