// Shared by the edifact-* check tests: collect EdifactExchanges from the reference or the flawed port
// with given defects, and judge one check on it.
import type { AnyCheck, CheckProduct } from '../../../engine/check.ts';
import { makeCheckContext } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import {
  NOT_DECLARED,
  edifactExchangesCollector,
  type EdifactExchanges,
} from '../../../suites/contract/collectors/edifact-exchanges.ts';
import { contextFor, startFixture } from '../../helpers/fixture-harness.ts';

export async function exchangesFrom(kind: 'reference' | 'flawed', defects: string[] = []): Promise<EdifactExchanges> {
  const server = await startFixture(kind, defects);
  try {
    return await edifactExchangesCollector.collect(await contextFor(server), {});
  } finally {
    await server.close();
  }
}

export function judge(check: AnyCheck, a: EdifactExchanges): Promise<CheckProduct> {
  return Promise.resolve(check.run({ EdifactExchanges: a }, makeCheckContext(check, check.defaultOptions)));
}

/**
 * What a test asserts of a finding: its id, the probe (or document) and field, and its EDIFACT place
 * (without the UNH reference, which each run generates).
 */
export function whereOf(f: Finding) {
  const { messageRef: _ref, ...edifact } = f.location?.edifact ?? { segment: '' };
  return {
    id: f.id,
    probe: f.data?.probe ?? f.data?.what,
    ...(f.data?.field ? { field: f.data.field } : {}),
    edifact,
  };
}

/** A member without the capability: nothing probed. */
export const NOT_CAPABLE: EdifactExchanges = {
  capable: false,
  reason: NOT_DECLARED,
  probes: [],
  agreement: [],
};
