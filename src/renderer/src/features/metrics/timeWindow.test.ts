import { describe, expect, it } from 'vitest'
import {
  bandStatsInRange,
  clampRange,
  describeSpan,
  firstIndexAtOrAfter,
  lastValue,
  longestRangeMs,
  panRange,
  rangeEndingAt,
  sliceToRange,
  statsInRange,
} from './timeWindow'

const t = [1000, 2000, 3000, 4000, 5000]
const values = [10, null, 30, 40, 50]

describe('rangeEndingAt', () => {
  it('spans the chosen window back from its end', () => {
    expect(rangeEndingAt(600_000, '5m')).toEqual({ fromMs: 300_000, toMs: 600_000 })
    expect(rangeEndingAt(86_400_000, '24h')).toEqual({ fromMs: 0, toMs: 86_400_000 })
    expect(rangeEndingAt(30 * 86_400_000, '30d')).toEqual({ fromMs: 0, toMs: 30 * 86_400_000 })
  })
})

describe('clampRange', () => {
  const nowMs = 1_800_000_000_000

  it('keeps a range that can be shown as it is, in whole milliseconds and in order', () => {
    expect(clampRange({ fromMs: nowMs - 60_000.4, toMs: nowMs - 0.6 }, nowMs)).toEqual({
      fromMs: nowMs - 60_000,
      toMs: nowMs - 1,
    })
    expect(clampRange({ fromMs: nowMs - 1000, toMs: nowMs - 61_000 }, nowMs)).toEqual({
      fromMs: nowMs - 61_000,
      toMs: nowMs - 1000,
    })
  })

  it('grows a range shorter than ten seconds around its middle', () => {
    expect(clampRange({ fromMs: nowMs - 62_000, toMs: nowMs - 60_000 }, nowMs)).toEqual({
      fromMs: nowMs - 66_000,
      toMs: nowMs - 56_000,
    })
  })

  it('moves a range that ends after now back to end now, keeping its span', () => {
    expect(clampRange({ fromMs: nowMs - 30_000, toMs: nowMs + 30_000 }, nowMs)).toEqual({
      fromMs: nowMs - 60_000,
      toMs: nowMs,
    })
  })

  it('cuts a range longer than the recorder keeps anything to its newest 400 days', () => {
    expect(clampRange({ fromMs: 0, toMs: nowMs }, nowMs)).toEqual({ fromMs: nowMs - longestRangeMs, toMs: nowMs })
  })
})

describe('panRange', () => {
  const nowMs = 1_800_000_000_000

  it('moves by half the span, back or forward, and forward no later than now', () => {
    const range = { fromMs: nowMs - 7_200_000, toMs: nowMs - 3_600_000 }
    expect(panRange(range, -1, nowMs)).toEqual({ fromMs: nowMs - 9_000_000, toMs: nowMs - 5_400_000 })
    expect(panRange(range, 1, nowMs)).toEqual({ fromMs: nowMs - 5_400_000, toMs: nowMs - 1_800_000 })
    expect(panRange(panRange(range, 1, nowMs), 1, nowMs)).toEqual({ fromMs: nowMs - 3_600_000, toMs: nowMs })
  })
})

describe('describeSpan', () => {
  it('names a window by its label, any other span in days, hours and minutes', () => {
    expect(describeSpan(604_800_000)).toBe('7 d')
    expect(describeSpan(9_000_000)).toBe('2 h 30 min')
    expect(describeSpan(90_000_000)).toBe('1 d 1 h')
    expect(describeSpan(20_000)).toBe('20 s')
  })
})

describe('firstIndexAtOrAfter', () => {
  it('finds the first time at or after the one asked for', () => {
    expect(firstIndexAtOrAfter(t, 0)).toBe(0)
    expect(firstIndexAtOrAfter(t, 3000)).toBe(2)
    expect(firstIndexAtOrAfter(t, 3001)).toBe(3)
    expect(firstIndexAtOrAfter(t, 9000)).toBe(5)
    expect(firstIndexAtOrAfter([], 1)).toBe(0)
  })
})

describe('sliceToRange', () => {
  it('keeps the rows in the range and one before it, copying the arrays', () => {
    const [times, column] = sliceToRange(t, [values], { fromMs: 2500, toMs: 4000 })
    expect(times).toEqual([2000, 3000, 4000])
    expect(column).toEqual([null, 30, 40])
    times.push(1)
    expect(t).toHaveLength(5)
  })

  it('is empty when the range is before or after the data', () => {
    expect(sliceToRange(t, [values], { fromMs: 9000, toMs: 10_000 })[0]).toEqual([5000])
    expect(sliceToRange(t, [values], { fromMs: 0, toMs: 500 })[0]).toEqual([])
  })
})

describe('statsInRange', () => {
  it('gives min, average, max and the newest value inside the range, skipping gaps', () => {
    expect(statsInRange(t, values, { fromMs: 1000, toMs: 4000 })).toEqual({ min: 10, avg: 80 / 3, max: 40, last: 40 })
    expect(statsInRange(t, values, { fromMs: 2000, toMs: 2000 })).toBeUndefined()
  })

  it('reads steps with bands as lowest minimum, mean of averages and highest maximum', () => {
    const band = { min: [1, 2, 0], avg: [5, 6, 7], max: [9, 12, 8] }
    expect(bandStatsInRange([0, 60_000, 120_000], band, { fromMs: 60_000, toMs: 120_000 })).toEqual({
      min: 0,
      avg: 6.5,
      max: 12,
      last: 7,
    })
    const gaps = { min: [null], avg: [null], max: [null] }
    expect(bandStatsInRange([0], gaps, { fromMs: 0, toMs: 120_000 })).toBeUndefined()
  })
})

describe('lastValue', () => {
  it('is the newest value that is not a gap', () => {
    expect(lastValue([1, 2, null])).toBe(2)
    expect(lastValue([null])).toBeUndefined()
  })
})
