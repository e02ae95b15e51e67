// Request paths and headers whose ids come from the provider state at verification time: the
// example goes to the consumer's mock server, the expression to the provider's verifier.
import { MatchersV3 } from '@pact-foundation/pact';
import { EXAMPLE } from '../examples.ts';

const { fromProviderState } = MatchersV3;

/** /api/v1/port-calls/${portCallId}<suffix>, the id created by the provider state. */
export function portCallPath(suffix = '', key = 'portCallId') {
  return fromProviderState(
    `/api/v1/port-calls/\${${key}}${suffix}`,
    `/api/v1/port-calls/${EXAMPLE.portCallId}${suffix}`,
  );
}

/** An If-Match header carrying the ETag the provider state read (`etag` or `staleEtag`). */
export function ifMatch(key: 'etag' | 'staleEtag') {
  return { 'If-Match': fromProviderState(`\${${key}}`, EXAMPLE.etag) };
}
