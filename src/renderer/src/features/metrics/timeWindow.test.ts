import { describe, expect, it } from 'vitest'
import {
  firstIndexAtOrAfter,
  lastValue,
  minuteStatsInRange,
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

  it('reads minute aggregates as lowest minimum, mean of averages and highest maximum', () => {
    const minutes = { t: [0, 60_000, 120_000], values: { a: { min: [1, 2, 0], avg: [5, 6, 7], max: [9, 12, 8] } } }
    expect(minuteStatsInRange(minutes, 'a', { fromMs: 60_000, toMs: 120_000 })).toEqual({
      min: 0,
      avg: 6.5,
      max: 12,
      last: 7,
    })
    expect(minuteStatsInRange(minutes, 'missing', { fromMs: 0, toMs: 120_000 })).toBeUndefined()
  })
})

describe('lastValue', () => {
  it('is the newest value that is not a gap', () => {
    expect(lastValue([1, 2, null])).toBe(2)
    expect(lastValue([null])).toBeUndefined()
  })
})
