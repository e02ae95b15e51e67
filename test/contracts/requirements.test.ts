import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DCSA_PORT_CALL_REQUIREMENTS_FILE,
  REQUIREMENT_ID_PATTERN,
  RequirementCatalogError,
  loadRequirements,
  parseRequirements,
  requirementsById,
} from '../../contracts/requirements.ts';

// The stable ids with their level and severity; ids never change once published.
const PLANNED: Array<[string, string, string]> = [
  ['PSW-ID-001', 'MUST', 'high'],
  ['PSW-ID-002', 'MUST', 'medium'],
  ['PSW-ID-003', 'MUST', 'medium'],
  ['PSW-ID-004', 'MUST', 'medium'],
  ['PSW-ID-005', 'MUST', 'high'],
  ['PSW-ID-006', 'MUST', 'medium'],
  ['PSW-BR-001', 'MUST', 'medium'],
  ['PSW-BR-002', 'MUST', 'medium'],
  ['PSW-BR-003', 'MUST', 'medium'],
  ['PSW-BR-004', 'MUST', 'medium'],
  ['PSW-API-001', 'MUST', 'high'],
  ['PSW-API-002', 'MUST', 'medium'],
  ['PSW-API-003', 'MUST', 'medium'],
  ['PSW-API-004', 'MUST', 'high'],
  ['PSW-API-005', 'MUST', 'high'],
  ['PSW-API-006', 'MUST', 'medium'],
  ['PSW-API-007', 'MUST', 'high'],
  ['PSW-API-008', 'MUST', 'medium'],
  ['PSW-API-009', 'MUST', 'medium'],
  ['PSW-API-010', 'SHOULD', 'low'],
  ['PSW-API-011', 'MUST', 'high'],
  ['PSW-API-012', 'MUST', 'high'],
  ['PSW-API-013', 'MUST', 'high'],
  ['PSW-SEC-TLS-001', 'MUST', 'high'],
  ['PSW-SEC-TLS-002', 'MUST', 'high'],
  ['PSW-SEC-TLS-003', 'MUST', 'critical'],
  ['PSW-SEC-TLS-004', 'MUST', 'high'],
  ['PSW-SEC-TLS-005', 'MUST', 'high'],
  ['PSW-SEC-TLS-006', 'SHOULD', 'low'],
  ['PSW-SEC-TLS-007', 'MUST', 'medium'],
  ['PSW-SEC-TLS-008', 'MUST', 'high'],
  ['PSW-SEC-TLS-009', 'MUST', 'high'],
  ['PSW-SEC-AUTH-001', 'MUST', 'critical'],
  ['PSW-SEC-AUTH-002', 'MUST', 'critical'],
  ['PSW-SEC-AUTHZ-001', 'MUST', 'critical'],
  ['PSW-SEC-AUTHZ-002', 'MUST', 'critical'],
  ['PSW-SEC-AUTHZ-003', 'MUST', 'high'],
  ['PSW-SEC-HDR-001', 'MUST', 'medium'],
  ['PSW-SEC-HDR-002', 'MUST', 'medium'],
  ['PSW-SEC-HDR-003', 'MUST', 'high'],
  ['PSW-SEC-HDR-004', 'SHOULD', 'low'],
  ['PSW-SEC-DAST-001', 'SHOULD', 'medium'],
  ['PSW-SEC-RES-001', 'MUST', 'medium'],
  ['PSW-SEC-RES-002', 'MUST', 'medium'],
  ['PSW-LOAD-001', 'MUST', 'medium'],
  ['PSW-LOAD-002', 'MUST', 'high'],
  ['PSW-LOAD-003', 'MUST', 'medium'],
  ['PSW-PORTAL-001', 'MUST', 'high'],
  ['PSW-PORTAL-002', 'MUST', 'high'],
  ['PSW-PORTAL-003', 'MUST', 'high'],
  ['PSW-PORTAL-004', 'MUST', 'medium'],
  ['PSW-PORTAL-005', 'MUST', 'high'],
  ['PSW-PORTAL-006', 'MUST', 'medium'],
  ['PSW-EDI-001', 'MUST', 'medium'],
  ['PSW-EDI-002', 'MUST', 'medium'],
  ['PSW-EDI-003', 'MUST', 'high'],
  ['PSW-EDI-004', 'MUST', 'medium'],
  ['PSW-EDI-005', 'MUST', 'high'],
  ['PSW-EDI-006', 'MUST', 'low'],
];

const AREA_BY_PREFIX: Record<string, string> = {
  'PSW-ID': 'contract',
  'PSW-BR': 'contract',
  'PSW-API': 'contract',
  'PSW-SEC': 'security',
  'PSW-LOAD': 'load',
  'PSW-PORTAL': 'portal',
  'PSW-EDI': 'contract',
};

