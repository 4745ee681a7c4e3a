// The child of the recorder benchmark (run with --expose-gc): takes one real sample for this machine's
// series, then records a simulated span into a fresh recorder as fast as it can (both clocks are the
// child's own), and measures: the CPU of recording one simulated hour with the core's batching (a write
// every 5 samples), the database's bytes per value, RSS with the span recorded, and chart queries beside
// the same answers computed from in-memory arrays. Prints one `result {json}` line.
// With `open`, it measures instead what a core pays for a recorder already holding that span: RSS
// before opening, and after opening it and answering a chart, as a fresh process sees it.
// Usage: recorderCostChild.mjs <days> <dataDir> [open]
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger } from '../src/main/logger'
import { createMetrics } from '../src/main/metrics'
import { createRecorder } from '../src/main/recorder'
import type { MetricSample } from '../src/shared/protocol'
import { readRssBytes } from './procStats'
import { median } from './stats'

export interface RecorderOpenResult {
  rssBareBytes: number
  rssOpenBytes: number
}

export interface RecorderCostResult {
  days: number
  seriesCount: number
  samples: number
  fillSeconds: number
  databaseBytes: number
  bytesPerValue: number
  cpuMsPerSample: number
  peerCpuMsPerSample: number
  chartKeys: number
  chartRows: number
  chartMs: number
  peerChartMs: number
  rawHourRows: number
  rawHourMs: number
  peerRawHourMs: number
}

const [daysArgument, dataDir, mode] = process.argv.slice(2)
const days = Number(daysArgument)
const hourMs = 3_600_000
const dayMs = 86_400_000
const batchSamples = 5
const chartKeyCount = 10
const rounds = 5

const gc = (): void => {
  if (!globalThis.gc) throw new Error('run with --expose-gc')
  globalThis.gc()
}

/**
 * The next value of a series, shaped like its real reading: totals and sizes steady; shares noisy around
 * their reading; memory and file-system use moving by whole pages now and then; rates bursty around
 * their reading (an idle interface stays at 0); counters adding up their rate; load drifting slowly.
 */
function nextValue(key: string, base: number, previous: number, rate: number): number {
  const random = Math.random()
  if (/(total_bytes|size_bytes|_mhz|charging)$/.test(key)) return base
  if (key.endsWith('_pct')) return Math.round(Math.min(100, Math.max(0, base + (random - 0.5) * 10)) * 100) / 100
  if (key.endsWith('_bytes_per_s')) {
    if (base === 0) return random < 0.98 ? 0 : Math.round(random * 2048)
    return Math.round(base * 2 * random * 100) / 100
  }
  if (/^net_.*_(rx|tx)_bytes$/.test(key)) return previous + Math.round(rate)
  if (key.endsWith('_bytes'))
    return random < 0.3 ? Math.max(0, previous + Math.round((random - 0.15) * 64) * 4096) : previous
  if (key.startsWith('load_')) return Math.round(Math.max(0, previous + (random - 0.5) * 0.05) * 100) / 100
  return base
}

if (mode === 'open') {
  gc()
  const rssBareBytes = await readRssBytes(process.pid)
  const opened = createRecorder({
    dataDir: dataDir!,
    logger: createLogger(() => {}),
    intervalMs: 1000,
    settings: { retentionDays: 30 },
    onSample: () => () => {},
  })
  const to = Date.now()
  opened.api.series({ from: to - 7 * dayMs, to, keys: ['cpu_total_pct', 'mem_used_bytes'], maxPoints: 2000 })
  gc()
  const result: RecorderOpenResult = { rssBareBytes, rssOpenBytes: await readRssBytes(process.pid) }
  opened.dispose()
  process.stdout.write(`result ${JSON.stringify(result)}\n`)
  process.exit(0)
}

const metrics = await createMetrics({
  intervalMs: 1000,
  logger: createLogger(() => {}),
  instanceId: 'bench',
  keepAliveMs: 15_000,
})
const real = await new Promise<MetricSample>((resolve) => metrics.api.sampler.onSample(resolve))
await metrics.dispose()
const keys = Object.keys(real.values)
const bases = keys.map((key) => real.values[key]!)
const current = [...bases]

let t = Math.floor(Date.now() / hourMs) * hourMs - days * dayMs
let monotonic = 0
let listener: ((sample: MetricSample) => void) | undefined
const recorder = createRecorder({
  dataDir: dataDir!,
  logger: createLogger(() => {}),
  intervalMs: 1000,
  settings: { retentionDays: 30 },
  flushIntervalMs: 3_600_000,
  onSample: (next) => ((listener = next), () => (listener = undefined)),
  now: () => t,
  monotonicNow: () => monotonic,
})
const chartKeys = keys.slice(0, chartKeyCount)
/** The peer: the chart keys' last 7 days kept in memory, one Float64Array per key, with their times. */
const peerSpan = Math.min(days, 7) * 86_400
const peerTimes = new Float64Array(peerSpan)
const peerColumns = chartKeys.map(() => new Float64Array(peerSpan))
let seq = 0

