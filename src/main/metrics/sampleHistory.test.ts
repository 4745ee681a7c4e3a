import { describe, expect, it } from 'vitest'
import type { MetricSample } from '../../shared/protocol'
import { createSampleHistory } from './sampleHistory'

const sample = (seq: number, t = seq * 1000): MetricSample => ({ seq, t, cpuTotalPct: seq, memUsedBytes: 1, memTotalBytes: 2 })

function filled(capacity: number, count: number) {
  const history = createSampleHistory(capacity)
  for (let seq = 0; seq < count; seq += 1) history.push(sample(seq))
  return history
}

describe('sample history', () => {
  it('returns exactly the samples after a seq', () => {
    const history = filled(10, 5)
    expect(history.after(1)!.map((s) => s.seq)).toEqual([2, 3, 4])
    expect(history.after(4)).toEqual([])
    expect(history.after(-1)!.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps only its capacity and says when the asked-for samples are gone', () => {
    const history = filled(10, 25)
    expect(history.size).toBe(10)
    expect(history.after(14)!.map((s) => s.seq)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    expect(history.after(13)).toBeUndefined()
    expect(history.after(99)).toBeUndefined()
  })

  it('gives a time window ending at the newest sample', () => {
    const history = filled(100, 30)
    expect(history.window(5000).map((s) => s.seq)).toEqual([24, 25, 26, 27, 28, 29])
    expect(history.window(0).map((s) => s.seq)).toEqual([29])
    expect(createSampleHistory(4).window(1000)).toEqual([])
  })

  it('keeps real timestamps, so a gap stays a gap', () => {
    const history = createSampleHistory(10)
    history.push(sample(0, 1000))
    history.push(sample(1, 2000))
    history.push(sample(2, 60_000))
    expect(history.window(5000).map((s) => s.t)).toEqual([60_000])
  })

  it('refuses a sample that does not follow the last one', () => {
    const history = filled(10, 3)
    expect(() => history.push(sample(5))).toThrow(/does not follow/)
  })
})
