// The OpenApi artifact: the profile's OpenAPI model, loaded from contracts/ (no network).
import { defineCollector } from '../../../engine/check.ts';
import type { OpenApiModel } from '../../../contracts/openapi.ts';
import { profileOpenApi } from '../operations.ts';

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    OpenApi: OpenApiModel;
  }
}

export const openApiCollector = defineCollector({
  name: 'OpenApi',
  description: "The profile's OpenAPI document as an operation inventory with validators",
  async collect(ctx) {
    return profileOpenApi(ctx.profile);
  },
});
