import check from '../../../suites/contract/imo-number-validation.ts';
import { IDENTIFIER_PROBES } from '../../../suites/contract/collectors/identifier-probes.ts';
import { describeIdentifierCheck } from './identifier-cases.ts';

describeIdentifierCheck(check, IDENTIFIER_PROBES.imoCheckDigit);
