// A child process for the two-writers test: records N runs into the history store a spec names.
// Usage: node bin/run-ts.js test/history/record-many.ts <spec> <prefix> <count>
import { openHistory } from '../../history/index.ts';
import { buildResults, day } from './results-builder.ts';

const [spec, prefix, count] = process.argv.slice(2);
const store = await openHistory(spec!, { busyTimeoutMs: 30_000 });
try {
  for (let i = 0; i < Number(count); i++)
    await store.record(
      buildResults({
        runId: `${prefix}-${i}`,
        member: prefix,
        startedAt: day(i),
        findings: [{ check: 'eta-etd-order', id: 'eta-after-etd', fingerprint: `fp-${prefix}-${i}` }],
      }),
    );
} finally {
  await store.close();
}
