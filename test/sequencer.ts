// The order test files start in. vitest starts the longest first when it has timings from an earlier
// run on this machine, and the largest file first when it has none, as on a clean clone in CI, where
// the longest of all (testssl-fixtures, the contract and portal pairs) then started half-way through
// and ran on alone at the end. These start first in every case; the rest keep vitest's order.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest wall time first, measured in a whole run (three workers, two cores); anything over ~30 s. */
export const LONGEST_FILES = [
  'test/suites/security/tls/testssl-fixtures.test.ts',
  'test/suites/contract/fixture-pairs.test.ts',
  'test/suites/portal/fixture-pairs.test.ts',
  'test/e2e/certify-fixtures.test.ts',
  'test/reports/html-flawed.test.ts',
  'test/suites/security/tls/collector-testssl.test.ts',
  'test/suites/load/fixture-pairs.test.ts',
  'test/faults/faults.test.ts',
  'test/suites/security/api/auth-fixture-pairs.test.ts',
  'test/e2e/ci-outputs-flawed.test.ts',
  'test/suites/security/api/fixture-pairs.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = LONGEST_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return i < 0 ? LONGEST_FILES.length : i;
    };
    // Array.prototype.sort is stable: files not listed keep vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
