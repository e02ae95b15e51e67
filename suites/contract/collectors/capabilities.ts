// The DeclaredCapabilities artifact: which optional capabilities of the profile (operations marked
// `x-psw-capability` in its OpenAPI document, e.g. profile v1's EDIFACT channel) the member declares
// in its discovery document or its member config. The OpenApi artifact leaves out the operations of the others, so a member
// that does not offer an optional operation is never probed, nor judged, on it.
import { optionalCapabilities } from '../../../contracts/openapi.ts';
import { defineCollector } from '../../../engine/check.ts';
import { profileOpenApi } from '../operations.ts';

export interface DeclaredCapabilities {
  /** Capabilities the document makes optional (empty: nothing was asked). */
  optional: string[];
  /** Those the member declares. */
  declared: string[];
  /** Why none could be read, when the discovery document was not usable. */
  reason?: string;
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    DeclaredCapabilities: DeclaredCapabilities;
  }
}

/** Where profile v1 members publish `capabilities` (contracts/profile-v1/README.md, discovery). */
export const DISCOVERY_PATH = '/.well-known/psw-configuration';

export const declaredCapabilitiesCollector = defineCollector({
  name: 'DeclaredCapabilities',
  description: "The profile's optional capabilities the member's discovery document declares",
  timeoutMs: 15_000,
  async collect(ctx) {
    const optional = optionalCapabilities(await profileOpenApi(ctx.profile));
    // A document without optional operations (DCSA, `--openapi`): nothing to ask, nothing sent.
    if (optional.length === 0) return { optional, declared: [] };
    // The member config's declaration counts as much as the discovery document's: the channel is
    // probed where either names it (a disagreement is edifact-envelope's finding, PSW-EDI-006).
    const byConfig = optional.filter((c) => ctx.target.capabilities?.includes(c));
    const withConfig = (r: DeclaredCapabilities): DeclaredCapabilities => ({
      ...r,
      declared: optional.filter((c) => r.declared.includes(c) || byConfig.includes(c)),
    });
    let doc: unknown;
    try {
      const ex = await ctx.http.request({
        method: 'GET',
        url: new URL(DISCOVERY_PATH, ctx.target.apiBaseUrl).href,
        label: 'capabilities: discovery document',
      });
      if (ex.status !== 200)
        return withConfig({ optional, declared: [], reason: `the discovery document answered HTTP ${ex.status}` });
      doc = ex.json;
    } catch (err) {
      // A stopped run stops here too; any other failure means nothing is declared (the discovery
      // document's own check reports it), never a broken OpenApi artifact.
      if (ctx.signal.aborted) throw err;
      return withConfig({
        optional,
        declared: [],
        reason: `the discovery document could not be read: ${(err as Error).message}`,
      });
    }
    const listed = (doc as { capabilities?: unknown } | undefined)?.capabilities;
    const declared = Array.isArray(listed) ? optional.filter((c) => listed.includes(c)) : [];
    return withConfig({
      optional,
      declared,
      ...(Array.isArray(listed) ? {} : { reason: 'the discovery document lists no capabilities' }),
    });
  },
});
