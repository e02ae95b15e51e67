// PSW-ID-006: a date-time without a UTC offset is refused, in every field that carries one.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'datetime-offset',
  title: 'Date-times without a UTC offset are refused',
  failureTitle: 'Date-times without a UTC offset are accepted',
  description:
    'A local time without an offset names a different instant in every time zone; ships, agents and ' +
    'authorities sit in different ones. The profile requires RFC 3339 date-times with an explicit ' +
    'offset (RFC 3339 §5.6 `time-offset`; EMSWe general rules). Every date-time of every request body ' +
    '(`x-psw-identifier: date-time`: ETA and ETD on create and update, ATA, ATD, the FAL1 arrival, ' +
    'every last call of the security notification) is probed with its offset stripped; each must be ' +
    'answered 4xx with an error at the field (schema format or rule DATETIME_OFFSET).',
  remediation:
    "Parse every date-time strictly as RFC 3339 with an explicit offset (Z or ±hh:mm) and answer 422 at the field's pointer when the offset is missing; never assume the server's time zone.",
  area: 'contract',
  requirements: ['PSW-ID-006'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'A date-time without a UTC offset was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'A date-time without a UTC offset crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'A date-time without a UTC offset at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-ID-006'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'date-times without a UTC offset');
  },
});
