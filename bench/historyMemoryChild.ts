// The child of the history memory benchmark (run bundled, with --expose-gc): builds the metrics capability
// as the core does, takes one real sample, stops the sampler, then fills that instance's own histories with
// 24 h of one-second samples shaped like the real one, measuring memory after a forced GC at each step.
// `--series N` widens every sample to N series (the worst case is maxSeries); `--sparse` fills the first
// 23 h with one sample a minute (the same 1,440 minutes, 20 times faster). Prints one `result {json}` line.
import { createLogger } from '../src/main/logger'
import { createMetrics } from '../src/main/metrics'
import type { MetricSample } from '../src/shared/protocol'
import { readRssBytes } from './procStats'

export interface MemoryReading {
  rssBytes: number
  heapUsedBytes: number
  /** The V8 heap's committed size: pages kept after the fill's garbage was collected count in RSS. */
  heapTotalBytes: number
  /** Typed arrays' backing stores (the history columns) live here, outside the V8 heap. */
  arrayBuffersBytes: number
}

export interface HistoryMemoryResult {
  bare: MemoryReading
  core: MemoryReading
  filled: MemoryReading
  seriesCount: number
  samplesPushed: number
  fastSamplesHeld: number
  minutesHeld: number
  fillMs: number
}

const filledSeconds = 24 * 60 * 60
/** The fast ring's span: one hour of one-second samples. */
const lastHourSeconds = 60 * 60
const sampleIntervalMs = 1000

async function measure(): Promise<MemoryReading> {
  if (!globalThis.gc) throw new Error('run with --expose-gc')
  globalThis.gc()
  const usage = process.memoryUsage()
  return {
    rssBytes: await readRssBytes(process.pid),
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    arrayBuffersBytes: usage.arrayBuffers,
  }
}

/** The real sample's keys, widened with made-up subjects of the same kinds up to `seriesCount` when asked. */
function seriesBases(real: MetricSample, seriesCount: number): [string, number][] {
  const bases = Object.entries(real.values)
  for (let extra = 0; bases.length < seriesCount; extra += 1)
    bases.push([`net_bench${extra}_rx_bytes_per_s`, 1000 + extra])
  return bases
}

/** Seconds after the real sample: every second for 24 h, or when sparse one a minute until the last hour. */
function* fillOffsetsSeconds(isSparse: boolean): Generator<number> {
  const denseFromSeconds = isSparse ? filledSeconds - lastHourSeconds : 0
  for (let seconds = 60; seconds <= denseFromSeconds; seconds += 60) yield seconds
  for (let seconds = denseFromSeconds + 1; seconds <= filledSeconds; seconds += 1) yield seconds
}

/** Each series wanders around its real value, so that the minute aggregates see different min, avg and max. */
function syntheticSample(bases: [string, number][], seq: number, t: number): MetricSample {
  const values: Record<string, number> = {}
  for (const [key, base] of bases) values[key] = base * (0.9 + 0.2 * Math.random())
  return { seq, t, values }
}

const seriesArgument = process.argv.indexOf('--series')
const widenTo = seriesArgument >= 0 ? Number(process.argv[seriesArgument + 1]) : 0
const isSparse = process.argv.includes('--sparse')

const bare = await measure()
const metricsCapability = await createMetrics({
  intervalMs: sampleIntervalMs,
  logger: createLogger(() => {}),
  instanceId: 'bench',
  keepAliveMs: 15_000,
})
const metrics = metricsCapability.api
const real = await new Promise<MetricSample>((resolve) => metrics.sampler.onSample(resolve))
metricsCapability.dispose()
const core = await measure()

const bases = seriesBases(real, widenTo)
const fillStartedAt = performance.now()
let seq = real.seq
for (const offsetSeconds of fillOffsetsSeconds(isSparse)) {
  seq += 1
  const sample = syntheticSample(bases, seq, real.t + offsetSeconds * sampleIntervalMs)
  metrics.history.push(sample)
  metrics.minutes.follow(sample)
}
const fillMs = performance.now() - fillStartedAt
const filled = await measure()

const result: HistoryMemoryResult = {
  bare,
  core,
  filled,
  seriesCount: metrics.history.seriesCount,
  samplesPushed: seq - real.seq,
  fastSamplesHeld: metrics.history.size,
  minutesHeld: metrics.minutes.size,
  fillMs,
}
process.stdout.write(`result ${JSON.stringify(result)}\n`)
