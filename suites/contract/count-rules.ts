// Judging a count rule (a declared count against the length of a list) from FormalityProbes: shared
// by crew-count-consistency (PSW-BR-002) and passenger-count-consistency (PSW-BR-003).
import type { CheckContext, CheckProduct } from '../../engine/check.ts';
import type { Finding, ProbePlan } from '../../engine/types.ts';
import { countStep, FORMALITY_STEPS, type FormalityProbes } from './collectors/formality-probes.ts';
import { errorsOf, evidenceOf, isObject, judgeFieldProbe, judgePlaces, locationOf, placesProduct } from './judging.ts';
import { plannedPlaces } from '../places.ts';
import type { ProbeRecord } from './records.ts';

const is2xx = (status: number) => status >= 200 && status < 300;

/** The messages a count check needs (its own wording of the subject goes in front). */
export function countMessages(subject: { list: string; count: string }): Record<string, string> {
  return {
    'pending-not-flagged': `A declaration of the ${subject.count} sent before any ${subject.list} ({{place}}) was answered HTTP {{status}} without the outcome incomplete`,
    accepted: `A ${subject.list} contradicting the ${subject.count} was accepted at {{place}} ({{value}}, HTTP {{status}})`,
    'server-error': `A ${subject.list} contradicting the ${subject.count} crashed the server at {{place}} ({{value}}, HTTP {{status}})`,
    'no-pointer': `A ${subject.list} contradicting the ${subject.count} at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error at {{pointer}}`,
    'matching-list-refused': `A ${subject.list} matching the ${subject.count} was refused (HTTP {{status}})`,
    'matching-declaration-refused': `A declaration of the ${subject.count} matching the ${subject.list} on file was refused at {{pointer}} (HTTP {{status}})`,
  };
}

/** The declaration sent before the list: accepted, and incomplete while the list is missing. */
function pendingVerdict(probe: ProbeRecord): string {
  if (!is2xx(probe.status)) return judgeFieldProbe(probe) === 'server-error' ? 'server-error' : 'pending-not-flagged';
  return isObject(probe.body) && probe.body.outcome === 'incomplete' ? 'pass' : 'pending-not-flagged';
}

export function judgeCountRule<O>(
  ctx: CheckContext<O>,
  plan: ProbePlan | undefined,
  requirement: string,
  fp: FormalityProbes,
  what: string,
): CheckProduct {
  const verdicts = judgePlaces(ctx, plan, [requirement], fp, (place, probe) =>
    place.variant === 'incomplete-without-list' ? pendingVerdict(probe) : judgeFieldProbe(probe),
  );
  const lists = plannedPlaces(plan, requirement).filter((p) => p.variant === 'fewer' || p.variant === 'more');
  const rule = fp.rules.find((r) =>
    lists.some((p) => p.operationId === r.list.operationId && p.pointer === r.list.pointer),
  );
  const findings: Finding[] = [];
  const evidence: string[] = [];
  if (rule) {
    // The valid side of the rule: a list of the declared length, then the declaration matching it.
    const matching = fp.steps[countStep(rule.list, 'matching')];
    if (matching) {
      evidence.push(...evidenceOf(matching));
      if (!is2xx(matching.status))
        findings.push(
          ctx.finding('matching-list-refused', { status: matching.status }, locationOf(matching), evidenceOf(matching)),
        );
    }
    const final = fp.steps[FORMALITY_STEPS.finalDeclaration];
    if (final) {
      evidence.push(...evidenceOf(final));
      const pointer = rule.declaration.pointer;
      const blamed = errorsOf(final.body).some((e) => e.pointer === pointer);
      if (!is2xx(final.status) && (blamed || errorsOf(final.body).length === 0))
        findings.push(
          ctx.finding(
            'matching-declaration-refused',
            { status: final.status, pointer },
            locationOf(final, { jsonPointer: pointer, in: 'request' }),
            evidenceOf(final),
          ),
        );
    }
  }
  return placesProduct(ctx, verdicts, what, { findings, evidence });
}
