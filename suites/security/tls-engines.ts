// One TLS check, two engines: Node's prober always, and testssl.sh as well with --tls-engine testssl.
// A check says, item by item (a protocol version, a suite, the chain of trust, a certificate's key, a
// vulnerability...), what each engine's facts make of it under the check's own rule; this merges them:
// - a failure both engines see, or the only engine that could tell sees, stands: its findings say which
//   engine saw it (data.engine);
// - two verdicts that differ (one passes what the other fails) are a disagreement: the failing engine's
//   findings are kept with an `engines-disagree` finding, and they make the check need review, not fail
//   (a contested failure is for a person to settle: trust stores differ, one client may not offer what
//   the other does); the check fails only if some other failure stands;
// - an engine that could not tell ("unknown") yields to one that could; alone, it needs review;
// - the check result lists every item the engines judged, with each verdict (CheckResult.engines).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { EngineItem, EngineVerdict, Finding, FindingLocation } from '../../engine/types.ts';
import type { TlsScan } from '../../security/tls/types.ts';

export type EngineName = 'node' | 'testssl';
export const ENGINE_NAMES: readonly EngineName[] = ['node', 'testssl'];

/** One engine's verdict on one item, with the findings that say why (failures, or not-determined). */
export interface ItemJudgement {
  item: string;
  verdict: EngineVerdict;
  findings?: Finding[];
}

/** The message every TLS check declares for a disagreement between the engines. */
export const ENGINES_DISAGREE =
  "On {{host}}, Node's TLS prober and testssl.sh disagree about {{item}}: Node says {{node}}, testssl.sh says {{testssl}}.";

export interface MergedItems {
  /** Failures that stand: both engines saw them, or the only one that could tell did. */
  failures: Finding[];
  /** Items no engine could tell (needs review). */
  unknown: Finding[];
  /** Contested items: the failing engine's findings, each followed by an engines-disagree finding. */
  disagreements: Finding[];
  /** Every item, with each engine's verdict; empty when only one engine judged. */
  engines: EngineItem[];
}

function tagged(findings: readonly Finding[] | undefined, engine: string): Finding[] {
  return (findings ?? []).map((f) => ({ ...f, data: { ...(f.data ?? {}), engine } }));
}

/**
 * Merges the engines' item judgements of one endpoint. With one engine (Node only), findings come out
 * as that engine made them, untagged and in its order.
 */
export function mergeEngines<O>(
  ctx: CheckContext<O>,
  at: { host: string; location: FindingLocation; evidence: string[] },
  judged: Partial<Record<EngineName, readonly ItemJudgement[]>>,
): MergedItems {
  const engines = ENGINE_NAMES.filter((e) => judged[e] !== undefined);
  const out: MergedItems = { failures: [], unknown: [], disagreements: [], engines: [] };
  if (engines.length === 1) {
    for (const j of judged[engines[0]!]!) {
      if (j.verdict === 'fail') out.failures.push(...(j.findings ?? []));
      else if (j.verdict === 'unknown') out.unknown.push(...(j.findings ?? []));
    }
    return out;
  }
  const items = new Map<string, Partial<Record<EngineName, ItemJudgement>>>();
  for (const e of engines)
    for (const j of judged[e]!) {
      const slot = items.get(j.item) ?? {};
      slot[e] = j;
      items.set(j.item, slot);
    }
  for (const [item, by] of items) {
    const verdicts: Record<string, EngineVerdict> = {};
    for (const e of engines) if (by[e]) verdicts[e] = by[e]!.verdict;
    const definite = engines.filter((e) => by[e] && by[e]!.verdict !== 'unknown');
    const record: EngineItem = { host: at.host, item, verdicts };
    if (definite.length === 2) record.agree = by.node!.verdict === by.testssl!.verdict;
    out.engines.push(record);

    const failing = definite.filter((e) => by[e]!.verdict === 'fail');
    if (record.agree === false) {
      const [engine] = failing;
      out.disagreements.push(
        ...tagged(by[engine!]!.findings, engine!),
        ctx.finding(
          'engines-disagree',
          { host: at.host, item, node: by.node!.verdict, testssl: by.testssl!.verdict },
          at.location,
          at.evidence,
        ),
      );
    } else if (failing.length > 0) {
      // Both failed it (one set of findings, Node's, the finer-grained) or the only one that could tell.
      out.failures.push(...tagged(by[failing[0]!]!.findings, failing.join('+')));
    } else if (definite.length === 0) {
      const first = engines.find((e) => by[e])!;
      out.unknown.push(...tagged(by[first]!.findings, first));
    }
  }
  return out;
}

/**
 * The product for merged items: fail when a failure stands (the not-determined and contested findings
 * ride along), needs review for unknowns or disagreements alone, else pass.
 */
export function decide<O>(
  ctx: CheckContext<O>,
  merged: MergedItems,
  said: { fail: string; review: string; pass: string; evidence: string[]; metrics?: Record<string, number> },
): CheckProduct {
  const extra = merged.engines.length > 0 ? { engines: merged.engines } : {};
  if (merged.failures.length > 0)
    return {
      ...ctx.fail([...merged.failures, ...merged.unknown, ...merged.disagreements], said.fail, said.metrics),
      ...extra,
    };
  if (merged.unknown.length > 0 || merged.disagreements.length > 0)
    return { ...ctx.needsReview(said.review, [...merged.unknown, ...merged.disagreements]), ...extra };
  return { ...ctx.pass(said.pass, said.evidence, said.metrics), ...extra };
}

/** The testssl.sh report of a scan, when testssl.sh ran and reached the endpoint. */
export function testsslOf(scan: TlsScan): NonNullable<TlsScan['testssl']> | undefined {
  return scan.testssl && !scan.testssl.failure ? scan.testssl : undefined;
}
