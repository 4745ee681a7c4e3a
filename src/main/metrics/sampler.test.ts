import { afterEach, describe, expect, it } from 'vitest'
import type { MetricSample } from '../../shared/protocol'
import { createLogger, type LogEntry } from '../logger'
import { createSampleHistory } from './sampleHistory'
import { createSampler, type Sampler } from './sampler'

const reading = { cpuTotalPct: 1, memUsedBytes: 2, memTotalBytes: 3 }
let sampler: Sampler | undefined

afterEach(() => sampler?.dispose())

describe('sampler', () => {
  it('samples soon after start, then on every interval, into the history and to every listener', async () => {
    const history = createSampleHistory(100)
    const seen: MetricSample[] = []
    sampler = createSampler({ intervalMs: 40, read: async () => reading, history, logger: createLogger(() => undefined) })
    sampler.onSample((sample) => seen.push(sample))
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(seen.length).toBeGreaterThanOrEqual(4)
    expect(seen.map((s) => s.seq)).toEqual(seen.map((_, index) => index))
    expect(history.size).toBe(seen.length)
  })

  it('never overlaps a slow read with the next tick', async () => {
    let running = 0
    let maxRunning = 0
    const slowRead = async () => {
      running += 1
      maxRunning = Math.max(maxRunning, running)
      await new Promise((resolve) => setTimeout(resolve, 60))
      running -= 1
      return reading
    }
    sampler = createSampler({ intervalMs: 20, read: slowRead, history: createSampleHistory(100), logger: createLogger(() => undefined) })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sampler.stats().ticks).toBeGreaterThanOrEqual(3)
    expect(maxRunning).toBe(1)
  })

  it('reports a failing read once, keeps ticking, and notes the recovery', async () => {
    const logs: LogEntry[] = []
    let calls = 0
    const flakyRead = async () => {
      calls += 1
      if (calls <= 4) throw new Error('/proc is gone')
      return reading
    }
    const history = createSampleHistory(100)
    sampler = createSampler({ intervalMs: 20, read: flakyRead, history, logger: createLogger((entry) => logs.push(entry)) })
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(logs.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual(['metrics sampling failed: /proc is gone'])
    expect(logs.some((entry) => entry.message === 'metrics sampling works again')).toBe(true)
    expect(history.size).toBeGreaterThan(0)
  })

  it('stops ticking when disposed', async () => {
    sampler = createSampler({ intervalMs: 20, read: async () => reading, history: createSampleHistory(100), logger: createLogger(() => undefined) })
    await new Promise((resolve) => setTimeout(resolve, 50))
    sampler.dispose()
    const ticks = sampler.stats().ticks
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sampler.stats().ticks).toBe(ticks)
  })
})
