// PSW-BR-002: the FAL1 crew count and the FAL5 crew list agree; a list that contradicts it is refused.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOf, fieldProbeFinding, isObject, locationOf, requireAcceptedControl } from './judging.ts';

export default defineCheck({
  id: 'crew-count-consistency',
  title: 'FAL1 crew count and FAL5 crew list are kept consistent',
  failureTitle: 'FAL1 crew count and FAL5 crew list are not kept consistent',
  description:
    'The General Declaration (IMO FAL form 1) states the number of crew; the Crew List (FAL form 5) ' +
    'names them. Border and health authorities rely on both agreeing (FAL Convention Annex, standards ' +
    '2.1 and 2.6; EMSWe cross-document rules). The profile marks a FAL1 whose crew list has not arrived ' +
    '`incomplete`, refuses a crew list whose length differs from the declared count (error at `/crew`, ' +
    'CREW_COUNT_MISMATCH) and accepts one that matches.',
  area: 'contract',
  requirements: ['PSW-BR-002'],
  requires: ['FormalityProbes'],
  cwe: [20],
  messages: {
    'pending-not-flagged':
      'A FAL1 declaring {{declared}} crew before any crew list was answered {{outcome}}, not incomplete',
    accepted: 'A crew list shorter than the declared crew was accepted (HTTP {{status}})',
    'server-error': 'A crew list shorter than the declared crew crashed the server (HTTP {{status}})',
    'no-pointer':
      'A crew list shorter than the declared crew was refused (HTTP {{status}}) without an error at {{pointer}}',
    'matching-list-refused': 'A crew list matching the declared crew was refused (HTTP {{status}})',
  },
  defaultOptions: {},
  run({ FormalityProbes: fp }, ctx) {
    const { generalDeclaration: gd, shortList, matchingList, declared } = fp.crewCount;
    requireAcceptedControl(gd, 'general declaration');
    if (!shortList || shortList.status === 0) throw new Error('the short crew list probe was not recorded');
    if (!matchingList) throw new Error('the matching crew list was not recorded');
    const findings: Finding[] = [];
    const outcome = isObject(gd.body) ? gd.body.outcome : undefined;
    if (outcome !== 'incomplete') {
      findings.push(
        ctx.finding(
          'pending-not-flagged',
          { declared, outcome: typeof outcome === 'string' ? outcome : null },
          locationOf(gd, { jsonPointer: '/outcome', in: 'response' }),
          evidenceOf(gd),
        ),
      );
    }
    const probe = fieldProbeFinding(ctx, shortList);
    if (probe) findings.push(probe);
    if (matchingList.status < 200 || matchingList.status >= 300) {
      findings.push(
        ctx.finding(
          'matching-list-refused',
          { status: matchingList.status },
          locationOf(matchingList),
          evidenceOf(matchingList),
        ),
      );
    }
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} crew-count problem(s)`);
    return ctx.pass(
      'FAL1 incomplete until the crew list, a short list refused at /crew, the matching list accepted',
      evidenceOf(gd, shortList, matchingList),
    );
  },
});
