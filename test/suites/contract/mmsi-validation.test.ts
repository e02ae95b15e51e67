import check from '../../../suites/contract/mmsi-validation.ts';
import { place } from './builders.ts';
import { describePlaceCheck } from './identifier-cases.ts';

describePlaceCheck(check, 'PSW-ID-002', [place('createPortCall', '/ship/mmsi'), place('updatePortCall', '/ship/mmsi')]);
