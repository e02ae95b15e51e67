// PSW-ID-002: an MMSI that is not a ship-station identity is refused at /ship/mmsi.
import { defineCheck } from '../../engine/check.ts';
import { IDENTIFIER_PROBES } from './collectors/identifier-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'mmsi-validation',
  title: 'MMSIs that are not ship stations are refused',
  failureTitle: 'MMSIs that are not ship stations are not refused',
  description:
    "A ship's MMSI is nine digits starting with its flag's Maritime Identification Digits (MID 201–775, " +
    'ITU-R M.585 Annex 1). Nine digits alone are not enough: 00 + MID is a coast station, 99 + MID an ' +
    'aid to navigation. Accepting them ties a port call to the wrong radio station and defeats AIS ' +
    'cross-checks. The probe sends the coast-station identity 002275000 and expects a 4xx with an ' +
    'error at `/ship/mmsi` (profile psw-v1, rule MMSI_INVALID).',
  area: 'contract',
  requirements: ['PSW-ID-002'],
  requires: ['IdentifierProbes'],
  cwe: [20],
  messages: {
    accepted: 'A port call with a coast-station MMSI was accepted (HTTP {{status}})',
    'server-error': 'A port call with a coast-station MMSI crashed the server (HTTP {{status}})',
    'no-pointer': 'A port call with a coast-station MMSI was refused (HTTP {{status}}) without an error at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes }, ctx) {
    return judgeFieldProbes(ctx, IdentifierProbes, [IDENTIFIER_PROBES.mmsiNotShipStation], 'port call');
  },
});
