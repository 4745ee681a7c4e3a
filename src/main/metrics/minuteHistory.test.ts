import { describe, expect, it } from 'vitest'
import type { MetricSample } from '../../shared/protocol'
import { createMinuteHistory, minuteMs } from './minuteHistory'
import { createSampleHistory } from './sampleHistory'

const at = (minute: number, second: number) => minute * minuteMs + second * 1000

/** A minute history over a sample history, fed as the sampler feeds them: push, then follow. */
function histories(capacity: number) {
  const samples = createSampleHistory({ capacity: 200, maxSeries: 8 })
  const minutes = createMinuteHistory({ capacity, maxSeries: 8, samples })
  let seq = 0
  const add = (t: number, values: MetricSample['values']) => {
    const sample = { seq: seq++, t, values }
    samples.push(sample)
    minutes.follow(sample)
  }
  return { minutes, add }
}

describe('minute history', () => {
  it('closes each minute with the min, average and max of every series', () => {
    const { minutes, add } = histories(10)
    add(at(4, 59), { cpu_total_pct: 99 })
    ;[10, 20, 60].forEach((value, second) => add(at(5, second), { cpu_total_pct: value }))
    expect(minutes.size).toBe(1)
    add(at(6, 0), { cpu_total_pct: 1 })
    expect(minutes.columns()).toEqual({
      t: [at(4, 0), at(5, 0)],
      values: { cpu_total_pct: { min: [99, 10], avg: [99, 30], max: [99, 60] } },
    })
  })

  it('sums a series up over the samples of the minute that have it', () => {
    const { minutes, add } = histories(10)
    add(at(0, 0), { a: 1 })
    add(at(0, 1), { a: 3, b: 5 })
    add(at(0, 2), { a: 2 })
    add(at(1, 0), { a: 0 })
    expect(minutes.columns()).toEqual({
      t: [at(0, 0)],
      values: { a: { min: [1], avg: [2], max: [3] }, b: { min: [5], avg: [5], max: [5] } },
    })
  })

  it('leaves a minute without samples out, so a sleeping machine shows as a gap', () => {
    const { minutes, add } = histories(10)
    add(at(1, 0), { a: 1 })
    add(at(4, 0), { a: 2 })
    add(at(5, 0), { a: 3 })
    expect(minutes.columns().t).toEqual([at(1, 0), at(4, 0)])
  })

  it('keeps only its capacity of minutes, oldest first', () => {
    const { minutes, add } = histories(3)
    for (let minute = 0; minute < 6; minute += 1) add(at(minute, 0), { a: minute })
    const columns = minutes.columns()
    expect(columns.t).toEqual([at(2, 0), at(3, 0), at(4, 0)])
    expect(columns.values.a!.avg).toEqual([2, 3, 4])
  })

  it('reads a range of minutes for exports: min, avg and max of each series, NaN where none', () => {
    const { minutes, add } = histories(3)
    for (let minute = 0; minute < 6; minute += 1) {
      add(at(minute, 0), { a: minute, ...(minute === 3 ? { b: 7 } : {}) })
      add(at(minute, 30), { a: minute + 1 })
    }
    expect(minutes.minutesBetween(at(3, 0), at(9, 0))).toEqual({ first: 3, last: 4 })
    const read = minutes.reader(['a', 'b'])
    const cells = new Float64Array(6)
    expect(read(3, cells)).toBe(at(3, 0))
    expect([...cells]).toEqual([3, 3.5, 4, 7, 7, 7])
    expect(read(4, cells)).toBe(at(4, 0))
    expect([...cells]).toEqual([4, 4.5, 5, Number.NaN, Number.NaN, Number.NaN])
    expect(read(1, cells)).toBeUndefined()
    expect(read(5, cells)).toBeUndefined()
  })
})
