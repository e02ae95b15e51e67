import check from '../../../suites/contract/datetime-offset.ts';
import { place } from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

describePlaceCheck(check, 'PSW-ID-006', [
  place('createPortCall', '/eta'),
  place('recordArrival', '/ata'),
  place('submitGeneralDeclaration', '/dateTimeOfArrival'),
]);
