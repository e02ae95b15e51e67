/* eslint-disable @typescript-eslint/no-explicit-any -- tests read parsed JSON freely */
// The EDIFACT place of a finding (results 1.5.0 `location.edifact`): one text for console, JUnit,
// HTML and Markdown, a SARIF logical location, and a fingerprint that tells places apart but not runs.
import { describe, expect, it } from 'vitest';
import { fingerprintKey } from '../../engine/fingerprint.ts';
import type { EdifactLocation, FindingLocation } from '../../engine/types.ts';
import { formatEdifactPlace, formatLocation } from '../../reports/format.ts';
import { renderSarif } from '../../reports/sarif.ts';
import { validateResults } from '../../reports/schema.ts';
import { sampleResults } from './sample-results.ts';

const PLACE: EdifactLocation = {
  message: 'BERMAN',
  messageRef: 'PCX1',
  segment: 'TDT',
  position: 3,
  element: 8,
  component: 1,
};
const LOC: FindingLocation = { method: 'POST', operationId: 'submitEdifactInterchange', edifact: PLACE };

describe('formatEdifactPlace', () => {
  it.each([
    [PLACE, 'BERMAN TDT#3 element 8:1'],
    [{ message: 'IFTDGN', segment: 'DGS', position: 9 }, 'IFTDGN DGS#9'],
    [{ segment: 'UNZ', element: 2 }, 'UNZ element 2'],
    [{ message: 'BERMAN', segment: 'UNT', position: 9, element: 1 }, 'BERMAN UNT#9 element 1'],
  ] as [EdifactLocation, string][])('%j → %s', (p, text) => {
    expect(formatEdifactPlace(p)).toBe(text);
  });

  it('is part of the one location text', () => {
    expect(formatLocation(LOC)).toBe('POST (submitEdifactInterchange) edifact BERMAN TDT#3 element 8:1');
  });
});

describe('fingerprints of EDIFACT findings', () => {
  const key = (edifact: EdifactLocation) =>
    fingerprintKey(
      'edifact-aperak',
      { id: 'not-located', location: { ...LOC, edifact } },
      { apiBaseUrl: 'https://x/api/v1' },
    );
  it.each([
    ['another position', { ...PLACE, position: 4 }, false],
    ['another element', { ...PLACE, element: 2 }, false],
    ['another message type', { ...PLACE, message: 'WASDIS' }, false],
    ['another UNH reference (another run)', { ...PLACE, messageRef: 'PCY1' }, true],
  ] as [string, EdifactLocation, boolean][])('%s: same fingerprint %s', (_what, other, same) => {
    expect(key(other) === key(PLACE)).toBe(same);
  });
});

describe('results and SARIF with an EDIFACT place', () => {
  const results = sampleResults();
  results.checks[0]!.findings = [{ id: 'not-located', message: 'm', location: LOC }];

  it('results.json with location.edifact is valid', () => {
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ valid: true, errors: [] });
  });

  it('SARIF names the segment as a logical location and keeps the place as a property', () => {
    const sarif = JSON.parse(JSON.stringify(renderSarif(results))) as any;
    const loc = sarif.runs[0].results.find((r: any) => r.message.text.includes('m') && r.locations)?.locations[0];
    expect(loc.logicalLocations).toContainEqual({
      name: 'TDT',
      fullyQualifiedName: 'BERMAN TDT#3 element 8:1',
      kind: 'element',
    });
    expect(loc.properties.edifact).toEqual(PLACE);
  });
});
