import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration and browser tests use real PostgreSQL
// (TimescaleDB in CI), a real MQTT broker and Debian's Chromium.
// TEST_REPORT_JSON=<file> adds a JSON report (CI reads its totals).
const jsonReport = process.env.TEST_REPORT_JSON;

export default defineConfig({
  test: {
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'simulators/src/**/*.test.ts',
            'tests/bench/support/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          // Projects run one after another: timing-sensitive fault tests and software
          // WebGL should not share two cores with each other.
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
