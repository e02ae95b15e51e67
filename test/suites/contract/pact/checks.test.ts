// The generated interaction checks: ids and metadata from the committed pacts, and the judgement of
// one interaction from synthetic PactVerification artifacts.
import { describe, expect, it } from 'vitest';
import { makeCheckContext, renderMessage } from '../../../../engine/check.ts';
import { INTERACTIONS } from '../../../../contracts/pact/interactions.ts';
import { interactionCheckId } from '../../../../contracts/pact/names.ts';
import { loadRequirements } from '../../../../contracts/requirements.ts';
import { checks as contractChecks, collectors as contractCollectors } from '../../../../suites/contract/index.ts';
import {
  committedInteractions,
  interactionCheck,
  judgeInteraction,
  pactInteractionChecks,
} from '../../../../suites/contract/pact/checks.ts';
import type { InteractionVerification, PactVerification } from '../../../../suites/contract/pact/collector.ts';

const REF = { consumer: 'shipping-agent-system', description: 'update a port call with a stale ETag' };
const CHECK = interactionCheck(REF);

function artifact(interactions: InteractionVerification[], over: Partial<PactVerification> = {}): PactVerification {
  return {
    source: { mode: 'local', pactDir: '/pacts' },
    runs: [
      {
        consumer: REF.consumer,
        role: 'agentA',
        status: 'completed',
        durationMs: 5,
        verified: interactions.length,
        evidenceAttributed: true,
      },
    ],
    interactions,
    ...over,
  };
}

const request = {
  method: 'PUT',
  path: '/api/v1/port-calls/abc',
  url: 'https://psw.example/api/v1/port-calls/abc',
  status: 200,
};

function judge(pv: PactVerification) {
  return judgeInteraction(pv, REF, makeCheckContext(CHECK, {} as Record<string, never>));
}

describe('generated interaction checks', () => {
  const checks = pactInteractionChecks();

  it('one per interaction of the committed pacts, sorted, ids from consumer and description', () => {
    const refs = committedInteractions();
    expect(refs.length).toBe(INTERACTIONS.length);
    const ids = checks.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids)).toEqual(new Set(INTERACTIONS.map((i) => interactionCheckId(i.consumer, i.description))));
    expect(ids).toContain('pact-shipping-agent-system-update-a-port-call-with-a-stale-etag');
  });

  it('every check: area contract, PSW-API-013 first, known requirements, needs PactVerification, renderable messages', () => {
    const catalog = new Set(loadRequirements().map((r) => r.id));
    for (const c of checks) {
      expect(c.area).toBe('contract');
      expect(c.requirements[0]).toBe('PSW-API-013');
      for (const r of c.requirements) expect(catalog).toContain(r);
      expect([...c.requires]).toEqual(['PactVerification']);
      expect(c.title).not.toBe(c.failureTitle);
      expect(c.description.length).toBeGreaterThan(80);
      for (const template of Object.values(c.messages)) {
        const keys = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
        expect(renderMessage(template, Object.fromEntries(keys.map((k) => [k, 'x'])))).not.toMatch(/\{\{/);
      }
    }
  });

  it('are in the contract registry with their collector', () => {
    const ids = new Set(contractChecks.map((c) => c.id));
    for (const c of checks) expect(ids).toContain(c.id);
    expect(contractCollectors.map((c) => c.name)).toContain('PactVerification');
  });

  it('the stale-ETag check also cites PSW-API-005', () => {
    expect([...CHECK.requirements]).toEqual(['PSW-API-013', 'PSW-API-005']);
  });
});

describe('judgeInteraction', () => {
  it('passes with the interaction’s evidence', () => {
    const p = judge(
      artifact([
        {
          ...REF,
          outcome: 'pass',
          mismatches: [],
          evidence: ['http-0001', 'http-0002'],
          request: { ...request, status: 412 },
        },
      ]),
    );
    expect(p.outcome).toBe('pass');
    expect(p.evidence).toEqual(['http-0001', 'http-0002']);
  });

  it('fails with one finding per mismatch, status first, located and carrying evidence', () => {
    const p = judge(
      artifact([
        {
          ...REF,
          outcome: 'fail',
          request,
          evidence: ['http-0007'],
          mismatches: [
            {
              kind: 'body',
              type: 'BodyMismatch',
              path: '$.status',
              expected: '412',
              actual: '"notified"',
              detail: 'Expected…',
            },
            {
              kind: 'header',
              type: 'HeaderMismatch',
              path: 'Content-Type',
              expected: 'application/problem+json',
              actual: 'application/json',
              detail: 'Mismatch…',
            },
            {
              kind: 'status',
              type: 'StatusMismatch',
              expected: '412',
              actual: '200',
              detail: 'expected 412 but was 200',
            },
          ],
        },
      ]),
    );
    expect(p.outcome).toBe('fail');
    expect(p.findings!.map((f) => f.id)).toEqual(['status', 'header', 'body']);
    expect(p.findings![0]).toMatchObject({
      data: { kind: 'StatusMismatch', expected: '412', actual: '200', path: null },
      location: { method: 'PUT', url: request.url, operationId: 'updatePortCall' },
      evidence: ['http-0007'],
    });
    expect(p.findings![1]!.location).toMatchObject({ header: 'Content-Type' });
    expect(p.findings![2]!.location).toMatchObject({ jsonPointer: '/status', in: 'response' });
  });

  it('a failure wins over an error of another verification of the same interaction', () => {
    const p = judge(
      artifact([
        { ...REF, outcome: 'error', error: 'x', mismatches: [], evidence: [] },
        {
          ...REF,
          outcome: 'fail',
          mismatches: [{ kind: 'status', type: 'StatusMismatch', expected: '412', actual: '200', detail: 'd' }],
          evidence: [],
        },
      ]),
    );
    expect(p.outcome).toBe('fail');
  });

  it('cannot judge an interaction whose provider state could not be set up (error, with the cause)', () => {
    const pv = artifact([
      {
        ...REF,
        outcome: 'error',
        error: 'provider state "x" could not be set up: create answered HTTP 500',
        mismatches: [],
        evidence: [],
      },
    ]);
    expect(() => judge(pv)).toThrow(/provider state "x" could not be set up/);
  });

  it('a run that did not complete is an error naming its cause', () => {
    const pv = artifact([], {
      runs: [
        {
          consumer: REF.consumer,
          role: 'agentA',
          status: 'timed-out',
          error: 'the verification did not finish within 150 s',
          durationMs: 150_000,
          verified: 0,
          evidenceAttributed: false,
        },
      ],
    });
    expect(() => judge(pv)).toThrow(/did not finish within 150 s/);
  });

  it('an interaction the broker’s pacts do not hold is not applicable', () => {
    expect(judge(artifact([], { source: { mode: 'broker' } })).outcome).toBe('not-applicable');
  });

  it('an interaction missing from a local verification is an error', () => {
    expect(() => judge(artifact([]))).toThrow(/did not report/);
  });

  it('a pending pact’s failure needs review', () => {
    const p = judge(
      artifact([
        {
          ...REF,
          outcome: 'pending-fail',
          mismatches: [{ kind: 'status', type: 'StatusMismatch', expected: '412', actual: '200', detail: 'd' }],
          evidence: [],
        },
      ]),
    );
    expect(p.outcome).toBe('needs-review');
    expect(p.findings!.map((f) => f.id)).toEqual(['status']);
  });
});
