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

export const ALL_COLLECTORS: readonly AnyCollector[] = [
  httpLogCollector,
  probePlanCollector,
  ...contract.collectors,
  ...security.collectors,
  ...load.collectors,
  ...portal.collectors,
];
