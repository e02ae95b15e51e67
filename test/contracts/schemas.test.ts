import { describe, expect, it } from 'vitest';
import {
  FORMALITY_SCHEMAS,
  PERSONAL_DATA_KEYS,
  SCHEMA_NAMES,
  personalDataPointers,
  schemaDocument,
  validate,
  type SchemaName,
} from '../../contracts/schemas.ts';

function example(name: SchemaName): Record<string, unknown> {
  const examples = (schemaDocument(name) as { examples?: unknown[] }).examples;
  return structuredClone(examples?.[0]) as Record<string, unknown>;
}

/** The example of `name` with `patch` applied at top level (undefined deletes). */
function variant(name: SchemaName, patch: Record<string, unknown>): Record<string, unknown> {
  const base = example(name);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

const ship = { imoNumber: '9074729', name: 'ESTEREL', flag: 'FR' };

describe('schemas: every message', () => {
  it.each(SCHEMA_NAMES)('%s has an $id under the profile base, a title and a valid example', (name) => {
    const doc = schemaDocument(name) as { $id: string; title: string; examples?: unknown[] };
    expect(doc.$id).toMatch(/^https:\/\/psw\.consortium\.example\/schemas\/v1\/[a-z-]+\.json$/);
    expect(doc.title).toBe(name);
    expect(doc.examples?.length).toBeGreaterThan(0);
    for (const ex of doc.examples ?? []) expect(validate(name, ex)).toEqual({ valid: true, errors: [] });
  });

  it('maps each formality type to a body schema', () => {
    expect(Object.keys(FORMALITY_SCHEMAS).sort()).toEqual([
      'crew-list',
      'dangerous-goods',
      'general-declaration',
      'passenger-list',
      'security',
      'waste',
    ]);
  });
});

describe('schemas: valid variants', () => {
  const cases: Array<[string, SchemaName, unknown]> = [
    [
      'minimal port call input',
      'PortCallInput',
      { ship, portOfCall: 'FRLEH', eta: '2026-12-01T08:00:00Z', etd: '2026-12-02T08:00:00.5-03:30' },
    ],
    ['LOCODE with digits 2-9', 'PortCallInput', variant('PortCallInput', { portOfCall: 'US2BR' })],
    [
      'port call arrived and cleared',
      'PortCall',
      variant('PortCall', {
        status: 'arrived',
        ata: '2026-12-01T08:10:00+01:00',
        clearance: { decision: 'granted', decidedAt: '2026-12-01T09:00:00Z' },
      }),
    ],
    ['page with a port call and a cursor', 'PortCallPage', { items: [example('PortCall')], nextCursor: 'b3BhcXVl' }],
    [
      'incomplete receipt with a warning',
      'Receipt',
      variant('Receipt', {
        outcome: 'incomplete',
        warnings: [{ code: 'CREW_LIST_PENDING', detail: 'crew list not received yet' }],
      }),
    ],
    [
      'problem with an extension member',
      'Problem',
      { type: 'about:blank', title: 'Not Found', status: 404, traceId: 'abc' },
    ],
    [
      'problem with root pointer',
      'Problem',
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ code: 'SCHEMA_TYPE', pointer: '', detail: 'must be object' }],
      },
    ],
    ['empty passenger list', 'PassengerList', { passengers: [] }],
    [
      'explosive division with compatibility group, no packing group',
      'DangerousGoods',
      {
        items: [
          {
            unNumber: '0012',
            properShippingName: 'CARTRIDGES FOR WEAPONS, INERT PROJECTILE',
            imdgClass: '1.4S',
            grossMassKg: 0.5,
          },
        ],
      },
    ],
    ['no waste to deliver', 'WasteNotification', variant('WasteNotification', { wastes: [] })],
    ['record of a crew list', 'FormalityRecord', { ...example('FormalitySummary'), document: example('CrewList') }],
    ['token type in lower case', 'TokenResponse', variant('TokenResponse', { token_type: 'bearer', scope: undefined })],
    ['configuration without portal', 'PswConfiguration', variant('PswConfiguration', { portal: undefined })],
  ];
  it.each(cases)('%s', (_label, name, data) => {
    expect(validate(name, data)).toEqual({ valid: true, errors: [] });
  });
});

