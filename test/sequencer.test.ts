// The longest test files start first, whatever vitest knows of earlier runs (none on a clean clone).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestSpecification, Vitest } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import LongestFirstSequencer, { LONGEST_FILES } from './sequencer.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function spec(path: string): TestSpecification {
  return {
    moduleId: join(ROOT, path),
    project: { name: '', config: { root: ROOT, isolate: false, sequence: { groupOrder: 0 } } },
  } as unknown as TestSpecification;
}

describe('LongestFirstSequencer', () => {
  it('names only files that exist (a renamed one would silently lose its place)', () => {
    expect(LONGEST_FILES.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('starts the listed files first, in the list order, with no timings or sizes known', async () => {
    const noHistory = {
      cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
      config: { root: ROOT },
    } as unknown as Vitest;
    const others = ['test/engine/http.test.ts', 'test/registry.test.ts'];
    const files = [others[0]!, LONGEST_FILES[2]!, others[1]!, LONGEST_FILES[0]!, LONGEST_FILES[1]!].map(spec);
    const sorted = await new LongestFirstSequencer(noHistory).sort(files);
    expect(sorted.map((s) => s.moduleId)).toEqual(
      [LONGEST_FILES[0]!, LONGEST_FILES[1]!, LONGEST_FILES[2]!, ...others].map((f) => join(ROOT, f)),
    );
  });
});
