// A recorder in a process of its own, for the crash test: it records a fast fake sample source (one
// sample every 10 ms of real time, each one simulated second after the last) into the data folder it is
// given, writes every 50 ms, and prints each sample's time as it takes it, until it is killed.
// Usage: tsx recorderChild.ts <dataDir> <first sample time, epoch ms>
import type { MetricSample } from '../../src/shared/protocol'
import { createLogger } from '../../src/main/logger'
import { createRecorder } from '../../src/main/recorder'
import { recordedValueAt } from './recorderValues'

const [dataDir, firstT] = process.argv.slice(2)
let t = Number(firstT)
let seq = 0
let listener: ((sample: MetricSample) => void) | undefined
let monotonic = 0
createRecorder({
  dataDir: dataDir!,
  logger: createLogger((entry) => process.stderr.write(`${entry.level} ${entry.message}\n`)),
  intervalMs: 1000,
  flushIntervalMs: 50,
  onSample: (next) => ((listener = next), () => (listener = undefined)),
  now: () => t,
  monotonicNow: () => monotonic,
})
process.stdout.write('ready\n')
setInterval(() => {
  t += 1000
  monotonic += 1000
  listener?.({ seq: seq++, t, values: { cpu_total_pct: recordedValueAt(t), mem_used_bytes: 4e9 + seq * 4096 } })
  // Pipes are written synchronously on Linux: the line is out before the next sample is taken.
  process.stdout.write(`${t}\n`)
}, 10)
