// PSW-BR-002: the FAL1 crew count and the FAL5 crew list agree, whichever arrives second; a list
// shorter or longer than declared, or a declaration contradicting the list on file, is refused.
import { defineCheck } from '../../engine/check.ts';
import { countMessages, judgeCountRule } from './count-rules.ts';

export default defineCheck({
  id: 'crew-count-consistency',
  title: 'FAL1 crew count and FAL5 crew list are kept consistent',
  failureTitle: 'FAL1 crew count and FAL5 crew list are not kept consistent',
  description:
    'The General Declaration (IMO FAL form 1) states the number of crew; the Crew List (FAL form 5) ' +
    'names them. Border and health authorities rely on both agreeing (FAL Convention Annex, standards ' +
    '2.1 and 2.6; EMSWe cross-document rules). The profile declares the rule on the count ' +
    '(`x-psw-count-of` on numberOfCrew); every place of it is probed on one port call: a FAL1 sent ' +
    'before any crew list must be answered `incomplete`, a crew list one shorter and one longer than ' +
    'declared refused at `/crew`, the list of the declared length accepted, a FAL1 then contradicting ' +
    'the list on file refused at `/numberOfCrew` (CREW_COUNT_MISMATCH), and the matching FAL1 accepted.',
  remediation:
    "Compare the crew count of the FAL1 general declaration with the number of people on the FAL5 crew list whenever either is submitted, and refuse or flag the submission that makes them disagree as the profile's rule says.",
  area: 'contract',
  requirements: ['PSW-BR-002'],
  requires: ['FormalityProbes', 'ProbePlan'],
  cwe: [20],
  messages: countMessages({ list: 'crew list', count: 'number of crew' }),
  defaultOptions: {},
  run({ FormalityProbes, ProbePlan }, ctx) {
    return judgeCountRule(ctx, ProbePlan, 'PSW-BR-002', FormalityProbes, 'crew counts contradicting the crew list');
  },
});
