// The contract suite's registry: every check and collector, sorted by id/name (no globbing).
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';
import arrivalDepartureOrder from './arrival-departure-order.ts';
import cancelledPortCallImmutable from './cancelled-port-call-immutable.ts';
import crewCountConsistency from './crew-count-consistency.ts';
import dangerousGoodsValidation from './dangerous-goods-validation.ts';
import datetimeOffset from './datetime-offset.ts';
import dcsaApiVersionHeader from './dcsa/dcsa-api-version-header.ts';
import dcsaErrorBody from './dcsa/dcsa-error-body.ts';
import dcsaEventFields from './dcsa/dcsa-event-fields.ts';
import { dcsaProbesCollector } from './dcsa/dcsa-probes.ts';
import edifactAperak from './edifact-aperak.ts';
import edifactChannelAgreement from './edifact-channel-agreement.ts';
import edifactEnvelope from './edifact-envelope.ts';
import edifactIdentifiers from './edifact-identifiers.ts';
import edifactSegmentStructure from './edifact-segment-structure.ts';
import documentedResponses from './coverage/documented-responses.ts';
import etaEtdOrder from './eta-etd-order.ts';
import ifMatchRequired from './if-match-required.ts';
import imoNumberValidation from './imo-number-validation.ts';
import invalidInputRejected from './fuzz/invalid-input-rejected.ts';
import locodeValidation from './locode-validation.ts';
import mmsiValidation from './mmsi-validation.ts';
import operationCoverage from './coverage/operation-coverage.ts';
import passengerCountConsistency from './passenger-count-consistency.ts';
import portCallCreation from './port-call-creation.ts';
import portCallPagination from './port-call-pagination.ts';
import problemDetailsFormat from './problem-details-format.ts';
import receiptFormat from './receipt-format.ts';
import requiredHeaders from './coverage/required-headers.ts';
import responseSchema from './response-schema.ts';
import staleEtagRejected from './stale-etag-rejected.ts';
import { declaredCapabilitiesCollector } from './collectors/capabilities.ts';
import { edifactExchangesCollector } from './collectors/edifact-exchanges.ts';
import { formalityProbesCollector } from './collectors/formality-probes.ts';
import { identifierProbesCollector } from './collectors/identifier-probes.ts';
import { invalidInputProbesCollector } from './fuzz/collectors/invalid-input-probes.ts';
import { openApiCollector } from './collectors/openapi.ts';
import { operationTourCollector } from './coverage/collectors/operation-tour.ts';
import { portCallLifecycleCollector } from './collectors/port-call-lifecycle.ts';
import * as pact from './pact/index.ts';

export const checks: AnyCheck[] = [
  arrivalDepartureOrder,
  cancelledPortCallImmutable,
  crewCountConsistency,
  dangerousGoodsValidation,
  datetimeOffset,
  dcsaApiVersionHeader,
  dcsaErrorBody,
  dcsaEventFields,
  documentedResponses,
  edifactAperak,
  edifactChannelAgreement,
  edifactEnvelope,
  edifactIdentifiers,
  edifactSegmentStructure,
  etaEtdOrder,
  ifMatchRequired,
  imoNumberValidation,
  invalidInputRejected,
  locodeValidation,
  mmsiValidation,
  operationCoverage,
  // pact-<consumer>-<interaction>: one per interaction of the committed pact files.
  ...pact.checks,
  passengerCountConsistency,
  portCallCreation,
  portCallPagination,
  problemDetailsFormat,
  receiptFormat,
  requiredHeaders,
  responseSchema,
  staleEtagRejected,
];

export const collectors: AnyCollector[] = [
  dcsaProbesCollector,
  declaredCapabilitiesCollector,
  edifactExchangesCollector,
  formalityProbesCollector,
  identifierProbesCollector,
  invalidInputProbesCollector,
  openApiCollector,
  operationTourCollector,
  ...pact.collectors,
  portCallLifecycleCollector,
];
