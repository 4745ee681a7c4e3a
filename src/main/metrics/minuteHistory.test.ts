import { describe, expect, it } from 'vitest'
import { createMinuteHistory, minuteMs } from './minuteHistory'

const at = (minute: number, second: number) => minute * minuteMs + second * 1000

describe('minute history', () => {
  it('closes each minute with the min, average and max of every series', () => {
    const minutes = createMinuteHistory({ capacity: 10, maxSeries: 8 })
    ;[10, 20, 60].forEach((value, index) => minutes.add({ seq: index, t: at(5, index), values: { cpu_total_pct: value } }))
    expect(minutes.size).toBe(0)
    minutes.add({ seq: 3, t: at(6, 0), values: { cpu_total_pct: 1 } })
    expect(minutes.columns()).toEqual({ t: [at(5, 0)], values: { cpu_total_pct: { min: [10], avg: [30], max: [60] } } })
  })

  it('leaves a minute without samples out, so a sleeping machine shows as a gap', () => {
    const minutes = createMinuteHistory({ capacity: 10, maxSeries: 8 })
    minutes.add({ seq: 0, t: at(1, 0), values: { a: 1 } })
    minutes.add({ seq: 1, t: at(4, 0), values: { a: 2 } })
    minutes.add({ seq: 2, t: at(5, 0), values: { a: 3 } })
    expect(minutes.columns().t).toEqual([at(1, 0), at(4, 0)])
  })

  it('keeps only its capacity of minutes, oldest first', () => {
    const minutes = createMinuteHistory({ capacity: 3, maxSeries: 8 })
    for (let minute = 0; minute < 6; minute += 1) minutes.add({ seq: minute, t: at(minute, 0), values: { a: minute } })
    const columns = minutes.columns()
    expect(columns.t).toEqual([at(2, 0), at(3, 0), at(4, 0)])
    expect(columns.values.a!.avg).toEqual([2, 3, 4])
  })

  it('reads a range of minutes for exports: min, avg and max of each series, NaN where none', () => {
    const minutes = createMinuteHistory({ capacity: 3, maxSeries: 8 })
    for (let minute = 0; minute < 6; minute += 1) {
      minutes.add({ seq: minute * 2, t: at(minute, 0), values: { a: minute, ...(minute === 3 ? { b: 7 } : {}) } })
      minutes.add({ seq: minute * 2 + 1, t: at(minute, 30), values: { a: minute + 1 } })
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
