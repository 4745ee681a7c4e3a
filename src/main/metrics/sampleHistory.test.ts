import { describe, expect, it } from 'vitest'
import type { MetricSample } from '../../shared/protocol'
import { createSampleHistory } from './sampleHistory'

const sample = (
  seq: number,
  values: Record<string, number> = { cpu_total_pct: seq },
  t = seq * 1000,
): MetricSample => ({ seq, t, values })

function filled(capacity: number, count: number, maxSeries = 16) {
  const history = createSampleHistory({ capacity, maxSeries })
  for (let seq = 0; seq < count; seq += 1) history.push(sample(seq))
  return history
}

describe('sample history', () => {
  it('returns exactly the samples after a seq, as rows', () => {
    const history = filled(10, 5)
    expect(history.after(1)).toEqual([sample(2), sample(3), sample(4)])
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

  it('gives a time window ending at the newest sample, in columns', () => {
    const history = filled(100, 30)
    expect(history.window(5000)).toEqual({
      firstSeq: 24,
      t: [24000, 25000, 26000, 27000, 28000, 29000],
      values: { cpu_total_pct: [24, 25, 26, 27, 28, 29] },
    })
    expect(createSampleHistory({ capacity: 4, maxSeries: 4 }).window(1000)).toEqual({ firstSeq: 0, t: [], values: {} })
  })

  it('marks a series missing from a sample as null, and keeps real timestamps so a gap stays a gap', () => {
    const history = createSampleHistory({ capacity: 10, maxSeries: 4 })
    history.push(sample(0, { a_pct: 1, net_x_rx_bytes: 5 }, 1000))
    history.push(sample(1, { a_pct: 2 }, 2000))
    history.push(sample(2, { a_pct: 3, net_x_rx_bytes: 7 }, 60_000))
    expect(history.window(60_000)).toEqual({
      firstSeq: 0,
      t: [1000, 2000, 60_000],
      values: { a_pct: [1, 2, 3], net_x_rx_bytes: [5, null, 7] },
    })
    expect(history.after(0)).toEqual([
      sample(1, { a_pct: 2 }, 2000),
      sample(2, { a_pct: 3, net_x_rx_bytes: 7 }, 60_000),
    ])
  })

  it('bounds its series, and gives back the column of a series gone for a whole capacity', () => {
    const refused: string[] = []
    const history = createSampleHistory({ capacity: 5, maxSeries: 2, onSeriesLimit: (key) => refused.push(key) })
    history.push(sample(0, { a: 1, b: 1, c: 1, d: 1 }))
    expect(history.seriesCount).toBe(2)
    expect(refused).toEqual(['c'])
    for (let seq = 1; seq <= 5; seq += 1) history.push(sample(seq, { a: seq }))
    expect(history.seriesCount).toBe(1)
    history.push(sample(6, { a: 6, c: 6 }))
    expect(history.seriesCount).toBe(2)
  })

  it('refuses a sample that does not follow the last one', () => {
    const history = filled(10, 3)
    expect(() => history.push(sample(5))).toThrow(/does not follow/)
  })

  it('reads a time range row by row for exports, NaN where a series had no value, and nothing once overwritten', () => {
    const history = createSampleHistory({ capacity: 10, maxSeries: 4 })
    for (let seq = 0; seq < 15; seq += 1)
      history.push(sample(seq, seq % 2 === 0 ? { a_pct: seq, b_pct: -seq } : { a_pct: seq }))
    expect(history.seqsBetween(7000, 9500)).toEqual({ first: 7, last: 9 })
    expect(history.seqsBetween(0, 4000)).toBeUndefined()
    const read = history.reader(['b_pct', 'a_pct', 'c_pct'])
    const row = new Float64Array(3)
    expect(read(8, row)).toBe(8000)
    expect([...row]).toEqual([-8, 8, Number.NaN])
    expect(read(9, row)).toBe(9000)
    expect([...row]).toEqual([Number.NaN, 9, Number.NaN])
    history.push(sample(15, { a_pct: 15, c_pct: 1 }))
    expect(read(5, row)).toBeUndefined()
    expect(read(15, row)).toBe(15_000)
    expect([...row]).toEqual([Number.NaN, 15, 1])
  })
  it('sums each series up over a range of kept samples, leaving out the samples it is missing from and the ones overwritten', () => {
    const history = createSampleHistory({ capacity: 10, maxSeries: 4 })
    for (let seq = 0; seq < 15; seq += 1)
      history.push(sample(seq, seq % 2 === 0 ? { a_pct: seq, b_pct: -seq } : { a_pct: seq }))
    history.push(sample(15, { c_pct: 1 }))
    const summaries: unknown[] = []
    history.summarize(0, 9, (key, min, max, sum, count) => summaries.push({ key, min, max, sum, count }))
    expect(summaries).toEqual([
      { key: 'a_pct', min: 6, max: 9, sum: 30, count: 4 },
      { key: 'b_pct', min: -8, max: -6, sum: -14, count: 2 },
    ])
  })
})
