import { afterEach, describe, expect, it } from 'vitest'
import type { MetricSample } from '../../shared/protocol'
import { createLogger, type LogEntry } from '../logger'
import type { Collector } from './collector'
import { createMinuteHistory } from './minuteHistory'
import { createSampleHistory } from './sampleHistory'
import { createSampler, type Sampler, type SlowTier } from './sampler'

let sampler: Sampler | undefined
afterEach(() => sampler?.dispose())

const silent = createLogger(() => undefined)
const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const constant = (name: string, values: Record<string, number>): Collector => ({
  name,
  collect: async () => ({ ...values }),
})

function start(fast: Collector, slow: SlowTier[] = [], intervalMs = 40, logger = silent) {
  const history = createSampleHistory({ capacity: 100, maxSeries: 32 })
  const minutes = createMinuteHistory({ capacity: 10, maxSeries: 32, samples: history })
  sampler = createSampler({ intervalMs, fast, slow, history, minutes, logger })
  return { sampler, history }
}

describe('sampler', () => {
  it('samples soon after start, then every interval, into the history and to every listener', async () => {
    const { sampler, history } = start(constant('fast', { cpu_total_pct: 12.3456 }))
    const seen: MetricSample[] = []
    sampler.onSample((sample) => seen.push(sample))
    await wait(250)
    expect(seen.length).toBeGreaterThanOrEqual(4)
    expect(seen.map((s) => s.seq)).toEqual(seen.map((_, index) => index))
    expect(history.size).toBe(seen.length)
    expect(seen[0]!.values).toEqual({ cpu_total_pct: 12.35 })
  })

  it('carries the latest slow readings into every fast sample', async () => {
    let reads = 0
    const slow: Collector = { name: 'slow', collect: async () => ({ fs_root_used_pct: (reads += 1) }) }
    const { sampler } = start(constant('fast', { cpu_total_pct: 1 }), [{ collector: slow, intervalMs: 100 }])
    const seen: MetricSample[] = []
    sampler.onSample((sample) => seen.push(sample))
    await wait(330)
    expect(seen.every((sample) => sample.values.fs_root_used_pct !== undefined)).toBe(true)
    expect(seen.length).toBeGreaterThan(reads)
    // The newest sample carries the newest slow reading, or the one before when a read just finished.
    expect(seen.at(-1)!.values.fs_root_used_pct).toBeGreaterThanOrEqual(reads - 1)
    const carried = seen.map((sample) => sample.values.fs_root_used_pct!)
    expect(carried).toEqual([...carried].sort((a, b) => a - b))
  })

  it('starts slow collectors from the fast tick, at most once a tick, so the process wakes once an interval', async () => {
    let slowReads = 0
    const slow: Collector = { name: 'slow', collect: async () => ({ fs_root_used_pct: (slowReads += 1) }) }
    const { sampler } = start(constant('fast', { cpu_total_pct: 1 }), [{ collector: slow, intervalMs: 5 }])
    await wait(200)
    const { ticks } = sampler.stats()
    // One read before the first tick, then one per tick at most, however short the slow interval.
    expect(slowReads).toBeGreaterThan(1)
    expect(slowReads).toBeLessThanOrEqual(ticks + 1)
  })

  it('runs a costly collector only while it is needed, and drops its values when not', async () => {
    let isNeeded = true
    let reads = 0
    const costly: Collector = { name: 'gpu', collect: async () => ({ gpu0_util_pct: (reads += 1) }) }
    const { sampler } = start(constant('fast', { cpu_total_pct: 1 }), [
      { collector: costly, intervalMs: 30, isNeeded: () => isNeeded },
    ])
    await wait(120)
    expect(reads).toBeGreaterThan(0)
    isNeeded = false
    await wait(60)
    const readsWhenIdle = reads
    const seen: MetricSample[] = []
    sampler.onSample((sample) => seen.push(sample))
    await wait(150)
    expect(reads).toBe(readsWhenIdle)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((sample) => sample.values.gpu0_util_pct === undefined)).toBe(true)
  })

  it('never overlaps a slow read with the next tick', async () => {
    let running = 0
    let maxRunning = 0
    const slowFast: Collector = {
      name: 'slow fast tier',
      async collect() {
        running += 1
        maxRunning = Math.max(maxRunning, running)
        await wait(60)
        running -= 1
        return { cpu_total_pct: 1 }
      },
    }
    const { sampler } = start(slowFast, [], 20)
    await wait(300)
    expect(sampler.stats().ticks).toBeGreaterThanOrEqual(3)
    expect(maxRunning).toBe(1)
  })

  it('reports a failing collector once, keeps the others going, and notes the recovery', async () => {
    const logs: LogEntry[] = []
    let calls = 0
    const flaky: Collector = {
      name: 'temperatures',
      async collect() {
        calls += 1
        if (calls <= 4) throw new Error('hwmon vanished')
        return { temp_cpu_c: 50 }
      },
    }
    const { sampler, history } = start(
      constant('procfs', { cpu_total_pct: 1 }),
      [{ collector: flaky, intervalMs: 20 }],
      20,
      createLogger((entry) => logs.push(entry)),
    )
    await wait(250)
    expect(logs.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual([
      'temperatures readings failed: hwmon vanished',
    ])
    expect(logs.some((entry) => entry.message === 'temperatures readings work again')).toBe(true)
    expect(history.size).toBeGreaterThan(3)
    expect(sampler.stats().ticks).toBe(history.size)
  })

  it('stops every loop when disposed', async () => {
    const { sampler } = start(
      constant('fast', { a: 1 }),
      [{ collector: constant('slow', { b: 1 }), intervalMs: 10 }],
      20,
    )
    await wait(60)
    sampler.dispose()
    const { ticks, slowRuns } = sampler.stats()
    await wait(100)
    expect(sampler.stats()).toMatchObject({ ticks, slowRuns })
  })

  it('releases what its collectors keep open when disposed', async () => {
    const released: string[] = []
    const keeping = (name: string): Collector => ({
      ...constant(name, { [`${name}_pct`]: 1 }),
      dispose: () => released.push(name),
    })
    const { sampler } = start(keeping('fast'), [{ collector: keeping('slow'), intervalMs: 10 }], 20)
    await wait(30)
    sampler.dispose()
    expect(released.sort()).toEqual(['fast', 'slow'])
  })
})
