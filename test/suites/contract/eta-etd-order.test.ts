import check from '../../../suites/contract/eta-etd-order.ts';
import { place } from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

describePlaceCheck(check, 'PSW-BR-001', [
  place('createPortCall', '/etd', { id: 'createPortCall /etd equal to /eta' }, 'timestamp-order'),
  place('updatePortCall', '/etd', { id: 'updatePortCall /etd equal to /eta' }, 'timestamp-order'),
]);