describe('schemas: invalid input gives the code and pointer', () => {
  const cases: Array<[string, SchemaName, unknown, string, string]> = [
    [
      'missing nested required',
      'PortCallInput',
      variant('PortCallInput', { ship: { name: 'X', flag: 'FR' } }),
      'SCHEMA_REQUIRED',
      '/ship/imoNumber',
    ],
    [
      'missing top-level required',
      'PortCallInput',
      variant('PortCallInput', { eta: undefined }),
      'SCHEMA_REQUIRED',
      '/eta',
    ],
    [
      'unknown property',
      'PortCallInput',
      variant('PortCallInput', { remarks: 'x' }),
      'SCHEMA_ADDITIONAL_PROPERTY',
      '/remarks',
    ],
    [
      'read-only field in an input',
      'PortCallInput',
      variant('PortCallInput', { status: 'arrived' }),
      'SCHEMA_ADDITIONAL_PROPERTY',
      '/status',
    ],
    [
      'unknown property needing escaping',
      'PortCallInput',
      variant('PortCallInput', { 'a/b~c': 1 }),
      'SCHEMA_ADDITIONAL_PROPERTY',
      '/a~1b~0c',
    ],
    [
      'unknown nested property',
      'PortCallInput',
      variant('PortCallInput', { ship: { ...ship, owner: 'X' } }),
      'SCHEMA_ADDITIONAL_PROPERTY',
      '/ship/owner',
    ],
    ['wrong type', 'PortCall', variant('PortCall', { version: '1' }), 'SCHEMA_TYPE', '/version'],
    [
      'date-time without offset',
      'PortCallInput',
      variant('PortCallInput', { eta: '2026-12-01T08:00:00' }),
      'SCHEMA_PATTERN',
      '/eta',
    ],
    [
      'date-time without offset (format)',
      'PortCall',
      variant('PortCall', { eta: '2026-12-01T08:00:00' }),
      'SCHEMA_FORMAT',
      '/eta',
    ],
    ['impossible date-time', 'ArrivalRequest', { ata: '2026-02-30T08:00:00Z' }, 'SCHEMA_FORMAT', '/ata'],
    [
      'impossible date',
      'CrewList',
      { crew: [{ ...(example('CrewList').crew as object[])[0], dateOfBirth: '1975-13-01' }] },
      'SCHEMA_FORMAT',
      '/crew/0/dateOfBirth',
    ],
    [
      'IMO of 6 digits',
      'PortCallInput',
      variant('PortCallInput', { ship: { ...ship, imoNumber: '907472' } }),
      'SCHEMA_PATTERN',
      '/ship/imoNumber',
    ],
    [
      'MMSI of 8 digits',
      'PortCallInput',
      variant('PortCallInput', { ship: { ...ship, mmsi: '22712345' } }),
      'SCHEMA_PATTERN',
      '/ship/mmsi',
    ],
    [
      'LOCODE in lower case',
      'PortCallInput',
      variant('PortCallInput', { portOfCall: 'frleh' }),
      'SCHEMA_PATTERN',
      '/portOfCall',
    ],
    [
      'LOCODE with digit 1',
      'PortCallInput',
      variant('PortCallInput', { nextPort: 'US1BR' }),
      'SCHEMA_PATTERN',
      '/nextPort',
    ],
    [
      'flag not alpha-2',
      'PortCallInput',
      variant('PortCallInput', { ship: { ...ship, flag: 'FRA' } }),
      'SCHEMA_PATTERN',
      '/ship/flag',
    ],
    [
      'call purpose not in the list',
      'PortCallInput',
      variant('PortCallInput', { callPurpose: 'fishing' }),
      'SCHEMA_ENUM',
      '/callPurpose',
    ],
    [
      'persons on board above range',
      'PortCallInput',
      variant('PortCallInput', { personsOnBoard: 10001 }),
      'SCHEMA_RANGE',
      '/personsOnBoard',
    ],
    [
      'zero gross mass',
      'DangerousGoods',
      { items: [{ unNumber: '1203', properShippingName: 'GASOLINE', imdgClass: '3', grossMassKg: 0 }] },
      'SCHEMA_RANGE',
      '/items/0/grossMassKg',
    ],
    ['empty crew list', 'CrewList', { crew: [] }, 'SCHEMA_LENGTH', '/crew'],
    [
      'cargo description too long',
      'GeneralDeclaration',
      variant('GeneralDeclaration', { cargoDescription: 'x'.repeat(501) }),
      'SCHEMA_LENGTH',
      '/cargoDescription',
    ],
    [
      'accepted receipt with errors',
      'Receipt',
      variant('Receipt', { errors: [{ code: 'X', pointer: '', detail: 'x' }] }),
      'SCHEMA_LENGTH',
      '/errors',
    ],
    [
      'rejection with status 400',
      'RejectionReceipt',
      variant('RejectionReceipt', { status: 400 }),
      'SCHEMA_CONST',
      '/status',
    ],
    [
      'rejection without errors',
      'RejectionReceipt',
      variant('RejectionReceipt', { errors: [] }),
      'SCHEMA_LENGTH',
      '/errors',
    ],
    [
      'rejection error without pointer',
      'RejectionReceipt',
      variant('RejectionReceipt', { errors: [{ code: 'IMO_CHECK_DIGIT', detail: 'x' }] }),
      'SCHEMA_REQUIRED',
      '/errors/0/pointer',
    ],
    [
      'problem error pointer not RFC 6901',
      'Problem',
      { type: 'about:blank', title: 't', status: 400, errors: [{ code: 'X', pointer: 'ship.imoNumber', detail: 'x' }] },
      'SCHEMA_FORMAT',
      '/errors/0/pointer',
    ],
    [
      'problem status below 400',
      'Problem',
      { type: 'about:blank', title: 't', status: 200 },
      'SCHEMA_RANGE',
      '/status',
    ],
    [
      'wrong configuration profile',
      'PswConfiguration',
      variant('PswConfiguration', { profile: 'psw-v2' }),
      'SCHEMA_CONST',
      '/profile',
    ],
    [
      'private key member in JWKS',
      'Jwks',
      { keys: [{ kty: 'RSA', kid: 'k1', n: 'x', e: 'AQAB', d: 'secret' }] },
      'SCHEMA_INVALID',
      '/keys/0/d',
    ],
    [
      'token lifetime above an hour',
      'TokenResponse',
      variant('TokenResponse', { expires_in: 7200 }),
      'SCHEMA_RANGE',
      '/expires_in',
    ],
    [
      'record document follows formality type',
      'FormalityRecord',
      { ...example('FormalitySummary'), formalityType: 'waste', document: example('CrewList') },
      'SCHEMA_ADDITIONAL_PROPERTY',
      '/document/crew',
    ],
    [
      'security level out of range',
      'SecurityNotification',
      variant('SecurityNotification', { securityLevel: 4 }),
      'SCHEMA_RANGE',
      '/securityLevel',
    ],
    [
      'EmS code malformed',
      'DangerousGoods',
      {
        items: [
          { unNumber: '1203', properShippingName: 'GASOLINE', imdgClass: '3', grossMassKg: 1, emsCode: 'F-E,S-E' },
        ],
      },
      'SCHEMA_PATTERN',
      '/items/0/emsCode',
    ],
    [
      'container number malformed',
      'DangerousGoods',
      {
        items: [
          {
            unNumber: '1203',
            properShippingName: 'GASOLINE',
            imdgClass: '3',
            grossMassKg: 1,
            containerNumber: 'CSQ3054383',
          },
        ],
      },
      'SCHEMA_PATTERN',
      '/items/0/containerNumber',
    ],
    ['not an object at all', 'PortCallInput', [], 'SCHEMA_TYPE', ''],
  ];
  it.each(cases)('%s', (_label, name, data, code, pointer) => {
    const result = validate(name, data);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining({ code, pointer }));
  });

  it('reports every error of a message, not only the first', () => {
    const result = validate('PortCallInput', {
      ship: { name: 'X', flag: 'fr' },
      portOfCall: 'FRLEH',
      eta: 'x',
      etd: 'y',
      extra: 1,
    });
    const pairs = result.errors.map((e) => `${e.code} ${e.pointer}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        'SCHEMA_REQUIRED /ship/imoNumber',
        'SCHEMA_PATTERN /ship/flag',
        'SCHEMA_FORMAT /eta',
        'SCHEMA_FORMAT /etd',
        'SCHEMA_ADDITIONAL_PROPERTY /extra',
      ]),
    );
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('does not repeat a failed if/then as a separate issue', () => {
    const result = validate('Receipt', variant('Receipt', { errors: [{ code: 'X', pointer: '', detail: 'x' }] }));
    expect(result.errors.map((e) => [e.code, e.pointer])).toEqual([['SCHEMA_LENGTH', '/errors']]);
  });
});

describe('schemas: personal data', () => {
  const cases: Array<[SchemaName, string[]]> = [
    ['PortCallInput', []],
    ['GeneralDeclaration', ['/masterName']],
    [
      'CrewList',
      [
        '/crew/*/dateOfBirth',
        '/crew/*/familyName',
        '/crew/*/givenNames',
        '/crew/*/identityDocument',
        '/crew/*/nationality',
        '/crew/*/placeOfBirth',
      ],
    ],
    [
      'PassengerList',
      [
        '/passengers/*/dateOfBirth',
        '/passengers/*/familyName',
        '/passengers/*/givenNames',
        '/passengers/*/identityDocument',
        '/passengers/*/nationality',
      ],
    ],
    ['SecurityNotification', ['/shipSecurityOfficer']],
  ];
  it.each(cases)('%s', (name, pointers) => {
    expect(personalDataPointers(name)).toEqual(pointers);
  });

  it('follows the formality record into its document', () => {
    const pointers = personalDataPointers('FormalityRecord');
    expect(pointers).toContain('/document/crew/*/familyName');
    expect(pointers).toContain('/document/passengers/*/identityDocument');
    expect(pointers).toContain('/document/masterName');
  });

  it('collects the personal keys, and no ship or port field', () => {
    expect([...PERSONAL_DATA_KEYS].sort()).toEqual([
      'dateOfBirth',
      'familyName',
      'givenNames',
      'identityDocument',
      'masterName',
      'nationality',
      'placeOfBirth',
      'shipSecurityOfficer',
    ]);
  });

  it('returns a copy the caller may change', () => {
    personalDataPointers('CrewList').push('/x');
    expect(personalDataPointers('CrewList')).not.toContain('/x');
  });
});
