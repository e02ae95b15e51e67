import { describe, expect, it } from 'vitest';
import { readOnlyValues, type ReadOnlyProbe } from '../../../../suites/security/collectors/read-only-probes.ts';
import readOnlyFields, { reflects } from '../../../../suites/security/read-only-fields.ts';
import { authzProbes, idsAndLocations, readOnlyLoc, readOnlyProbes, runCheck } from './builders.ts';

const run = (change: Parameters<typeof readOnlyProbes>[0]) =>
  runCheck(readOnlyFields, { AuthzProbes: authzProbes({ readOnly: readOnlyProbes(change) }) });

describe('read-only-fields', () => {
  const values = readOnlyValues(new Date('2026-11-21T10:00:00Z'));
  const accepted = (stored: Partial<NonNullable<ReadOnlyProbe['stored']>>): Partial<ReadOnlyProbe> => ({
    status: 201,
    stored: { status: 200, readAs: 'agentA', present: true, ...stored },
  });

  it('passes when every member is refused with 400 at its pointer, and reports every place', async () => {
    const p = await run({});
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toEqual({ probes: 18, refused: 18, places: 18 });
    expect(p.places?.['PSW-SEC-AUTHZ-003']?.probed).toHaveLength(18);
    expect(p.places?.['PSW-SEC-AUTHZ-003']?.probed).toContain('updatePortCall /atd');
  });

  it.each([
    [
      'status taken on create',
      'createPortCall:status',
      accepted({ value: 'departed' }),
      'fieldTakenOver',
      readOnlyLoc('createPortCall', 'status'),
    ],
    [
      'tenant taken on update (read back as the authority)',
      'updatePortCall:tenant',
      { status: 200, stored: { status: 200, readAs: 'authority', present: true, value: values.tenant } },
      'fieldTakenOver',
      readOnlyLoc('updatePortCall', 'tenant'),
    ],
    [
      'clearance taken on create',
      'createPortCall:clearance',
      accepted({ value: { decision: 'granted', decidedAt: '2026-11-21T10:00:01Z' } }),
      'fieldTakenOver',
      readOnlyLoc('createPortCall', 'clearance'),
    ],
    [
      'portCallId taken on create',
      'createPortCall:portCallId',
      { status: 201, stored: { status: 200, present: true, portCallId: values.portCallId, value: values.portCallId } },
      'fieldTakenOver',
      readOnlyLoc('createPortCall', 'portCallId'),
    ],
    [
      'atd taken on update, written in another offset',
      'updatePortCall:atd',
      { status: 200, stored: { status: 200, present: true, value: '2001-02-03T06:05:06+01:00' } },
      'fieldTakenOver',
      readOnlyLoc('updatePortCall', 'atd'),
    ],
    [
      'version silently dropped on update',
      'updatePortCall:version',
      accepted({ value: 2 }),
      'notRejected',
      readOnlyLoc('updatePortCall', 'version'),
    ],
    [
      'createdAt silently dropped on create (nothing to read back)',
      'createPortCall:createdAt',
      { status: 201, stored: { present: false } },
      'notRejected',
      readOnlyLoc('createPortCall', 'createdAt'),
    ],
    [
      'ata refused with 422 instead of 400',
      'createPortCall:ata',
      { status: 422, pointers: ['/ata'] },
      'not400',
      readOnlyLoc('createPortCall', 'ata'),
    ],
    [
      'a probe crashes the server',
      'createPortCall:version',
      { status: 500 },
      'not400',
      readOnlyLoc('createPortCall', 'version'),
    ],
    [
      'the 400 points elsewhere',
      'updatePortCall:updatedAt',
      { status: 400, pointers: [''] },
      'pointerMissing',
      readOnlyLoc('updatePortCall', 'updatedAt'),
    ],
    [
      'a refused update still changed the port call',
      'updatePortCall:status',
      { stored: { status: 200, present: true, value: 'notified', version: 2, versionBefore: 1 } },
      'changedDespiteRefusal',
      readOnlyLoc('updatePortCall', 'status'),
    ],
    [
      'no answer',
      'createPortCall:tenant',
      { status: undefined, error: 'ECONNRESET' },
      'noAnswer',
      readOnlyLoc('createPortCall', 'tenant'),
    ],
  ] as const)('fails when %s', async (_name, key, probe, id, location) => {
    const p = await run({ probes: { [key]: probe } as never });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([{ id, location }]);
  });

  it.each([
    ['a probe was throttled', { probes: { 'createPortCall:tenant': { status: 429 } } }],
    [
      'update refusals cannot be trusted: the control update failed too',
      { updateControl: { operationId: 'updatePortCall', method: 'PUT', url: '/x', status: 428 } },
    ],
  ] as const)('needs review when %s', async (_name, change) => {
    const p = await run(change as never);
    expect(p.outcome).toBe('needs-review');
    expect(p.places?.['PSW-SEC-AUTHZ-003']?.notProbed?.[0]).toMatchObject({ why: 'precondition-failed' });
  });

  it('reflects() compares the clearance decision, not its timestamp, and instants, not their spelling', () => {
    const base = {
      placeId: 'createPortCall /clearance',
      field: 'clearance',
      kind: 'create' as const,
      operationId: 'createPortCall',
      method: 'POST',
      url: '/port-calls',
      sent: values.clearance,
    };
    expect(reflects({ ...base, stored: { present: true, value: { decision: 'granted', decidedAt: 'other' } } })).toBe(
      true,
    );
    expect(reflects({ ...base, stored: { present: true, value: null } })).toBe(false);
    expect(reflects({ ...base })).toBe(false);
    const ata = { ...base, field: 'ata', sent: '2001-02-03T04:05:06Z' };
    expect(reflects({ ...ata, stored: { present: true, value: '2001-02-03T05:05:06+01:00' } })).toBe(true);
    expect(reflects({ ...ata, stored: { present: true, value: null } })).toBe(false);
  });
});
