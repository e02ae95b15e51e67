// Against the fixtures: the reference refuses every invalid request at its field; each validation
// gap seeded in the flawed port fails invalid-input-rejected with only it on; a seed replays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../../../../../engine/profile.ts';
import type { HttpEvidence } from '../../../../../engine/types.ts';
import { defectById } from '../../../../../fixtures/defects.ts';
import { openApiCollector } from '../../../../../suites/contract/collectors/openapi.ts';
import {
  invalidInputProbesCollector,
  type InvalidInputProbes,
} from '../../../../../suites/contract/fuzz/collectors/invalid-input-probes.ts';
import {
  contextFor,
  outcomeOf,
  runAgainst,
  startFixture,
  type FixtureServer,
} from '../../../../helpers/fixture-harness.ts';

function profileWith(fuzz: Record<string, unknown>): Profile {
  return { ...loadProfile('default'), contract: { fuzz } };
}

async function collect(
  server: FixtureServer,
  opts: { seed?: number; profile?: Profile } = {},
): Promise<InvalidInputProbes> {
  const ctx = await contextFor(server, opts);
  try {
    const OpenApi = await openApiCollector.collect(ctx, {});
    return await invalidInputProbesCollector.collect(ctx, { OpenApi });
  } finally {
    await ctx.close();
  }
}

const failing = (a: InvalidInputProbes) =>
  a.probes
    .filter((p) => p.verdict !== 'pass')
    .map((p) => ({
      operationId: p.operationId,
      kind: p.kind,
      pointer: p.pointer,
      value: p.value,
      status: p.status,
      seed: p.seed,
      path: p.path,
    }));

describe('InvalidInputProbes against the reference', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixture('reference');
  });
  afterAll(() => server.close());

  it('every operation taking input is controlled and probed; every probe is refused at its field', async () => {
    const a = await collect(server, { seed: 3 });
    const withStatus = (s: string) => a.operations.filter((o) => o.status === s).map((o) => o.operationId);
    expect(withStatus('uncontrolled')).toEqual([]);
    // The EDIFACT channel's body is text, not JSON: nothing schema-derived to break (its own checks probe it).
    expect(withStatus('no-input').sort()).toEqual([
      'getJwks',
      'getPswConfiguration',
      'issueToken',
      'submitEdifactInterchange',
    ]);
    expect(withStatus('probed')).toHaveLength(16);
    expect(failing(a)).toEqual([]);
    expect(a.requests).toBeLessThanOrEqual(150);
    expect(a.probes.length).toBeGreaterThan(80);
    // Every location and kind family shows up.
    expect(new Set(a.probes.map((p) => p.in))).toEqual(new Set(['body', 'query', 'path', 'header']));
    for (const kind of [
      'required',
      'type',
      'enum',
      'format',
      'too-long',
      'below-minimum',
      'imo-check-digit',
      'locode-unknown',
      'unknown-property',
    ]) {
      expect(
        a.probes.some((p) => p.kind === kind),
        kind,
      ).toBe(true);
    }
  });

  it('stays within the profile budget, and within its time limit', async () => {
    const small = await collect(server, { profile: profileWith({ budget: 25 }) });
    expect(small.requests).toBe(25);
    expect(small.stoppedBy).toBe('budget');
    const quick = await collect(server, { profile: profileWith({ timeLimitMs: 1 }) });
    expect(quick.stoppedBy).toBe('time');
    expect(quick.requests).toBeLessThan(150);
  });

  it('a bad budget is a clear error', async () => {
    await expect(collect(server, { profile: profileWith({ budget: -3 }) })).rejects.toThrow(
      /contract\.fuzz\.budget must be a positive number/,
    );
  });
});

describe('InvalidInputProbes replays a seed', () => {
  it('run twice with the same seed against the flawed port: the same shrunk counterexamples', async () => {
    const server = await startFixture('flawed', [
      'negative-persons-500',
      'no-imo-check-digit',
      'unknown-enum-accepted',
    ]);
    try {
      const first = failing(await collect(server, { seed: 5 }));
      const second = failing(await collect(server, { seed: 5 }));
      expect(first.length).toBeGreaterThan(2);
      expect(second).toEqual(first);
      const crash = first.find((f) => f.pointer === '/personsOnBoard' && f.operationId === 'createPortCall');
      expect(crash).toMatchObject({ kind: 'below-minimum', value: '-1', status: 500 });
      expect(crash?.path).toMatch(/^\d+(:\d+)*$/);
    } finally {
      await server.close();
    }
  });
});

// Each validation gap, alone: invalid-input-rejected fails with a finding at the gap.
const CASES: Array<{ defect: string; id: string; operation: RegExp; kind: RegExp; pointer?: string }> = [
  { defect: 'unknown-enum-accepted', id: 'accepted', operation: /^submit/, kind: /^enum$/ },
  {
    defect: 'negative-persons-500',
    id: 'server-error',
    operation: /^(create|update)PortCall$/,
    kind: /^below-minimum$/,
    pointer: '/personsOnBoard',
  },
  { defect: 'long-text-accepted', id: 'accepted', operation: /^submitGeneralDeclaration$/, kind: /^too-(long|short)$/ },
  { defect: 'no-imo-check-digit', id: 'accepted', operation: /./, kind: /^imo-check-digit$/ },
  {
    defect: 'no-mmsi-validation',
    id: 'accepted',
    operation: /PortCall$/,
    kind: /^mmsi-not-ship-station$/,
    pointer: '/ship/mmsi',
  },
  { defect: 'no-locode-validation', id: 'accepted', operation: /./, kind: /^locode-unknown$/ },
  { defect: 'naive-datetime-accepted', id: 'accepted', operation: /./, kind: /^format$/ },
  {
    defect: 'dangerous-goods-unchecked',
    id: 'accepted',
    operation: /^submitDangerousGoods$/,
    kind: /^(container-check-digit|un-number-invalid)$/,
  },
];

describe('invalid-input-rejected on the flawed port, one defect at a time', () => {
  it.each(CASES.map((c) => [c.defect, c] as const))('%s', async (_d, c) => {
    expect(defectById(c.defect)?.caughtBy).toContain('invalid-input-rejected');
    const server = await startFixture('flawed', [c.defect]);
    try {
      const results = await runAgainst(server, { checks: ['invalid-input-rejected'] });
      expect(outcomeOf(results, 'invalid-input-rejected')).toBe('fail');
      const findings = results.checks.find((r) => r.id === 'invalid-input-rejected')!.findings;
      const hit = findings.find(
        (f) => f.id === c.id && c.operation.test(String(f.location?.operationId)) && c.kind.test(String(f.data?.kind)),
      );
      expect(
        hit,
        JSON.stringify(findings.map((f) => [f.id, f.data?.operationId, f.data?.kind, f.data?.pointer])),
      ).toBeDefined();
      if (c.pointer) expect(hit!.location?.jsonPointer).toBe(c.pointer);
      // The counterexample is the evidence: what was sent (mutated at the pointer) and what came back.
      const evidence = results.evidence[hit!.evidence![0]!] as HttpEvidence;
      expect(evidence.request.body).toBeDefined();
      expect(evidence.response?.status).toBe(hit!.data?.status);
      expect(hit!.data).toMatchObject({ runSeed: 1, seed: expect.any(Number) });
    } finally {
      await server.close();
    }
  });
});
