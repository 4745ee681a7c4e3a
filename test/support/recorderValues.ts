// The value the crash test's child records for each sample time, so the test can check what it reads back.
export const recordedValueAt = (t: number): number => Math.round(((t / 1000) % 1000) * 100) / 100
