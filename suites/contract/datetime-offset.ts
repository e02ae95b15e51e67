// PSW-ID-006: a date-time without a UTC offset is refused at the field.
import { defineCheck } from '../../engine/check.ts';
import { IDENTIFIER_PROBES } from './collectors/identifier-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'datetime-offset',
  title: 'Date-times without a UTC offset are refused',
  failureTitle: 'Date-times without a UTC offset are accepted',
  description:
    'A local time without an offset names a different instant in every time zone; ships, agents and ' +
    'authorities sit in different ones. The profile requires RFC 3339 date-times with an explicit ' +
    'offset (RFC 3339 §5.6 `time-offset`; EMSWe general rules). The probe sends the control port call ' +
    'with its ETA stripped of the offset and expects a 4xx with an error at `/eta` (schema format or ' +
    'rule DATETIME_OFFSET).',
  area: 'contract',
  requirements: ['PSW-ID-006'],
  requires: ['IdentifierProbes'],
  cwe: [20],
  messages: {
    accepted: 'A port call whose ETA has no UTC offset was accepted (HTTP {{status}})',
    'server-error': 'A port call whose ETA has no UTC offset crashed the server (HTTP {{status}})',
    'no-pointer':
      'A port call whose ETA has no UTC offset was refused (HTTP {{status}}) without an error at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes }, ctx) {
    return judgeFieldProbes(ctx, IdentifierProbes, [IDENTIFIER_PROBES.datetimeWithoutOffset], 'port call');
  },
});
