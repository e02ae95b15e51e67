// `port-conformance plan`: the probe plan, requirement × place, derived from the profile's OpenAPI
// document and schemas (or from any OpenAPI document given with --openapi). Sends nothing.
import { resolve } from 'node:path';
import { loadOpenApi } from '../contracts/openapi.ts';
import { derivePlan } from '../contracts/plan/index.ts';
import { loadRequirements } from '../contracts/requirements.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { loadProfile } from '../engine/profile.ts';
import { openApiPath } from '../suites/contract/operations.ts';
import type { Io } from './run.ts';

export async function planCommand(
  flags: { profile?: string; openapi?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const profile = loadProfile(flags.profile ?? 'default');
  const file = flags.openapi ? resolve(flags.openapi) : openApiPath(profile);
  let model;
  try {
    model = await loadOpenApi(file);
  } catch (err) {
    throw new UsageError(`--openapi ${file}: ${errorMessage(err)}`);
  }
  const requirements = loadRequirements();
  const plan = derivePlan(model, requirements);
  if (flags.json) {
    io.out(JSON.stringify({ profile: profile.id, openapi: file, places: plan.places }, null, 2));
    return 0;
  }
  const total = Object.values(plan.places).reduce((n, list) => n + list.length, 0);
  io.out(
    `${total} places for ${Object.keys(plan.places).length} requirements (profile ${profile.id}, ${model.title} ${model.version})`,
  );
  for (const r of requirements) {
    const places = plan.places[r.id];
    if (!places) continue;
    io.out(`${r.id}  ${r.level}  ${places.length} place(s)  [${(r.appliesTo ?? []).map((a) => a.kind).join(', ')}]`);
    for (const p of places) io.out(`    ${p.id}`);
  }
  return 0;
}
