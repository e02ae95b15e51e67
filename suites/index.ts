// The registry: every check and collector, area by area, in a fixed order (no filesystem globbing).
import type { AnyCheck, AnyCollector } from '../engine/check.ts';
import { httpLogCollector } from '../engine/http-log.ts';
import * as contract from './contract/index.ts';
import * as security from './security/index.ts';
import * as load from './load/index.ts';
import * as portal from './portal/index.ts';
import { probePlanCollector } from './probe-plan.ts';

export const ALL_CHECKS: readonly AnyCheck[] = [
  ...contract.checks,
  ...security.checks,
  ...load.checks,
  ...portal.checks,
];

/**
 * Collectors that rely on profile v1's conventions (they create port calls, submit FAL forms, follow its
 * portal layout or its consumers' pacts) declare it in their own definition (`standard: 'psw-v1'`): their
 * checks are not applicable to another standard's run (`run --openapi`). The others work from any
 * OpenAPI document.
 */
export const ALL_COLLECTORS: readonly AnyCollector[] = [
  httpLogCollector,
  probePlanCollector,
  ...contract.collectors,
  ...security.collectors,
  ...load.collectors,
  ...portal.collectors,
];
