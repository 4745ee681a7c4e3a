import { defineConfig } from 'vitest/config'

// VIGIL_TEST_REPORT names a JSON report file; .ci/run reads its totals for the closing "N passed, N failed" line.
const reportFile = process.env.VIGIL_TEST_REPORT

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // A poll waits for something to happen (a page connected, a row drawn), it never times it; vitest's
    // 1 s default failed e2e tests on a machine loaded by other work while the app was fine.
    expect: { poll: { timeout: 5000 } },
    reporters: reportFile ? ['default', 'json'] : ['default'],
    outputFile: reportFile ? { json: reportFile } : undefined,
  },
})
