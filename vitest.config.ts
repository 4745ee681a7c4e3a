import { defineConfig } from 'vitest/config'

// VIGIL_TEST_REPORT names a JSON report file; .ci/run reads its totals for the closing "N passed, N failed" line.
const reportFile = process.env.VIGIL_TEST_REPORT

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    // Limits for a stuck test, not timings: on a two-core machine loaded by other work an e2e test that
    // takes 6 s alone took over 20 s, and failed while the app was fine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A poll waits for something to happen (a page connected, a row drawn), it never times it; vitest's
    // 1 s default, then 5 s, failed e2e tests on a loaded machine while the app was fine.
    expect: { poll: { timeout: 10_000 } },
    reporters: reportFile ? ['default', 'json'] : ['default'],
    outputFile: reportFile ? { json: reportFile } : undefined,
  },
})
