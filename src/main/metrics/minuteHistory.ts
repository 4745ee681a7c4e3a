// The 24-hour tier: per minute, the min, average and max of every series, in fixed-size columns
// (1,440 minutes). A minute that had no samples (machine asleep) has no entry, so it shows as a gap.
import type { MetricSample, MinuteColumns } from '../../shared/protocol'
import { indexesWithin } from './sampleHistory'

export const minuteMs = 60_000

export interface MinuteHistory {
  add(sample: MetricSample): void
  columns(): MinuteColumns
  /** Numbers of the kept minutes starting within [from, to], oldest first; undefined when there are none. */
  minutesBetween(from: number, to: number): { first: number; last: number } | undefined
  /**
   * Reads `keys` minute by minute for an export: writes min, avg and max of each key into `into`
   * (3 cells a key, NaN where none) and returns the minute's start, or undefined once it was overwritten.
   */
  reader(keys: readonly string[]): (minute: number, into: Float64Array) => number | undefined
  readonly size: number
}

interface Accumulator {
  min: number
  max: number
  sum: number
  count: number
}

interface Column {
  min: Float64Array
  avg: Float64Array
  max: Float64Array
  lastSeenIndex: number
}

export function createMinuteHistory({ capacity, maxSeries }: { capacity: number; maxSeries: number }): MinuteHistory {
  const starts = new Float64Array(capacity)
  const columns = new Map<string, Column>()
  let written = 0
  let currentMinute: number | undefined
  let current = new Map<string, Accumulator>()
  // Bumped whenever a column comes or goes, so readers know to look their columns up again.
  let layout = 0

  function close(minuteStart: number): void {
    const index = written % capacity
    starts[index] = minuteStart
    for (const [key, column] of columns) {
      if (written - column.lastSeenIndex >= capacity) {
        columns.delete(key)
        layout += 1
      } else column.min[index] = column.avg[index] = column.max[index] = Number.NaN
    }
    for (const [key, accumulator] of current) {
      let column = columns.get(key)
      if (!column) {
        if (columns.size >= maxSeries) continue
        const empty = () => new Float64Array(capacity).fill(Number.NaN)
        column = { min: empty(), avg: empty(), max: empty(), lastSeenIndex: written }
        columns.set(key, column)
        layout += 1
      }
      column.min[index] = accumulator.min
      column.avg[index] = accumulator.sum / accumulator.count
      column.max[index] = accumulator.max
      column.lastSeenIndex = written
    }
    written += 1
    current = new Map()
  }

  return {
    add(sample) {
      const minute = Math.floor(sample.t / minuteMs) * minuteMs
      if (currentMinute !== undefined && minute !== currentMinute) close(currentMinute)
      currentMinute = minute
      // for…in, not Object.entries: no array per series every second.
      for (const key in sample.values) {
        const value = sample.values[key]!
        const accumulator = current.get(key)
        if (!accumulator) current.set(key, { min: value, max: value, sum: value, count: 1 })
        else {
          accumulator.min = Math.min(accumulator.min, value)
          accumulator.max = Math.max(accumulator.max, value)
          accumulator.sum += value
          accumulator.count += 1
        }
      }
    },
    columns() {
      const count = Math.min(written, capacity)
      const indexes = Array.from({ length: count }, (_, offset) => (written - count + offset) % capacity)
      const toNullable = (array: Float64Array) => indexes.map((index) => (Number.isNaN(array[index]!) ? null : array[index]!))
      const values: MinuteColumns['values'] = {}
      for (const [key, column] of columns) values[key] = { min: toNullable(column.min), avg: toNullable(column.avg), max: toNullable(column.max) }
      return { t: indexes.map((index) => starts[index]!), values }
    },
    minutesBetween: (from, to) => indexesWithin(written - Math.min(written, capacity), written - 1, (minute) => starts[minute % capacity]!, from, to),
    reader(keys) {
      let seenLayout = -1
      let keyColumns: (Column | undefined)[] = []
      return (minute, into) => {
        if (minute >= written || minute < written - capacity) return undefined
        if (seenLayout !== layout) {
          keyColumns = keys.map((key) => columns.get(key))
          seenLayout = layout
        }
        const index = minute % capacity
        for (let at = 0; at < keyColumns.length; at += 1) {
          const column = keyColumns[at]
          into[at * 3] = column?.min[index] ?? Number.NaN
          into[at * 3 + 1] = column?.avg[index] ?? Number.NaN
          into[at * 3 + 2] = column?.max[index] ?? Number.NaN
        }
        return starts[index]
      }
    },
    get size() {
      return Math.min(written, capacity)
    },
  }
}
