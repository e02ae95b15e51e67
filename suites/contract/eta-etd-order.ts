// PSW-BR-001: a port call whose ETA is not before its ETD is refused at /etd.
import { defineCheck } from '../../engine/check.ts';
import { IDENTIFIER_PROBES } from './collectors/identifier-probes.ts';
import { judgeFieldProbes } from './judging.ts';

export default defineCheck({
  id: 'eta-etd-order',
  title: 'Port calls with ETA after ETD are refused',
  failureTitle: 'Port calls with ETA after ETD are accepted',
  description:
    'A ship cannot leave before it arrives: the estimated time of arrival comes before the estimated ' +
    'time of departure (EMSWe data set, IMO Compendium business rules). Berth planning and clearance ' +
    'built on an inverted call go wrong. The probe swaps ETA and ETD of the valid control port call ' +
    'and expects a 4xx with an error at `/etd` (profile psw-v1, rule ETA_AFTER_ETD).',
  area: 'contract',
  requirements: ['PSW-BR-001'],
  requires: ['IdentifierProbes'],
  cwe: [20],
  messages: {
    accepted: 'A port call with ETA after ETD was accepted (HTTP {{status}})',
    'server-error': 'A port call with ETA after ETD crashed the server (HTTP {{status}})',
    'no-pointer': 'A port call with ETA after ETD was refused (HTTP {{status}}) without an error at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes }, ctx) {
    return judgeFieldProbes(ctx, IdentifierProbes, [IDENTIFIER_PROBES.etaAfterEtd], 'port call');
  },
});
