// One check per interaction of the committed pact files, generated when the registry loads:
// `pact-<consumer>-<slug of description>`, area contract, PSW-API-013 plus the interaction's own
// requirements (contracts/pact/interactions.ts). The outcome is that interaction's verification;
// each mismatch becomes a finding with the evidence of the interaction's traffic.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCheck, type AnyCheck, type CheckContext, type CheckProduct } from '../../../engine/check.ts';
import type { Finding, FindingLocation } from '../../../engine/types.ts';
import { interactionMeta, interactionRequirements } from '../../../contracts/pact/interactions.ts';
import { CONSUMERS, interactionCheckId, PACT_DIR, pactFileName } from '../../../contracts/pact/names.ts';
import type { InteractionVerification, PactVerification } from './collector.ts';
import { pointerOf, type MismatchKind, type PactMismatch } from './report.ts';

const MESSAGES: Record<MismatchKind, string> = {
  status: 'The contract expects HTTP {{expected}}; the target answered HTTP {{actual}}',
  header: 'Response header {{path}} does not match the contract: {{mismatch}}',
  'body-type': 'The response body is not of the type the contract expects: {{mismatch}}',
  body: 'Response body at {{path}} does not match the contract: {{mismatch}}',
  query: 'Query parameter {{path}}: {{mismatch}}',
  other: 'The interaction does not match the contract: {{mismatch}}',
};

/** Findings read best with the status first, then headers, then the body. */
const ORDER: MismatchKind[] = ['status', 'header', 'body-type', 'body', 'query', 'other'];

export interface PactInteractionRef {
  consumer: string;
  description: string;
}

/** The interactions of the pact files in `dir`, consumer by consumer in file order. */
export function committedInteractions(dir: string = fileURLToPath(PACT_DIR)): PactInteractionRef[] {
  const out: PactInteractionRef[] = [];
  for (const consumer of CONSUMERS) {
    const file = join(dir, pactFileName(consumer));
    if (!existsSync(file)) continue;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { interactions?: { description?: unknown }[] };
    for (const i of doc.interactions ?? [])
      if (typeof i.description === 'string') out.push({ consumer, description: i.description });
  }
  return out;
}

function location(entry: InteractionVerification, m: PactMismatch, operationId: string | undefined): FindingLocation {
  const pointer = m.kind === 'body' ? pointerOf(m.path) : undefined;
  return {
    ...(entry.request ? { method: entry.request.method, url: entry.request.url ?? entry.request.path } : {}),
    ...(operationId ? { operationId } : {}),
    ...(pointer !== undefined ? { jsonPointer: pointer, in: 'response' as const } : {}),
    ...(m.kind === 'header' && m.path ? { header: m.path } : {}),
  };
}

/** One finding per mismatch of an interaction's verification, status and headers before the body. */
function mismatchFindings(
  entry: InteractionVerification,
  operationId: string | undefined,
  ctx: CheckContext<Record<string, never>>,
): Finding[] {
  return [...entry.mismatches]
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    .map((m) =>
      ctx.finding(
        m.kind,
        {
          kind: m.type,
          path: m.path ?? null,
          expected: m.expected ?? null,
          actual: m.actual ?? null,
          mismatch: m.detail,
        },
        location(entry, m, operationId),
        entry.evidence,
      ),
    );
}

/** The check's judgement of one interaction from the artifact (pure; exported for tests). */
export function judgeInteraction(
  pv: PactVerification,
  ref: PactInteractionRef,
  ctx: CheckContext<Record<string, never>>,
): CheckProduct {
  const entries = pv.interactions.filter((i) => i.consumer === ref.consumer && i.description === ref.description);
  const run = pv.runs.find((r) => r.consumer === ref.consumer);
  if (entries.length === 0) {
    if (run && run.status !== 'completed')
      throw new Error(`the verification of ${ref.consumer}'s pacts did not complete: ${run.error ?? run.status}`);
    if (pv.source.mode === 'broker')
      return ctx.notApplicable(`the pacts the broker selected for ${ref.consumer} do not hold this interaction`);
    throw new Error(`the verifier did not report this interaction of ${ref.consumer}'s pact`);
  }
  const operationId = interactionMeta(ref.consumer, ref.description)?.operationId;
  const failed = entries.filter((e) => e.outcome === 'fail');
  if (failed.length > 0) {
    const findings: Finding[] = failed.flatMap((e) => mismatchFindings(e, operationId, ctx));
    const status = failed[0]?.request?.status;
    return ctx.fail(
      findings,
      `${findings.length} mismatch${findings.length === 1 ? '' : 'es'} with the contract${status !== undefined ? ` (HTTP ${status})` : ''}`,
    );
  }
  const errored = entries.find((e) => e.outcome === 'error');
  if (errored) throw new Error(errored.error ?? 'the interaction could not be verified');
  const pending = entries.find((e) => e.outcome === 'pending-fail');
  if (pending) {
    const findings = mismatchFindings(pending, operationId, ctx);
    return ctx.needsReview(
      'the interaction fails but its pact is pending on the broker (not yet required of the provider)',
      findings,
    );
  }
  const evidence = [...new Set(entries.flatMap((e) => e.evidence))];
  const status = entries[0]?.request?.status;
  return ctx.pass(`the target honours the interaction${status !== undefined ? ` (HTTP ${status})` : ''}`, evidence);
}

function describe(ref: PactInteractionRef): string {
  const op = interactionMeta(ref.consumer, ref.description)?.operationId;
  return (
    `The consortium's \`${ref.consumer}\` relies on the interaction "${ref.description}"` +
    `${op ? ` (\`${op}\`)` : ''} as its consumer contract (Pact v4) records it. The harness replays the ` +
    "interaction against the target with Pact's verifier, its provider state set up through the public API " +
    "with the test tenants' credentials, and the answer must match the contract's status, headers and body rules."
  );
}

/** The check of one interaction. */
export function interactionCheck(ref: PactInteractionRef): AnyCheck {
  return defineCheck({
    id: interactionCheckId(ref.consumer, ref.description),
    title: `${ref.consumer}: "${ref.description}" is honoured`,
    failureTitle: `${ref.consumer}: "${ref.description}" is not honoured`,
    description: describe(ref),
    area: 'contract',
    requirements: interactionRequirements(ref.consumer, ref.description),
    requires: ['PactVerification'],
    messages: MESSAGES,
    defaultOptions: {},
    run: ({ PactVerification: pv }, ctx) => judgeInteraction(pv, ref, ctx),
  });
}

/** Every interaction check of the committed pacts, sorted by id. */
export function pactInteractionChecks(dir?: string): AnyCheck[] {
  return committedInteractions(dir)
    .map(interactionCheck)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
