// PSW-BR-001: a port call whose ETD is not after its ETA is refused at /etd, on create and on update, at the boundary and beyond.
import { defineCheck } from '../../engine/check.ts';
import { judgePlaces, placesProduct } from './judging.ts';

export default defineCheck({
  id: 'eta-etd-order',
  title: 'Port calls with ETD not after ETA are refused',
  failureTitle: 'Port calls with ETD not after ETA are accepted',
  description:
    'A ship cannot leave before it arrives: the estimated time of arrival comes strictly before the ' +
    'estimated time of departure (EMSWe MIG rule R-NOA-002). Berth planning and clearance built on an ' +
    'inverted call go wrong. Every ordered pair the profile declares (`x-psw-order` on the port call ' +
    'input, rule ETA_AFTER_ETD) is probed in every operation that takes it, create and update, at the ' +
    'boundary (ETD the same instant as ETA, written with its own offset) and on the wrong side (an ' +
    'hour before); each must be answered 4xx with an error at `/etd`.',
  remediation:
    'Refuse a port call or update whose ETD is not strictly after its ETA (and every other ordered pair the profile declares) with 422 and an error at the later field.',
  area: 'contract',
  requirements: ['PSW-BR-001'],
  requires: ['IdentifierProbes', 'ProbePlan'],
  cwe: [20],
  messages: {
    accepted: 'A port call with ETD not after ETA was accepted at {{place}} ({{value}}, HTTP {{status}})',
    'server-error': 'A port call with ETD not after ETA crashed the server at {{place}} ({{value}}, HTTP {{status}})',
    'no-pointer':
      'A port call with ETD not after ETA at {{place}} ({{value}}) was refused (HTTP {{status}}) without an error pointing at {{pointer}}',
  },
  defaultOptions: {},
  run({ IdentifierProbes, ProbePlan }, ctx) {
    const verdicts = judgePlaces(ctx, ProbePlan, ['PSW-BR-001'], IdentifierProbes);
    return placesProduct(ctx, verdicts, 'ETDs not after the ETA');
  },
});
