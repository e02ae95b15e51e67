// Synthetic artifacts of a DCSA Port Call run: the API at the origin root, its document, its answers.
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import { DCSA_PORT_CALL_OPENAPI } from '../../../../fixtures/dcsa-port-call/server.ts';
import { loadOpenApi } from '../../../../contracts/openapi.ts';
import type { DcsaProbes } from '../../../../suites/contract/dcsa/dcsa-probes.ts';

export const DCSA_API = 'https://127.0.0.1:9443';
export const PROBES: DcsaProbes = { apiBaseUrl: DCSA_API, probes: [] };

export function dcsaDocument(): Promise<OpenApiModel> {
  return loadOpenApi(DCSA_PORT_CALL_OPENAPI);
}

export function answer(
  method: string,
  path: string,
  status: number,
  json: unknown,
  headers: Record<string, string> = { 'api-version': '2.0.0' },
  id = `ev-${method}-${path}-${status}`,
): HttpExchange {
  return {
    evidenceId: id,
    method,
    url: `${DCSA_API}${path}`,
    requestHeaders: {},
    status,
    headers: { 'content-type': 'application/json', ...headers },
    text: json === undefined ? '' : JSON.stringify(json),
    ...(json === undefined ? {} : { json }),
    durationMs: 1,
  };
}

/** A conformant event; `change` replaces parts of it. */
export function event(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventID: '3910eb91-8791-4699-8029-8bba8cedb6f5',
    eventUpdatedDateTime: '2026-12-06T08:00:00Z',
    isFYI: false,
    portCall: { portCallID: '5f6e9e1c-0000-4000-8000-000000000001', UNLocationCode: 'NLRTM' },
    portCallService: {
      portCallServiceTypeCode: 'BERTH',
      portCallServiceEventTypeCode: 'ARRI',
      facilityTypeCode: 'BRTH',
      serviceLocation: {
        facility: { facilityCode: 'APM', facilityCodeListProvider: 'SMDG' },
      },
    },
    vessel: { vesselIMONumber: '9321483', vesselName: 'King of the Seas' },
    timestamp: { classifierCode: 'EST', serviceDateTime: '2026-12-07T07:00:00+01:00' },
    ...change,
  };
}

export const feedback = (severity = 'ERROR') => ({ feedbackElements: [{ severity, message: 'refused' }] });
