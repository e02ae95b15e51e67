import check from '../../../suites/contract/locode-validation.ts';
import { place } from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

describePlaceCheck(check, 'PSW-ID-003', [
  place('createPortCall', '/portOfCall'),
  place('submitPassengerList', '/passengers/0/portOfEmbarkation'),
  place('submitPassengerList', '/passengers/1/portOfEmbarkation'),
]);
