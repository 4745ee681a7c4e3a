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
})