/** The next sample; `isKept` puts it in the peer's arrays too (not for the CPU comparisons after the fill). */
function takeSample(isKept = true): MetricSample {
  t += 1000
  monotonic += 1000
  const values: Record<string, number> = {}
  keys.forEach((key, index) => {
    const rate = values[key.replace(/_bytes$/, '_bytes_per_s')] ?? 0
    current[index] = nextValue(key, bases[index]!, current[index]!, rate)
    values[key] = current[index]!
  })
  const sample = { seq: seq++, t, values }
  if (!isKept) return sample
  const slot = seq % peerSpan
  peerTimes[slot] = t
  chartKeys.forEach((key, index) => (peerColumns[index]![slot] = values[key]!))
  return sample
}

const totalSamples = days * 86_400
const fillStartedAt = performance.now()
// Most of the span in big batches (a write per 5 minutes: the same rows and chunks, far fewer commits)…
const measuredSamples = 3600
while (seq < totalSamples - measuredSamples) {
  listener!(takeSample())
  if (seq % 300 === 0) recorder.api.flush()
}
recorder.api.flush()
// …and the last hour as the core writes, with the CPU it costs measured: one write every 5 samples.
gc()
const cpuBefore = process.cpuUsage()
while (seq < totalSamples) {
  listener!(takeSample())
  if (seq % batchSamples === 0) recorder.api.flush()
}
recorder.api.flush()
const cpu = process.cpuUsage(cpuBefore)
const end = t
const fillSeconds = (performance.now() - fillStartedAt) / 1000

// The peer's cost of taking the same samples: one value per key into an in-memory column.
const peerValues = keys.map(() => new Float64Array(measuredSamples))
const peerCpuBefore = process.cpuUsage()
for (let index = 0; index < measuredSamples; index += 1) {
  const sample = takeSample(false)
  keys.forEach((key, at) => (peerValues[at]![index] = sample.values[key]!))
}
const peerCpu = process.cpuUsage(peerCpuBefore)
// takeSample builds the values both times: subtract its cost from both sides by timing it once more alone.
const buildCpuBefore = process.cpuUsage()
for (let index = 0; index < measuredSamples; index += 1) takeSample(false)
const buildCpu = process.cpuUsage(buildCpuBefore)
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000

function timed(run: () => unknown): number {
  const times: number[] = []
  for (let round = 0; round < rounds; round += 1) {
    const startedAt = performance.now()
    run()
    times.push(performance.now() - startedAt)
  }
  return median(times)
}

const chartQuery = { from: end - 7 * dayMs, to: end, keys: chartKeys, maxPoints: 2000 }
const chart = recorder.api.series(chartQuery)
const chartMs = timed(() => recorder.api.series(chartQuery))
/** The peer answers the same chart from its arrays: min, avg and max per step, skipping empty steps. */
function peerChart(): number {
  const stepMs = chart.stepSeconds * 1000
  const buckets = Math.ceil((chartQuery.to - chartQuery.from + 1) / stepMs)
  let rows = 0
  for (const column of peerColumns) {
    const min = new Float64Array(buckets).fill(Infinity)
    const max = new Float64Array(buckets).fill(-Infinity)
    const sum = new Float64Array(buckets)
    const count = new Uint32Array(buckets)
    for (let index = 0; index < peerSpan; index += 1) {
      const time = peerTimes[index]!
      if (time < chartQuery.from || time > chartQuery.to) continue
      const bucket = Math.floor((time - chartQuery.from) / stepMs)
      const value = column[index]!
      min[bucket] = Math.min(min[bucket]!, value)
      max[bucket] = Math.max(max[bucket]!, value)
      sum[bucket]! += value
      count[bucket]! += 1
    }
    rows = count.filter((value) => value > 0).length
  }
  return rows
}
const peerChartMs = timed(peerChart)

const hourStart = Math.floor(end / hourMs) * hourMs - hourMs
const rawQuery = { from: hourStart, to: hourStart + hourMs - 1, keys: chartKeys, maxPoints: 3600, stepSeconds: 1 }
const rawHour = recorder.api.series(rawQuery)
const rawHourMs = timed(() => recorder.api.series(rawQuery))
const peerRawHourMs = timed(() => {
  const rows: number[][] = chartKeys.map(() => [])
  for (let index = 0; index < peerSpan; index += 1) {
    const time = peerTimes[index]!
    if (time < rawQuery.from || time > rawQuery.to) continue
    peerColumns.forEach((column, at) => rows[at]!.push(column[index]!))
  }
  return rows
})

recorder.dispose()
const databaseBytes = ['recorder.db', 'recorder.db-wal'].reduce((sum, name) => {
  try {
    return sum + statSync(join(dataDir!, name)).size
  } catch {
    return sum
  }
}, 0)

const result: RecorderCostResult = {
  days,
  seriesCount: keys.length,
  samples: totalSamples,
  fillSeconds,
  databaseBytes,
  bytesPerValue: databaseBytes / (totalSamples * keys.length),
  cpuMsPerSample: (cpuMs(cpu) - cpuMs(buildCpu)) / measuredSamples,
  peerCpuMsPerSample: (cpuMs(peerCpu) - cpuMs(buildCpu)) / measuredSamples,
  chartKeys: chartKeys.length,
  chartRows: chart.t.length,
  chartMs,
  peerChartMs,
  rawHourRows: rawHour.t.length,
  rawHourMs,
  peerRawHourMs,
}
process.stdout.write(`result ${JSON.stringify(result)}\n`)
