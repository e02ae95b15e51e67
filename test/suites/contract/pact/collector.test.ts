// Turning one verification run into per-interaction results: the report's results in order, each
// with the traffic of its segment when the segments line up one to one.
import { describe, expect, it } from 'vitest';
import { interactionsOf } from '../../../../suites/contract/pact/collector.ts';
import type { ReportedInteraction } from '../../../../suites/contract/pact/report.ts';
import type { RunRecord, Segment } from '../../../../suites/contract/pact/verification-run.ts';

const ok = (description: string): ReportedInteraction => ({ description, ok: true, pending: false, mismatches: [] });
const failed = (description: string): ReportedInteraction => ({
  description,
  ok: false,
  pending: false,
  mismatches: [
    {
      kind: 'status' as const,
      type: 'StatusMismatch',
      expected: '412',
      actual: '200',
      detail: 'expected 412 but was 200',
    },
  ],
});

function run(segments: Segment[], interactions: ReportedInteraction[], over: Partial<RunRecord> = {}): RunRecord {
  return {
    consumer: 'shipping-agent-system',
    role: 'agentA',
    status: 'completed',
    durationMs: 1,
    segments,
    report: { result: false, interactions },
    ...over,
  };
}

const seg = (evidence: string[], request?: Segment['requests'][number], stateError?: string): Segment => ({
  states: [
    {
      state: 'a port call exists for tenant A',
      evidence,
      ...(stateError ? { error: stateError } : { values: { portCallId: 'p' } }),
    },
  ],
  requests: request ? [request] : [],
});

describe('interactionsOf', () => {
  it('attributes each segment’s evidence to the interaction in the same position', () => {
    const r = run(
      [
        seg(['http-0001'], { method: 'GET', path: '/api/v1/port-calls/p', status: 200, evidenceId: 'http-0002' }),
        seg(['http-0003'], { method: 'PUT', path: '/api/v1/port-calls/p', status: 200, evidenceId: 'http-0004' }),
      ],
      [ok('read a port call'), failed('update a port call with a stale ETag')],
    );
    const { interactions, attributed } = interactionsOf(r);
    expect(attributed).toBe(true);
    expect(interactions.map((i) => [i.description, i.outcome, i.evidence])).toEqual([
      ['read a port call', 'pass', ['http-0001', 'http-0002']],
      ['update a port call with a stale ETag', 'fail', ['http-0003', 'http-0004']],
    ]);
    expect(interactions[1]!.request).toEqual({ method: 'PUT', path: '/api/v1/port-calls/p', status: 200 });
  });

  it('a failed state setup makes the interaction an error, whatever the verifier said', () => {
    const r = run(
      [
        seg(
          ['http-0001'],
          { method: 'GET', path: '/x', status: 404, evidenceId: 'http-0002' },
          'create a port call as agentB answered HTTP 401',
        ),
      ],
      [failed('read another tenant’s port call')],
    );
    const [i] = interactionsOf(r).interactions;
    expect(i).toMatchObject({
      outcome: 'error',
      error: expect.stringMatching(/could not be set up: create a port call as agentB answered HTTP 401/),
    });
  });

  it('a request the harness could not authorise (no token for the role) is an error, not a failure', () => {
    const s = { ...seg([]), errors: ['no token for authority: no credentials for authority'] };
    const r = run([s], [failed('grant clearance')]);
    expect(interactionsOf(r).interactions[0]).toMatchObject({
      outcome: 'error',
      error: 'no token for authority: no credentials for authority',
    });
  });

  it('a request the target did not answer is an error', () => {
    const r = run(
      [seg([], { method: 'GET', path: '/x', error: 'GET https://psw.example/x failed: ECONNRESET' })],
      [failed('read a port call')],
    );
    expect(interactionsOf(r).interactions[0]).toMatchObject({
      outcome: 'error',
      error: expect.stringMatching(/did not answer: .*ECONNRESET/),
    });
  });

  it('attaches no evidence when the segments do not line up with the results', () => {
    const r = run([seg(['http-0001'])], [ok('a'), ok('b')]);
    const { interactions, attributed } = interactionsOf(r);
    expect(attributed).toBe(false);
    expect(interactions.map((i) => [i.outcome, i.evidence])).toEqual([
      ['pass', []],
      ['pass', []],
    ]);
  });

  it('without a report, every expected interaction is an error with the run’s cause', () => {
    const r: RunRecord = {
      consumer: 'c',
      role: 'agentA',
      status: 'timed-out',
      error: 'the verification did not finish within 150 s',
      durationMs: 1,
      segments: [],
    };
    expect(interactionsOf(r, ['a', 'b']).interactions.map((i) => [i.description, i.outcome, i.error])).toEqual([
      ['a', 'error', 'the verification did not finish within 150 s'],
      ['b', 'error', 'the verification did not finish within 150 s'],
    ]);
  });
});
