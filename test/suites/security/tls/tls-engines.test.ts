// mergeEngines / decide: how the verdicts of Node's prober and testssl.sh on one item combine.
import { describe, expect, it } from 'vitest';
import { makeCheckContext } from '../../../../engine/check.ts';
import type { EngineVerdict } from '../../../../engine/types.ts';
import check from '../../../../suites/security/tls-protocol-versions.ts';
import { decide, mergeEngines, type ItemJudgement } from '../../../../suites/security/tls-engines.ts';

const ctx = makeCheckContext(check, check.defaultOptions);
const at = { host: '127.0.0.1:8443', location: { host: '127.0.0.1:8443' }, evidence: ['text-0001'] };

/** An item judgement; a failing or unknown one carries a finding saying so. */
function j(verdict: EngineVerdict, item = 'TLSv1'): ItemJudgement {
  if (verdict === 'pass') return { item, verdict };
  const id = verdict === 'fail' ? 'legacy-version-accepted' : 'version-not-determined';
  return { item, verdict, findings: [ctx.finding(id, { host: at.host, version: item }, at.location, at.evidence)] };
}

const rows: Array<{
  name: string;
  node?: EngineVerdict;
  testssl?: EngineVerdict;
  outcome: string;
  ids: string[];
  engine?: string;
  agree?: boolean;
}> = [
  { name: 'Node alone passes', node: 'pass', outcome: 'pass', ids: [] },
  { name: 'Node alone fails: untagged', node: 'fail', outcome: 'fail', ids: ['legacy-version-accepted'] },
  { name: 'Node alone cannot tell', node: 'unknown', outcome: 'needs-review', ids: ['version-not-determined'] },
  { name: 'both pass', node: 'pass', testssl: 'pass', outcome: 'pass', ids: [], agree: true },
  {
    name: 'both fail: one finding, both named',
    node: 'fail',
    testssl: 'fail',
    outcome: 'fail',
    ids: ['legacy-version-accepted'],
    engine: 'node+testssl',
    agree: true,
  },
  {
    name: 'testssl fails what Node passes: contested, needs review',
    node: 'pass',
    testssl: 'fail',
    outcome: 'needs-review',
    ids: ['engines-disagree', 'legacy-version-accepted'],
    engine: 'testssl',
    agree: false,
  },
  {
    name: 'Node fails what testssl passes: contested, needs review',
    node: 'fail',
    testssl: 'pass',
    outcome: 'needs-review',
    ids: ['engines-disagree', 'legacy-version-accepted'],
    engine: 'node',
    agree: false,
  },
  { name: 'Node cannot tell, testssl passes: pass', node: 'unknown', testssl: 'pass', outcome: 'pass', ids: [] },
  {
    name: 'Node cannot tell, testssl fails: the failure stands',
    node: 'unknown',
    testssl: 'fail',
    outcome: 'fail',
    ids: ['legacy-version-accepted'],
    engine: 'testssl',
  },
  {
    name: 'neither can tell',
    node: 'unknown',
    testssl: 'unknown',
    outcome: 'needs-review',
    ids: ['version-not-determined'],
    engine: 'node',
  },
  {
    name: 'an item only testssl judges (SSLv3) fails',
    testssl: 'fail',
    outcome: 'fail',
    ids: ['legacy-version-accepted'],
    engine: 'testssl',
  },
];

describe('mergeEngines and decide', () => {
  it.each(rows)('$name → $outcome', ({ node, testssl, outcome, ids, engine, agree }) => {
    const twoEngines = testssl !== undefined;
    const judged = twoEngines
      ? { node: node ? [j(node)] : [], testssl: [j(testssl)] }
      : { node: node ? [j(node)] : [] };
    const merged = mergeEngines(ctx, at, judged);
    const product = decide(ctx, merged, { fail: 'f', review: 'r', pass: 'p', evidence: at.evidence });
    expect(product.outcome).toBe(outcome);
    expect((product.findings ?? []).map((f) => f.id).sort()).toEqual(ids);
    for (const f of product.findings ?? []) {
      if (f.id === 'engines-disagree') expect(f.data).toMatchObject({ item: 'TLSv1', node, testssl });
      else expect(f.data?.engine).toBe(twoEngines ? engine : undefined);
    }
    if (!twoEngines) expect(product.engines).toBeUndefined();
    else
      expect(product.engines).toEqual([
        {
          host: at.host,
          item: 'TLSv1',
          verdicts: { ...(node ? { node } : {}), testssl },
          ...(agree === undefined ? {} : { agree }),
        },
      ]);
  });

  it('a failure that stands elsewhere makes a contested item ride along on a fail', () => {
    const merged = mergeEngines(ctx, at, {
      node: [j('pass', 'TLSv1'), j('fail', 'TLSv1.1')],
      testssl: [j('fail', 'TLSv1'), j('fail', 'TLSv1.1')],
    });
    const product = decide(ctx, merged, { fail: 'f', review: 'r', pass: 'p', evidence: [] });
    expect(product.outcome).toBe('fail');
    expect((product.findings ?? []).map((f) => f.id)).toEqual([
      'legacy-version-accepted',
      'legacy-version-accepted',
      'engines-disagree',
    ]);
    expect(product.engines?.map((e) => [e.item, e.agree])).toEqual([
      ['TLSv1', false],
      ['TLSv1.1', true],
    ]);
  });
});
