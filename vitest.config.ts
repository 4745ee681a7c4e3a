import { defineConfig } from 'vitest/config'

// VIGIL_TEST_REPORT names a JSON report file; .ci/run reads its totals for the closing "N passed, N failed" line.
const reportFile = process.env.VIGIL_TEST_REPORT

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: reportFile ? ['default', 'json'] : ['default'],
    outputFile: reportFile ? { json: reportFile } : undefined,
  },
})
