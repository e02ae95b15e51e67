import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../../engine/fingerprint.ts';
import check from '../../../suites/contract/if-match-required.ts';
import { LIFECYCLE_STEPS as L } from '../../../suites/contract/collectors/port-call-lifecycle.ts';
import {
  API,
  PC1,
  PC3,
  SENT_PERSONS_ON_BOARD,
  findingsOf,
  lifecycle,
  lifecycleStep,
  problem,
  receipt,
  runCheck,
} from './builders.ts';

const at = (id: string) => ({
  operationId: 'updatePortCall',
  method: 'PUT',
  url: `${API}/port-calls/${id}`,
  header: 'If-Match',
});

/** Each update without If-Match: its port call, the reads of it before and after, and its finding's header. */
const UPDATES = [
  [
    L.updateWithoutIfMatch,
    PC1,
    L.readAfterUpdateWeakEtag,
    L.readAfterUpdateWithoutIfMatch,
    2,
    'If-Match (absent; port call updated before)',
  ],
  [
    L.updateWithoutIfMatchFresh,
    PC3,
    L.readNotArrived,
    L.readAfterUpdateWithoutIfMatchFresh,
    1,
    'If-Match (absent; port call never updated)',
  ],
] as const;

/** The read-back `after` showing `change` over the port call at `version`. */
const readBack = (after: string, pc: string, version: number, change: Record<string, unknown>) =>
  lifecycleStep(after, { body: { portCallId: pc, tenant: 'tenant-a', status: 'notified', version, ...change } });

describe('if-match-required', () => {
  it('passes when updates without If-Match answer 428 and change nothing, before and after a first update', async () => {
    const product = await runCheck(check, { PortCallLifecycle: lifecycle() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual([
      'ev-updateWithoutIfMatch',
      'ev-readAfterUpdateWithoutIfMatch',
      'ev-updateWithoutIfMatchFresh',
      'ev-readAfterUpdateWithoutIfMatchFresh',
    ]);
  });

  it.each([
    [
      'applied: its personsOnBoard and a new version',
      (step: string, v: number) => ({ personsOnBoard: SENT_PERSONS_ON_BOARD[step], version: v + 1 }),
      '/personsOnBoard',
      true,
    ],
    ['a new version only', (_step: string, v: number) => ({ version: v + 1 }), '/version', false],
  ])('fails when the port call read back after a 428 changed (%s)', async (_name, change, pointer, applied) => {
    for (const [step, pc, before, after, version, header] of UPDATES) {
      const lc = lifecycle({ [after]: readBack(after, pc, version, change(step, version)) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([
        {
          id: 'changed-despite-refusal',
          location: { ...at(pc), header, jsonPointer: pointer, in: 'response' },
          evidence: [`ev-${step}`, `ev-${before}`, `ev-${after}`],
        },
      ]);
      expect(product.findings?.[0]?.data).toMatchObject({ step, status: 428, field: pointer.slice(1), applied });
    }
  });

  it('passes when a read-back differs only in a member outside the schema or in key order', async () => {
    const changes = UPDATES.flatMap(([, pc, before, after, version]) => [
      [before, readBack(before, pc, version, { ship: { imoNumber: '9074729', name: 'ESTEREL' }, readAt: 't1' })],
      [
        after,
        readBack(after, pc, version, {
          ship: { name: 'ESTEREL', imoNumber: '9074729' },
          readAt: 't2',
          links: { self: '/port-calls?sig=abc' },
        }),
      ],
    ]);
    const product = await runCheck(check, { PortCallLifecycle: lifecycle(Object.fromEntries(changes)) });
    expect(product.outcome).toBe('pass');
  });

  it('gives the findings of the two updates fingerprints of their own', async () => {
    const lc = lifecycle(
      Object.fromEntries(
        UPDATES.map(([step, pc, , after, version]) => [
          after,
          readBack(after, pc, version, { personsOnBoard: SENT_PERSONS_ON_BOARD[step], version: version + 1 }),
        ]),
      ),
    );
    const product = await runCheck(check, { PortCallLifecycle: lc });
    const findings = product.findings ?? [];
    expect(findings.map((f) => f.id)).toEqual(['changed-despite-refusal', 'changed-despite-refusal']);
    const prints = findings.map((f) => findingFingerprint(check.id, f, { apiBaseUrl: API }));
    expect(new Set(prints).size).toBe(2);
  });

  it('reports both the wrong status and the change when a refusal other than 428 changed the port call', async () => {
    const [step, pc, , after, version] = UPDATES[0];
    const lc = lifecycle({
      [step]: lifecycleStep(step, { status: 412, body: problem(412) }),
      [after]: readBack(after, pc, version + 1, { personsOnBoard: SENT_PERSONS_ON_BOARD[step] }),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(findingsOf(product).map((f) => f.id)).toEqual(['wrong-status', 'changed-despite-refusal']);
  });

  it('does not judge the read-back of an update it already reports as accepted', async () => {
    const [step, pc, , after, version] = UPDATES[0];
    const lc = lifecycle({
      [step]: lifecycleStep(step, { status: 200, body: receipt('accepted') }),
      [after]: readBack(after, pc, version + 1, { personsOnBoard: SENT_PERSONS_ON_BOARD[step] }),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(findingsOf(product).map((f) => f.id)).toEqual(['accepted']);
  });

  it('needs review when the port call could not be read back after a 428', async () => {
    for (const [, , , after] of UPDATES) {
      const lc = lifecycle({ [after]: lifecycleStep(after, { status: 500, body: problem(500) }) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('needs-review');
      expect(product.summary).toContain('HTTP 500');
    }
  });

  it.each([
    ['applied (200)', 200, receipt('accepted'), 'accepted'],
    ['applied (204)', 204, undefined, 'accepted'],
    ['answered 412', 412, problem(412), 'wrong-status'],
    ['answered 400', 400, problem(400), 'wrong-status'],
    ['answered 500', 500, problem(500), 'wrong-status'],
  ])('fails when the update without If-Match is %s', async (_name, status, body, id) => {
    for (const [step, pc] of [
      [L.updateWithoutIfMatch, PC1],
      [L.updateWithoutIfMatchFresh, PC3],
    ] as const) {
      const lc = lifecycle({ [step]: lifecycleStep(step, { status, body }) });
      const product = await runCheck(check, { PortCallLifecycle: lc });
      expect(product.outcome).toBe('fail');
      expect(findingsOf(product)).toEqual([{ id, location: at(pc), evidence: [`ev-${step}`] }]);
    }
  });

  it('names which port call went unguarded', async () => {
    const lc = lifecycle({
      [L.updateWithoutIfMatchFresh]: lifecycleStep(L.updateWithoutIfMatchFresh, { status: 200 }),
    });
    const product = await runCheck(check, { PortCallLifecycle: lc });
    expect(product.findings?.[0]?.data?.which).toBe('a port call never updated');
  });

  it('errors, with the reason, when a step was not taken', async () => {
    const lc = lifecycle(
      { [L.updateWithoutIfMatch]: undefined },
      { [L.updateWithoutIfMatch]: 'createPortCall answered HTTP 500' },
    );
    await expect(runCheck(check, { PortCallLifecycle: lc })).rejects.toThrow(/HTTP 500/);
  });
});
