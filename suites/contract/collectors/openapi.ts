// The OpenApi artifact: the profile's OpenAPI model, loaded from contracts/ (no network), without the
// optional operations whose capability the member does not declare (DeclaredCapabilities).
import { defineCollector } from '../../../engine/check.ts';
import { withCapabilities, type OpenApiModel } from '../../../contracts/openapi.ts';
import { profileOpenApi } from '../operations.ts';

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    OpenApi: OpenApiModel;
  }
}

export const openApiCollector = defineCollector({
  name: 'OpenApi',
  description: "The profile's OpenAPI document as an operation inventory with validators",
  dependsOn: ['DeclaredCapabilities'],
  async collect(ctx, deps) {
    const model = await profileOpenApi(ctx.profile);
    // Called alone (tests, tools), the whole document; in a run, what this member offers.
    return deps.DeclaredCapabilities ? withCapabilities(model, deps.DeclaredCapabilities.declared) : model;
  },
});
