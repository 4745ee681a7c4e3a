// The value the crash test's child records for each sample time, so the test can check what it reads back,
// and history from the past written through the recorder for a core to find at start.
import { createLogger } from '../../src/main/logger'
import { createRecorder } from '../../src/main/recorder'
import type { MetricSample } from '../../src/shared/protocol'

export const recordedValueAt = (t: number): number => Math.round(((t / 1000) % 1000) * 100) / 100

/**
 * Writes `count` samples a second apart from `firstT` into the
 * recorder database of `dataDir`, through the recorder itself with its clock set back, then closes it:
 * history from the past for a core started on that folder afterwards.
 */
export function seedRecorderHistory(dataDir: string, firstT: number, count: number): void {
  let listener: ((sample: MetricSample) => void) | undefined
  let t = firstT
  const recorder = createRecorder({
    dataDir,
    logger: createLogger(() => undefined),
    intervalMs: 1000,
    flushIntervalMs: 3_600_000,
    onSample: (next) => ((listener = next), () => (listener = undefined)),
    now: () => t,
    monotonicNow: () => t - firstT,
  })
  for (let index = 0; index < count; index += 1, t += 1000)
    listener?.({ seq: index, t, values: { cpu_total_pct: recordedValueAt(t) } })
  recorder.api.flush()
  recorder.dispose()
}
