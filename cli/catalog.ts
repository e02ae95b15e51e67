// `port-conformance catalog`: the requirements, the checks that cover them, and what nothing covers yet.
// With --profile, the catalog of that profile's standard (DCSA Port Call for dcsa-port-call) and the checks of
// that standard or of none (the generic ones) that cover it; without, profile v1's.
import { loadRequirements, standardCatalogs } from '../contracts/requirements.ts';
import { loadProfile } from '../engine/profile.ts';
import { ALL_CHECKS, ALL_COLLECTORS } from '../suites/index.ts';
import { standardOf } from '../engine/runner.ts';
import type { Io } from './run.ts';

export function catalogCommand(flags: { json?: boolean; profile?: string }, io: Io): number {
  const standard = flags.profile ? loadProfile(flags.profile).standard : 'psw-v1';
  const file = standardCatalogs()[standard];
  const requirements = file ? loadRequirements(file) : loadRequirements();
  const collectors = new Map(ALL_COLLECTORS.map((c) => [c.name, c]));
  // The checks a run of this standard can run: its own and the generic ones.
  const checks = ALL_CHECKS.filter((c) => {
    const own = standardOf(c, collectors);
    return own === undefined || own === standard || (!file && own === 'psw-v1');
  });
  const rows = requirements.map((r) => ({
    ...r,
    coveredBy: checks.filter((c) => c.requirements.includes(r.id)).map((c) => c.id),
  }));
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          standard,
          requirements: rows,
          checks: checks.map((c) => ({ id: c.id, area: c.area, title: c.title, requirements: c.requirements })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const uncovered = rows.filter((r) => r.coveredBy.length === 0);
  io.out(
    `${standard}: ${requirements.length} requirements, ${checks.length} checks, ${uncovered.length} requirement(s) not covered by any check`,
  );
  for (const r of rows) {
    io.out(
      `${r.id.padEnd(20)} ${r.level.padEnd(6)} ${r.severity.padEnd(8)} ${r.coveredBy.length ? r.coveredBy.join(', ') : `NOT TESTED${r.notTestedReason ? `: ${r.notTestedReason}` : ''}`}`,
    );
  }
  return 0;
}
