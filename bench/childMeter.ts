// Inside a contender of the sampler benchmark: counts its samples and, after a warm-up, measures its own CPU
// time and its children's over one window, then (Vigil and the /proc reader) its event-loop delay over a
// second window: the delay histogram wakes the loop every millisecond, which costs more CPU than sampling.
// The parent reads the figures from one `result {json}` line on stdout (the psutil loop prints the same shape).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { readChildrenCpuTimeMs, readClockTicks } from './procStats'

/**
 * Samples before the window opens: first readings prime rates and caches, as every sampler's do, and a
 * process that runs for hours is measured in its steady state, past start-up compilation and the
 * one-off collections of V8's memory reducer after start. --trace-gc showed them at 8 s, then at 8.7 s or at
 * 17 s: a full mark-compact of 10 to 16 ms, half a millisecond per sample when it fell inside a window that
 * opened at 10 s. V8 (src/heap/memory-reducer.cc) runs at most three in a row, the first 8 s after start and
 * each next 0.5 or 8 s after the last, so all are over by 25 s.
 */
export const warmupSamples = 25
/** Samples inside the CPU window; a multiple of 3, so that it holds whole process-list polls (every 3 s). */
export const measuredSamples = 30
/** Samples inside the event-loop delay window, which follows the CPU window. */
export const delaySamples = 6
export const sampleIntervalMs = 1000
export const resultPattern = /^result (\{.*\})$/

export interface MeteredWindow {
  samples: number
  elapsedMs: number
  /** utime + stime of the contender's own process (every thread). */
  ownCpuMs: number
  /** Child processes it started and waited for during the window (systeminformation starts many). */
  childrenCpuMs: number
  /** perf_hooks' event-loop delay histogram (1 ms resolution) over the second window; Node contenders only. */
  eventLoopDelay?: { p99Ms: number; maxMs: number; samples: number }
  /** Figures worth a note: versions, how many processes or disks were read. */
  detail: Record<string, string | number>
}

export interface SampleMeter {
  /** Counts one finished sample; true once both windows are complete and result() can be read. */
  count(): Promise<boolean>
  result(detail: MeteredWindow['detail']): MeteredWindow
}

interface Reading {
  atMs: number
  ownCpuMs: number
  childrenCpuMs: number
}

/** Without `measuresEventLoopDelay` the meter is done after the CPU window (the systeminformation reference). */
export function createSampleMeter({ measuresEventLoopDelay }: { measuresEventLoopDelay: boolean }): SampleMeter {
  const clockTicks = readClockTicks()
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 })
  let samples = 0
  let start: Reading | undefined
  let end: Reading | undefined

  async function read(): Promise<Reading> {
    const usage = process.cpuUsage()
    return {
      atMs: performance.now(),
      ownCpuMs: (usage.user + usage.system) / 1000,
      childrenCpuMs: await readChildrenCpuTimeMs(process.pid, clockTicks),
    }
  }

  return {
    async count() {
      samples += 1
      if (samples === warmupSamples) {
        start = await read()
      } else if (samples === warmupSamples + measuredSamples) {
        end = await read()
        if (!measuresEventLoopDelay) return true
        histogram.enable()
      } else if (samples === warmupSamples + measuredSamples + delaySamples) {
        histogram.disable()
        return true
      }
      return false
    },
    result(detail) {
      if (!start || !end) throw new Error('the CPU window is not complete')
      const nanosecondsPerMs = 1e6
      return {
        samples: measuredSamples,
        elapsedMs: end.atMs - start.atMs,
        ownCpuMs: end.ownCpuMs - start.ownCpuMs,
        childrenCpuMs: end.childrenCpuMs - start.childrenCpuMs,
        eventLoopDelay: measuresEventLoopDelay
          ? {
              p99Ms: histogram.percentile(99) / nanosecondsPerMs,
              maxMs: histogram.max / nanosecondsPerMs,
              samples: delaySamples,
            }
          : undefined,
        detail,
      }
    },
  }
}

/** Collects once a second, on a fixed schedule from the first collection, until the meter's window is complete. */
export async function collectEverySecond(collect: () => Promise<void>, meter: SampleMeter): Promise<void> {
  const startedAt = performance.now()
  for (let tick = 1; ; tick += 1) {
    await collect()
    if (await meter.count()) return
    await delay(Math.max(0, startedAt + tick * sampleIntervalMs - performance.now()))
  }
}

export function printResult(window: MeteredWindow): void {
  process.stdout.write(`result ${JSON.stringify(window)}\n`)
}
