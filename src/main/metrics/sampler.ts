// One sampler for the whole core, however many clients watch: it reads once per tick into the history
// and hands each new sample to its listeners. The first tick comes soon after start (a new window has
// something to show), late enough for a CPU figure worth showing; later ones are aligned to the interval
// on the wall clock and never overlap: the next one is scheduled only after the current read has finished.
import type { MetricSample } from '../../shared/protocol'
import type { Logger } from '../logger'
import type { FastReading } from './fastReader'
import type { SampleHistory } from './sampleHistory'

export interface SamplerOptions {
  intervalMs: number
  read: () => Promise<FastReading>
  history: SampleHistory
  logger: Logger
  now?: () => number
}

/**
 * CPU load is the change in the kernel's counters since the previous reading, and the counters advance in
 * 10 ms steps (USER_HZ = 100): over 250 ms on two cores that is 50 steps, a figure good to about 2 %.
 * Sooner, the first sample would show start-up noise (a read a few ms after priming gave exactly 100 %).
 */
export const firstSampleDelayMs = 250

export interface SamplerStats {
  ticks: number
  listeners: number
}

export interface Sampler {
  onSample(listener: (sample: MetricSample) => void): () => void
  stats(): SamplerStats
  dispose(): void
}

export function createSampler(options: SamplerOptions): Sampler {
  const { intervalMs, read, history, logger } = options
  const now = options.now ?? Date.now
  const listeners = new Set<(sample: MetricSample) => void>()
  let nextSeq = 0
  let ticks = 0
  let failure: string | undefined
  let timer: NodeJS.Timeout | undefined
  let isDisposed = false

  /** The next interval boundary at least half an interval away, so two ticks never come nearly together. */
  function delayToNextBoundary(): number {
    const delayMs = intervalMs - (now() % intervalMs)
    return delayMs < intervalMs / 2 ? delayMs + intervalMs : delayMs
  }

  function schedule(delayMs = delayToNextBoundary()): void {
    if (isDisposed) return
    timer = setTimeout(tick, delayMs)
  }

  async function tick(): Promise<void> {
    ticks += 1
    try {
      const reading = await read()
      if (isDisposed) return
      if (failure !== undefined) {
        logger.info('metrics', 'metrics sampling works again')
        failure = undefined
      }
      const sample: MetricSample = { seq: nextSeq, t: now(), ...reading }
      nextSeq += 1
      history.push(sample)
      for (const listener of listeners) listener(sample)
    } catch (error) {
      // Reported once per distinct failure, not once per second.
      const message = (error as Error).message
      if (message !== failure) logger.error('metrics', `metrics sampling failed: ${message}`)
      failure = message
    }
    schedule()
  }

  schedule(Math.min(firstSampleDelayMs, intervalMs))

  return {
    onSample(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stats() {
      return { ticks, listeners: listeners.size }
    },
    dispose() {
      isDisposed = true
      clearTimeout(timer)
      listeners.clear()
    },
  }
}
