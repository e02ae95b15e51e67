// `port-conformance catalog`: the requirements, the checks that cover them, and what nothing covers yet.
import { loadRequirements } from '../contracts/requirements.ts';
import { ALL_CHECKS } from '../suites/index.ts';
import type { Io } from './run.ts';

export function catalogCommand(flags: { json?: boolean }, io: Io): number {
  const requirements = loadRequirements();
  const rows = requirements.map((r) => ({
    ...r,
    coveredBy: ALL_CHECKS.filter((c) => c.requirements.includes(r.id)).map((c) => c.id),
  }));
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          requirements: rows,
          checks: ALL_CHECKS.map((c) => ({ id: c.id, area: c.area, title: c.title, requirements: c.requirements })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const uncovered = rows.filter((r) => r.coveredBy.length === 0);
  io.out(
    `${requirements.length} requirements, ${ALL_CHECKS.length} checks, ${uncovered.length} requirement(s) not covered by any check`,
  );
  for (const r of rows) {
    io.out(
      `${r.id.padEnd(20)} ${r.level.padEnd(6)} ${r.severity.padEnd(8)} ${r.coveredBy.length ? r.coveredBy.join(', ') : `NOT TESTED${r.notTestedReason ? `: ${r.notTestedReason}` : ''}`}`,
    );
  }
  return 0;
}
