import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // TMPDIR is one folder per run, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // Fixture-pair tests start real servers and browsers; generous limits, never wall-clock assertions.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files share a worker's module cache: importing the harness once per worker instead of once per
    // file saved ~200 CPU-s of ~1000 (import 80 s -> 15 s). A file must leave process-wide state as it
    // found it (servers closed, env restored, vi.resetConfig, the verifier pool's own beforeEach).
    isolate: false,
    // Two cores on CI machines. A third file runs while the others wait on their servers, token
    // lifetimes, load durations and child processes (about a third of a file's time is such waiting):
    // 625 s -> 563 s for the whole suite (791 -> 846 CPU-s). Four workers: 546 s; more only queue for the cores.
    maxWorkers: 3,
    fileParallelism: true,
    // The longest files start first, also on a clean clone with no timings (test/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default'],
  },
});
