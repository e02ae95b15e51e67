// Synthetic artifacts for the checks that judge every answer of the run (security-headers,
// error-disclosure, problem-details-format): the profile's document, its plan, the log and the error probes.
import { derivePlan } from '../../../../contracts/plan/index.ts';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import { loadRequirements } from '../../../../contracts/requirements.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import { loadProfile } from '../../../../engine/profile.ts';
import type { ProbePlan } from '../../../../engine/types.ts';
import { profileOpenApi } from '../../../../suites/contract/operations.ts';
import type { ErrorProbe, ErrorProbes } from '../../../../suites/security/collectors/error-probes.ts';
import { API } from './builders.ts';

export const SECURE = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

let loaded: Promise<{ model: OpenApiModel; plan: ProbePlan }> | undefined;
/** The profile's OpenAPI model and probe plan (loaded once). */
export function profileModel(): Promise<{ model: OpenApiModel; plan: ProbePlan }> {
  loaded ??= profileOpenApi(loadProfile('default')).then((model) => ({
    model,
    plan: derivePlan(model, loadRequirements()),
  }));
  return loaded;
}

/** A recorded exchange (an error problem unless the status says otherwise). */
export function answer(method: string, path: string, status: number, extra: Partial<HttpExchange> = {}): HttpExchange {
  const url = /^https?:/.test(path) ? path : `${API}${path}`;
  return {
    method,
    url,
    requestHeaders: {},
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...SECURE },
    text:
      status >= 400
        ? JSON.stringify({ type: 'https://psw.consortium.example/problems/x', title: 'Error', status })
        : '{}',
    durationMs: 1,
    evidenceId: `ev-${method}-${path}-${status}`,
    ...extra,
  };
}

/** An error probe's record. */
export function probe(
  operationId: string,
  method: string,
  path: string,
  status: number | undefined,
  extra: Partial<ErrorProbe> = {},
): ErrorProbe {
  const ex = answer(method, path, status ?? 0);
  return {
    kind: 'no-token',
    purpose: 'no token',
    operationId,
    pathTemplate: path.split('?')[0]!,
    method,
    url: ex.url,
    ...(status === undefined ? { error: 'ECONNRESET' } : { status }),
    headers: status === undefined ? {} : ex.headers,
    body: status === undefined ? '' : ex.text,
    evidenceId: `probe-${operationId}-${status ?? 'none'}`,
    ...extra,
  };
}

/** The artifacts: the log, the error probes and the document with its plan. */
export async function artifacts(log: HttpExchange[], probes: ErrorProbe[] = []) {
  const { model, plan } = await profileModel();
  const ErrorProbes: ErrorProbes = { apiBaseUrl: API, probes };
  return { HttpLog: { exchanges: log }, ErrorProbes, OpenApi: model, ProbePlan: plan };
}
