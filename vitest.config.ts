import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture-pair tests start real servers and browsers; generous limits, never wall-clock assertions.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores on CI machines: keep parallel servers, browsers and load runs from starving each other.
    maxWorkers: 2,
    fileParallelism: true,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
