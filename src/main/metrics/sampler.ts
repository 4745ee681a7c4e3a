// One sampler for the whole core, however many clients watch. Tiers by measured cost:
// - fast: one collector every interval (on Linux, /proc reads with no child process);
// - slow: each slow collector every few seconds, only while it is needed; its latest values are carried
//   into every fast sample until it reads again (or fails, or stops being needed). A slow collector is
//   started by the fast tick it falls due in, not by a timer of its own: the process wakes once an
//   interval, and each wake-up of an idle process costs more than the reads it then makes.
// Each sample goes into the history and the minute aggregates, then to listeners. No collector overlaps
// itself: the next tick is scheduled only after the current one finished, and a slow collector still
// reading is not started again. A failing collector is reported once (and again when it recovers); the
// others keep going.
import type { MetricSample } from '../../shared/protocol'
import type { Logger } from '../logger'
import type { Collector, SeriesValues } from './collector'
import type { MinuteHistory } from './minuteHistory'
import type { SampleHistory } from './sampleHistory'
import { createEmitter } from '../../shared/emitter'

/**
 * CPU load is the change in the kernel's counters since the previous reading, and the counters advance in
 * 10 ms steps (USER_HZ = 100): over 250 ms on two cores that is 50 steps, a figure good to about 2 %.
 * Sooner, the first sample would show start-up noise (a read a few ms after priming gave exactly 100 %).
 */
export const firstSampleDelayMs = 250

/** Writes `source` into `target` to two decimals: finer than any reading here is accurate, and small on the wire and in the history. */
function roundInto(target: SeriesValues, source: SeriesValues): void {
  for (const key in source) target[key] = Math.round(source[key]! * 100) / 100
}

export interface SlowTier {
  collector: Collector
  /** Rounded to whole fast intervals: a slow collector runs at most once a tick. */
  intervalMs: number
  /** Costly collectors run only while this says so (a client watching, an alert rule on their series). */
  isNeeded?: () => boolean
}

interface SlowState {
  tier: SlowTier
  dueAtMs: number
  isReading: boolean
}

export interface SamplerOptions {
  intervalMs: number
  fast: Collector
  slow: SlowTier[]
  history: SampleHistory
  minutes: MinuteHistory
  logger: Logger
  now?: () => number
}

export interface SamplerStats {
  ticks: number
  listeners: number
  slowRuns: number
}

export interface Sampler {
  onSample(listener: (sample: MetricSample) => void): () => void
  stats(): SamplerStats
  dispose(): void
}

export function createSampler(options: SamplerOptions): Sampler {
  const { intervalMs, fast, history, minutes, logger } = options
  const now = options.now ?? Date.now
  const samples = createEmitter<MetricSample>()
  const slowValues = new Map<Collector, SeriesValues>()
  const failures = new Map<Collector, string>()
  const timers = new Set<NodeJS.Timeout>()
  const slowStates: SlowState[] = options.slow.map((tier) => ({ tier, dueAtMs: 0, isReading: false }))
  let nextSeq = 0
  let ticks = 0
  let slowRuns = 0
  let isDisposed = false

  function later(run: () => Promise<void>, delayMs: number): void {
    if (isDisposed) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      void run()
    }, delayMs)
    timers.add(timer)
  }

  /** Runs a collector, reporting a failure once per distinct message and the recovery once. */
  async function attempt(collector: Collector): Promise<SeriesValues | undefined> {
    try {
      const values = await collector.collect()
      if (failures.delete(collector)) logger.info('metrics', `${collector.name} readings work again`)
      return values
    } catch (error) {
      const message = (error as Error).message
      if (failures.get(collector) !== message) logger.error('metrics', `${collector.name} readings failed: ${message}`)
      failures.set(collector, message)
      return undefined
    }
  }

  /** The next interval boundary at least half an interval away, so two ticks never come nearly together. */
  function delayToNextBoundary(): number {
    const delayMs = intervalMs - (now() % intervalMs)
    return delayMs < intervalMs / 2 ? delayMs + intervalMs : delayMs
  }

  async function tick(): Promise<void> {
    ticks += 1
    startDueSlowTiers()
    const values = await attempt(fast)
    if (isDisposed) return
    if (values) {
      // The fast values become the sample's: some fifty series are not copied into a second object every second.
      roundInto(values, values)
      slowValues.forEach((slow) => roundInto(values, slow))
      const sample: MetricSample = { seq: nextSeq, t: now(), values }
      nextSeq += 1
      history.push(sample)
      minutes.follow(sample)
      samples.emit(sample)
    }
    later(tick, delayToNextBoundary())
  }

  async function runSlow(state: SlowState): Promise<void> {
    const { tier } = state
    state.dueAtMs = performance.now() + tier.intervalMs
    if (tier.isNeeded?.() === false) {
      slowValues.delete(tier.collector)
      return
    }
    state.isReading = true
    slowRuns += 1
    const values = await attempt(tier.collector)
    state.isReading = false
    if (isDisposed) return
    if (values) slowValues.set(tier.collector, values)
    else slowValues.delete(tier.collector)
  }

  /**
   * Starts, without waiting for them, the slow collectors due before the middle of the next interval.
   * Due times are on the monotonic clock: a wall clock set back must not hold the slow tier up.
   */
  function startDueSlowTiers(): void {
    const nowMs = performance.now()
    for (const state of slowStates) {
      if (!state.isReading && state.dueAtMs < nowMs + intervalMs / 2) void runSlow(state)
    }
  }

  // Slow collectors read first, so that the first fast sample already carries their values.
  later(async () => startDueSlowTiers(), 0)
  later(tick, Math.min(firstSampleDelayMs, intervalMs))

  return {
    onSample: samples.on,
    stats() {
      return { ticks, listeners: samples.listenerCount, slowRuns }
    },
    dispose() {
      isDisposed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      samples.clear()
      fast.dispose?.()
      for (const tier of options.slow) tier.collector.dispose?.()
    },
  }
}
