// The consumer-contract part of the contract suite: the PactVerification collector and one check
// per interaction of the committed pact files (generated when this module loads).
import type { AnyCheck, AnyCollector } from '../../../engine/check.ts';
import { pactInteractionChecks } from './checks.ts';
import { pactVerificationCollector } from './collector.ts';

export const checks: AnyCheck[] = pactInteractionChecks();
export const collectors: AnyCollector[] = [pactVerificationCollector];
