// One sampler for the whole core, however many clients watch: it reads once per tick into the history
// and hands each new sample to its listeners. The first tick runs at once (a new window has something to
// show); later ones are aligned to the interval on the wall clock and never overlap: the next one is
// scheduled only after the current read has finished.
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

  schedule(0)

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
