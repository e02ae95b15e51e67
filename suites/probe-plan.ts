// The ProbePlan artifact: every requirement's places, derived from the profile's OpenAPI document and
// schemas (contracts/plan/). Collectors probe from it; the runner reports, per requirement, which
// places were probed and which were not.
import { derivePlan } from '../contracts/plan/index.ts';
import { loadRequirements } from '../contracts/requirements.ts';
import { defineCollector } from '../engine/check.ts';
import { PLAN_ARTIFACT, type ProbePlan } from '../engine/types.ts';

declare module '../engine/check.ts' {
  interface ArtifactMap {
    ProbePlan: ProbePlan;
  }
}

export const probePlanCollector = defineCollector({
  name: PLAN_ARTIFACT,
  description: "The places each requirement applies to, derived from the profile's OpenAPI document and schemas",
  dependsOn: ['OpenApi'],
  async collect(_ctx, deps) {
    if (!deps.OpenApi) throw new Error('the OpenApi artifact is missing');
    return derivePlan(deps.OpenApi, loadRequirements());
  },
});
