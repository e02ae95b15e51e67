// fc.stringMatching parses its pattern into a tree of arbitraries, 4–6 ms a call, and the fuzz built one
// per field and per run: a sixth of the contract suite's CPU in the fixture tests. An arbitrary is
// immutable (sampling takes the seed), so one per pattern serves every field, run and seed.
import fc from 'fast-check';

const byPattern = new Map<string, fc.Arbitrary<string>>();
/** Patterns come from members' documents too: bounded, so a long-lived process cannot grow without end. */
const KEPT = 1_000;

/** fc.stringMatching(re), built once per pattern. */
export function matching(re: RegExp): fc.Arbitrary<string> {
  const key = `${re.flags}/${re.source}`;
  let arbitrary = byPattern.get(key);
  if (!arbitrary) {
    arbitrary = fc.stringMatching(re);
    if (byPattern.size >= KEPT) byPattern.clear();
    byPattern.set(key, arbitrary);
  }
  return arbitrary;
}
