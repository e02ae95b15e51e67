// PSW-BR-003: the FAL1 passenger count and the FAL6 passenger list agree, whichever arrives second; a
// list shorter or longer than declared, or a declaration contradicting the list on file, is refused.
import { defineCheck } from '../../engine/check.ts';
import { countMessages, judgeCountRule } from './count-rules.ts';

export default defineCheck({
  id: 'passenger-count-consistency',
  title: 'FAL1 passenger count and FAL6 passenger list are kept consistent',
  failureTitle: 'FAL1 passenger count and FAL6 passenger list are not kept consistent',
  description:
    'The General Declaration (IMO FAL form 1) states the number of passengers; the Passenger List ' +
    '(FAL form 6) names them. Immigration and search-and-rescue count on both agreeing (FAL ' +
    'Convention Annex, section 2, forms 1 and 6). The profile declares the rule on the count ' +
    '(`x-psw-count-of` on numberOfPassengers); every place of it is probed on one port call: a ' +
    'passenger list one shorter and one longer than declared refused at `/passengers`, the list of the ' +
    'declared length accepted, a FAL1 then contradicting the list on file refused at ' +
    '`/numberOfPassengers` (PASSENGER_COUNT_MISMATCH), and the matching FAL1 accepted.',
  remediation:
    "Compare the passenger count of the FAL1 general declaration with the number of people on the FAL6 passenger list whenever either is submitted, and refuse or flag the submission that makes them disagree as the profile's rule says.",
  area: 'contract',
  requirements: ['PSW-BR-003'],
  requires: ['FormalityProbes', 'ProbePlan'],
  cwe: [20],
  messages: countMessages({ list: 'passenger list', count: 'number of passengers' }),
  defaultOptions: {},
  run({ FormalityProbes, ProbePlan }, ctx) {
    return judgeCountRule(
      ctx,
      ProbePlan,
      'PSW-BR-003',
      FormalityProbes,
      'passenger counts contradicting the passenger list',
    );
  },
});
