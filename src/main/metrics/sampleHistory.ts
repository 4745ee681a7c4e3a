// The fast tier's history: one hour of one-second samples in fixed-size columns (a Float64Array per
// series, indexed by seq modulo the capacity). Memory is bounded whatever the uptime:
// capacity × (series + 1) × 8 bytes, with at most `maxSeries` series; a series not seen for a whole
// capacity (an interface that went away an hour ago) gives its column back.
import type { MetricSample, SampleColumns } from '../../shared/protocol'

export interface SampleHistory {
  push(sample: MetricSample): void
  /** Samples with seq greater than `seq`, or undefined when some of them have already been overwritten. */
  after(seq: number): MetricSample[] | undefined
  /** Samples no older than `windowMs` before the newest one, in columns. */
  window(windowMs: number): SampleColumns
  /** Seqs of the kept samples with from ≤ t ≤ to, oldest first; undefined when there are none. */
  seqsBetween(from: number, to: number): { first: number; last: number } | undefined
  /**
   * Tells `visit` the min, max, sum and count of each series over the kept samples `first`…`last`; a
   * series with no value among them is not visited.
   */
  summarize(first: number, last: number, visit: SeriesSummaryVisitor): void
  /** Reads `keys` row by row for an export, without copying the history: see RowReader. */
  reader(keys: readonly string[]): RowReader
  readonly size: number
  readonly seriesCount: number
}

export type SeriesSummaryVisitor = (key: string, min: number, max: number, sum: number, count: number) => void

/**
 * Writes the values of one sample into `into` (NaN where it had none) and returns its time, or
 * undefined once the sample has been overwritten: an export that falls a whole history behind cannot
 * go on without a hole.
 */
export type RowReader = (seq: number, into: Float64Array) => number | undefined

/**
 * The first and last of the indexes `oldest`…`newest` whose time lies in [from, to], or undefined when
 * none does. Times are not assumed sorted: a wall clock set back keeps its samples where they came.
 */
export function indexesWithin(
  oldest: number,
  newest: number,
  timeOf: (index: number) => number,
  from: number,
  to: number,
): { first: number; last: number } | undefined {
  let first: number | undefined
  let last: number | undefined
  for (let index = oldest; index <= newest; index += 1) {
    const t = timeOf(index)
    if (t < from || t > to) continue
    first ??= index
    last = index
  }
  return first === undefined || last === undefined ? undefined : { first, last }
}

export interface SampleHistoryOptions {
  capacity: number
  maxSeries: number
  /** Told once when a new series is refused because the table is full. */
  onSeriesLimit?: (key: string) => void
}

interface Column {
  values: Float64Array
  lastSeenSeq: number
}

export function createSampleHistory({ capacity, maxSeries, onSeriesLimit }: SampleHistoryOptions): SampleHistory {
  const times = new Float64Array(capacity)
  const columns = new Map<string, Column>()
  let size = 0
  let newestSeq = -1
  let hasWarned = false
  // Bumped whenever a column comes or goes, so readers know to look their columns up again.
  let layout = 0

  const slot = (seq: number): number => seq % capacity

  function columnFor(key: string, seq: number): Column | undefined {
    const existing = columns.get(key)
    if (existing) return existing
    if (columns.size >= maxSeries) {
      if (!hasWarned) onSeriesLimit?.(key)
      hasWarned = true
      return undefined
    }
    const column = { values: new Float64Array(capacity).fill(Number.NaN), lastSeenSeq: seq }
    columns.set(key, column)
    layout += 1
    return column
  }

  function row(seq: number): MetricSample {
    const index = slot(seq)
    const values: Record<string, number> = {}
    for (const [key, column] of columns) {
      const value = column.values[index]!
      if (!Number.isNaN(value)) values[key] = value
    }
    return { seq, t: times[index]!, values }
  }

  return {
    push(sample) {
      if (newestSeq >= 0 && sample.seq !== newestSeq + 1)
        throw new Error(`sample seq ${sample.seq} does not follow ${newestSeq}`)
      const index = slot(sample.seq)
      times[index] = sample.t
      let filled = 0
      // for…in, not Object.entries: no array per series every second.
      for (const key in sample.values) {
        const column = columnFor(key, sample.seq)
        if (!column) continue
        column.values[index] = sample.values[key]!
        column.lastSeenSeq = sample.seq
        filled += 1
      }
      // Usually the sample has every series and this is skipped: the columns it left out get NaN in its
      // slot (the slot still holds the sample of a capacity ago), or go when unseen for a whole capacity.
      if (filled < columns.size) {
        columns.forEach((column, key) => {
          if (column.lastSeenSeq === sample.seq) return
          if (sample.seq - column.lastSeenSeq >= capacity) {
            columns.delete(key)
            layout += 1
          } else column.values[index] = Number.NaN
        })
      }
      newestSeq = sample.seq
      size = Math.min(size + 1, capacity)
    },
    after(seq) {
      const oldestSeq = newestSeq - size + 1
      if (seq > newestSeq || seq + 1 < oldestSeq) return undefined
      const rows: MetricSample[] = []
      for (let next = seq + 1; next <= newestSeq; next += 1) rows.push(row(next))
      return rows
    },
    window(windowMs) {
      if (size === 0) return { firstSeq: newestSeq + 1, t: [], values: {} }
      const since = times[slot(newestSeq)]! - windowMs
      let firstSeq = newestSeq
      while (firstSeq > newestSeq - size + 1 && times[slot(firstSeq - 1)]! >= since) firstSeq -= 1
      const seqs = Array.from({ length: newestSeq - firstSeq + 1 }, (_, offset) => firstSeq + offset)
      const values: SampleColumns['values'] = {}
      for (const [key, column] of columns) {
        const series = seqs.map((seq) => column.values[slot(seq)]!)
        if (series.some((value) => !Number.isNaN(value)))
          values[key] = series.map((value) => (Number.isNaN(value) ? null : value))
      }
      return { firstSeq, t: seqs.map((seq) => times[slot(seq)]!), values }
    },
    seqsBetween: (from, to) => indexesWithin(newestSeq - size + 1, newestSeq, (seq) => times[slot(seq)]!, from, to),
    summarize(first, last, visit) {
      const from = Math.max(first, newestSeq - size + 1)
      const to = Math.min(last, newestSeq)
      columns.forEach((column, key) => {
        let min = Infinity
        let max = -Infinity
        let sum = 0
        let count = 0
        for (let seq = from; seq <= to; seq += 1) {
          const value = column.values[slot(seq)]!
          if (Number.isNaN(value)) continue
          if (value < min) min = value
          if (value > max) max = value
          sum += value
          count += 1
        }
        if (count > 0) visit(key, min, max, sum, count)
      })
    },
    reader(keys) {
      let seenLayout = -1
      let keyColumns: (Column | undefined)[] = []
      return (seq, into) => {
        if (seq > newestSeq || seq <= newestSeq - size) return undefined
        if (seenLayout !== layout) {
          keyColumns = keys.map((key) => columns.get(key))
          seenLayout = layout
        }
        const index = slot(seq)
        for (let at = 0; at < keyColumns.length; at += 1) into[at] = keyColumns[at]?.values[index] ?? Number.NaN
        return times[index]
      }
    },
    get size() {
      return size
    },
    get seriesCount() {
      return columns.size
    },
  }
}