describe('requirements: the profile catalog', () => {
  const catalog = loadRequirements();
  const tested = catalog.filter((r) => r.notTestedReason === undefined);

  it('holds exactly the planned ids, with their level and severity, in order', () => {
    expect(tested.map((r) => [r.id, r.level, r.severity])).toEqual(PLANNED);
  });

  it('files each planned requirement under the area its id names', () => {
    for (const r of tested) {
      const prefix = Object.keys(AREA_BY_PREFIX).find((p) => r.id.startsWith(`${p}-`));
      expect([r.id, r.area]).toEqual([r.id, AREA_BY_PREFIX[prefix ?? '']]);
    }
  });

  it('lists 3 to 5 known requirements that nothing tests, each saying why', () => {
    const untested = catalog.filter((r) => r.notTestedReason !== undefined);
    expect(untested.length).toBeGreaterThanOrEqual(3);
    expect(untested.length).toBeLessThanOrEqual(5);
    for (const r of untested) expect(PLANNED.map(([id]) => id)).not.toContain(r.id);
  });

  it('gives every entry normative text whose keyword matches its level, and a source clause', () => {
    for (const r of catalog) {
      expect(r.id).toMatch(REQUIREMENT_ID_PATTERN);
      expect(r.text, r.id).toContain(r.level);
      expect(r.source.standard.length, r.id).toBeGreaterThan(3);
      expect(r.source.clause.length, r.id).toBeGreaterThan(3);
      if (r.source.url) expect(r.source.url, r.id).toMatch(/^https:\/\//);
    }
  });

  it('hands out copies, so a caller cannot change the catalog', () => {
    const first = loadRequirements();
    const clause = first[0]!.source.clause;
    first[0]!.severity = 'info';
    first[0]!.source.clause = 'changed';
    expect(loadRequirements()[0]).toMatchObject({ severity: 'high', source: { clause } });
  });

  it('indexes by id', () => {
    expect(requirementsById().get('PSW-SEC-AUTH-001')).toMatchObject({ severity: 'critical', area: 'security' });
  });
});

describe('requirements: a bad catalog is refused, naming the entry', () => {
  const good = {
    id: 'PSW-ID-001',
    text: 'The single window MUST check it.',
    level: 'MUST',
    severity: 'high',
    area: 'contract',
    source: { standard: 'IMO Resolution A.1117(30)', clause: 'Annex' },
  };
  const second = { ...good, id: 'PSW-ID-002' };
  const cases: Array<[string, unknown, RegExp]> = [
    ['not a mapping', [good], /expected a mapping/],
    ['entry not a mapping', { requirements: [good, 'PSW-ID-002'] }, /entry 2:/],
    [
      'duplicate id',
      { requirements: [good, { ...second, id: 'PSW-ID-001' }] },
      /entry 2 \(PSW-ID-001\): id PSW-ID-001 .*entry 1/,
    ],
    ['id pattern', { requirements: [good, { ...second, id: 'PSW-id-2' }] }, /entry 2 \(PSW-id-2\): id/],
    ['missing id', { requirements: [{ ...good, id: undefined }] }, /entry 1: id/],
    ['level', { requirements: [good, { ...second, level: 'MUSTNT' }] }, /entry 2 \(PSW-ID-002\): level/],
    ['severity', { requirements: [good, { ...second, severity: 'severe' }] }, /entry 2 \(PSW-ID-002\): severity/],
    ['area', { requirements: [good, { ...second, area: 'network' }] }, /entry 2 \(PSW-ID-002\): area/],
    ['empty text', { requirements: [good, { ...second, text: '  ' }] }, /entry 2 \(PSW-ID-002\): text/],
    ['no source', { requirements: [good, { ...second, source: undefined }] }, /entry 2 \(PSW-ID-002\): source/],
    [
      'no clause',
      { requirements: [good, { ...second, source: { standard: 'x' } }] },
      /entry 2 \(PSW-ID-002\): source\.clause/,
    ],
    [
      'plain-http url',
      { requirements: [good, { ...second, source: { ...good.source, url: 'http://x.org' } }] },
      /entry 2 \(PSW-ID-002\): source\.url/,
    ],
    [
      'misspelt field',
      { requirements: [good, { ...second, notTestedReasons: 'x' }] },
      /entry 2 \(PSW-ID-002\): unknown field "notTestedReasons"/,
    ],
    [
      'misspelt source field',
      { requirements: [{ ...good, source: { ...good.source, clauses: 'x' } }] },
      /entry 1 \(PSW-ID-001\): unknown field "source\.clauses"/,
    ],
    [
      'empty notTestedReason',
      { requirements: [{ ...good, notTestedReason: '' }] },
      /entry 1 \(PSW-ID-001\): notTestedReason/,
    ],
  ];
  it.each(cases)('%s', (_label, doc, message) => {
    expect(() => parseRequirements(doc, 'catalog.yaml')).toThrow(RequirementCatalogError);
    expect(() => parseRequirements(doc, 'catalog.yaml')).toThrow(message);
  });

  it('accepts a well-formed catalog', () => {
    expect(parseRequirements({ requirements: [good, { ...second, notTestedReason: 'no probe yet' }] })).toEqual([
      good,
      { ...second, notTestedReason: 'no probe yet' },
    ]);
  });

  describe('from a file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'requirements-test-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names the file when the YAML does not parse', () => {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'requirements:\n  - id: [unclosed\n');
      expect(() => loadRequirements(file)).toThrow(RequirementCatalogError);
      expect(() => loadRequirements(file)).toThrow(/broken\.yaml/);
    });

    it('names the file when it is missing', () => {
      expect(() => loadRequirements(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml/);
    });
  });
});

describe('the DCSA Port Call catalog', () => {
  it('loads in profile v1 form: DCSA-PC ids, each citing a clause of the DCSA document', () => {
    const reqs = loadRequirements(DCSA_PORT_CALL_REQUIREMENTS_FILE);
    expect(reqs.length).toBeGreaterThanOrEqual(6);
    for (const r of reqs) {
      expect(r.id).toMatch(/^DCSA-PC-[A-Z]+-\d{3}$/);
      expect(r.source.standard).toBe('DCSA Port Call 2.0.0');
      expect(r.source.clause.length).toBeGreaterThan(10);
    }
  });
});
