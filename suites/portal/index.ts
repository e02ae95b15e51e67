// Portal suite registry (checks arrive with the portal work).
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';

export const checks: AnyCheck[] = [];
export const collectors: AnyCollector[] = [];
