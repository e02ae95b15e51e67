import check from '../../../suites/contract/imo-number-validation.ts';
import { place } from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

describePlaceCheck(check, 'PSW-ID-001', [
  place('createPortCall', '/ship/imoNumber'),
  place('updatePortCall', '/ship/imoNumber'),
  place('submitGeneralDeclaration', '/imoNumber'),
]);
