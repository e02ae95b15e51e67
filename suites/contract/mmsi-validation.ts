// PSW-ID-002: an MMSI that is not a ship-station identity is refused, wherever a message carries one.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'mmsi-validation',
  title: 'MMSIs that are not ship stations are refused',
  failureTitle: 'MMSIs that are not ship stations are not refused',
  description:
    "A ship's MMSI is nine digits starting with its flag's Maritime Identification Digits (MID " +
    '201–775, ITU-R M.585 Annex 1). Nine digits alone are not enough: 00 + MID is a coast station, 99 ' +
    '+ MID an aid to navigation. Accepting them ties a port call to the wrong radio station and ' +
    'defeats AIS cross-checks. Every field marked as an MMSI (`x-psw-identifier: mmsi`) is probed in ' +
    "every operation that accepts it, with the coast-station identity of the ship's own country; each " +
    'must be answered 4xx with an error at the field (rule MMSI_INVALID).',
  remediation:
    'Accept only MMSIs of ship stations: nine digits whose first three are a Maritime Identification Digit (201-775); refuse coast stations (00 + MID), groups (0 + MID) and aids to navigation (99 + MID) with 422.',
  area: 'contract',
  requirements: ['PSW-ID-002'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'A coast-station MMSI was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'A coast-station MMSI crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'A coast-station MMSI at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-ID-002'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'MMSIs that are not ship stations');
  },
});
