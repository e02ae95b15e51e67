import { describe, expect, it } from 'vitest';
import { readOnlyValues, type ReadOnlyProbe } from '../../../../suites/security/collectors/read-only-probes.ts';
import readOnlyFields, { reflects } from '../../../../suites/security/read-only-fields.ts';
import { PC, authzProbes, idsAndLocations, runCheck } from './builders.ts';

describe('read-only-fields', () => {
  const at = (operationId: string, field: string) => ({
    operationId,
    method: operationId === 'createPortCall' ? 'POST' : 'PUT',
    url: operationId === 'createPortCall' ? '/port-calls' : `/port-calls/${PC}`,
    jsonPointer: `/${field}`,
    in: 'request',
  });
  const values = readOnlyValues(new Date('2026-11-21T10:00:00Z'));
  const accepted = (stored: Partial<NonNullable<ReadOnlyProbe['stored']>>): Partial<ReadOnlyProbe> => ({
    status: 201,
    stored: { status: 200, readAs: 'agentA', present: true, ...stored },
  });

  it('passes when every field is refused', async () => {
    const p = await runCheck(readOnlyFields, { AuthzProbes: authzProbes() });
    expect(p.outcome).toBe('pass');
    expect(p.metrics).toEqual({ probes: 10, refused: 10 });
  });

  it('passes when a body is accepted but the field ignored', async () => {
    const p = await runCheck(readOnlyFields, {
      AuthzProbes: authzProbes({ readOnly: { 'createPortCall:status': accepted({ value: 'notified' }) } }),
    });
    expect(p.outcome).toBe('pass');
  });

  it.each([
    [
      'status taken on create',
      'createPortCall:status',
      accepted({ value: 'departed' }),
      at('createPortCall', 'status'),
    ],
    [
      'tenant taken on update (read back as the authority)',
      'updatePortCall:tenant',
      { status: 200, stored: { status: 200, readAs: 'authority', present: true, value: values.tenant } },
      at('updatePortCall', 'tenant'),
    ],
    [
      'clearance taken on create',
      'createPortCall:clearance',
      accepted({ value: { decision: 'granted', decidedAt: '2026-11-21T10:00:01Z' } }),
      at('createPortCall', 'clearance'),
    ],
    [
      'portCallId taken on create',
      'createPortCall:portCallId',
      { status: 201, stored: { status: 200, present: true, portCallId: values.portCallId, value: values.portCallId } },
      at('createPortCall', 'portCallId'),
    ],
    ['version taken on update', 'updatePortCall:version', accepted({ value: 999 }), at('updatePortCall', 'version')],
  ] as const)('fails when %s', async (_name, key, probe, location) => {
    const p = await runCheck(readOnlyFields, { AuthzProbes: authzProbes({ readOnly: { [key]: probe } as never }) });
    expect(p.outcome).toBe('fail');
    expect(idsAndLocations(p)).toEqual([{ id: 'fieldTakenOver', location }]);
  });

  it.each([
    [
      'an accepted body cannot be read back',
      { 'createPortCall:tenant': { status: 201, stored: { status: 404, present: false } } },
      undefined,
    ],
    ['a probe crashes the server', { 'createPortCall:version': { status: 500 } }, undefined],
    [
      'update refusals cannot be trusted: the control update failed too',
      {},
      { operationId: 'updatePortCall', method: 'PUT', url: '/x', status: 428 },
    ],
  ] as const)('needs review when %s', async (_name, readOnly, updateControl) => {
    const p = await runCheck(readOnlyFields, {
      AuthzProbes: authzProbes({ readOnly: readOnly as never, ...(updateControl ? { updateControl } : {}) }),
    });
    expect(p.outcome).toBe('needs-review');
  });

  it('reflects() compares the clearance decision, not its timestamp', () => {
    const base = {
      field: 'clearance' as const,
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
  });
});
