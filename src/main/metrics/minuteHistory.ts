// The 24-hour tier: per minute, the min, average and max of every series, in fixed-size columns
// (1,440 minutes). A minute that had no samples (machine asleep) has no entry, so it shows as a gap.
// A minute is summed up once, when it closes, from the one-second samples the sample history still
// holds: nothing is accumulated per series every second.
import type { MetricSample, MinuteColumns } from '../../shared/protocol'
import { indexesWithin, type SampleHistory } from './sampleHistory'

export const minuteMs = 60_000

export interface MinuteHistory {
  /**
   * Follows the sample history: called with each sample just after it was pushed there. A sample that
   * opens a new minute closes the minute before it.
   */
  follow(sample: MetricSample): void
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

interface Column {
  min: Float64Array
  avg: Float64Array
  max: Float64Array
  lastSeenIndex: number
}

export interface MinuteHistoryOptions {
  capacity: number
  maxSeries: number
  /** Holds at least a minute of samples. */
  samples: SampleHistory
}

export function createMinuteHistory({ capacity, maxSeries, samples }: MinuteHistoryOptions): MinuteHistory {
  const starts = new Float64Array(capacity)
  const columns = new Map<string, Column>()
  let written = 0
  let currentMinute: number | undefined
  let currentFirstSeq = 0
  // Bumped whenever a column comes or goes, so readers know to look their columns up again.
  let layout = 0

  /** Writes the minute that started at `minuteStart` and holds the samples `firstSeq`…`lastSeq`. */
  function close(minuteStart: number, firstSeq: number, lastSeq: number): void {
    const index = written % capacity
    starts[index] = minuteStart
    for (const [key, column] of columns) {
      if (written - column.lastSeenIndex >= capacity) {
        columns.delete(key)
        layout += 1
      } else column.min[index] = column.avg[index] = column.max[index] = Number.NaN
    }
    samples.summarize(firstSeq, lastSeq, (key, min, max, sum, count) => {
      let column = columns.get(key)
      if (!column) {
        if (columns.size >= maxSeries) return
        const empty = () => new Float64Array(capacity).fill(Number.NaN)
        column = { min: empty(), avg: empty(), max: empty(), lastSeenIndex: written }
        columns.set(key, column)
        layout += 1
      }
      column.min[index] = min
      column.avg[index] = sum / count
      column.max[index] = max
      column.lastSeenIndex = written
    })
    written += 1
  }

  return {
    follow(sample) {
      const minute = Math.floor(sample.t / minuteMs) * minuteMs
      if (minute === currentMinute) return
      if (currentMinute !== undefined) close(currentMinute, currentFirstSeq, sample.seq - 1)
      currentMinute = minute
      currentFirstSeq = sample.seq
    },
    columns() {
      const count = Math.min(written, capacity)
      const indexes = Array.from({ length: count }, (_, offset) => (written - count + offset) % capacity)
      const toNullable = (array: Float64Array) =>
        indexes.map((index) => (Number.isNaN(array[index]!) ? null : array[index]!))
      const values: MinuteColumns['values'] = {}
      for (const [key, column] of columns)
        values[key] = { min: toNullable(column.min), avg: toNullable(column.avg), max: toNullable(column.max) }
      return { t: indexes.map((index) => starts[index]!), values }
    },
    minutesBetween: (from, to) =>
      indexesWithin(
        written - Math.min(written, capacity),
        written - 1,
        (minute) => starts[minute % capacity]!,
        from,
        to,
      ),
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
