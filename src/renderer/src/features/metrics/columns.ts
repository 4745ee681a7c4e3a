// The live metric columns: one time column and one value column per series, the shape uPlot draws.
// Lifecycle: the metrics store holds one instance for the life of the page. A history event replaces it,
// sample events append to it in place (no copy per second), and rows older than the kept age are trimmed
// in batches. A gap in time becomes a null row, so charts break the line instead of bridging the gap.
import type { MetricSample, SampleColumns } from '../../../../shared/protocol'

export type Column = (number | null)[]

export interface MetricColumns {
  t: number[]
  values: Map<string, Column>
  /** seq of the newest sample held; samples at or below it are repeats. */
  lastSeq: number
}

interface AppendResult {
  isChanged: boolean
  /** A series appeared, or one vanished when its last value was trimmed away. */
  haveKeysChanged: boolean
}

/** A pause longer than this many sample intervals is shown as a gap. */
const gapIntervals = 2.5
/** Old rows are dropped this many at a time at least, so the arrays are not shifted every second. */
export const trimBatchRows = 60
const fallbackIntervalMs = 1000
const intervalSampleSize = 16

export function createColumns(): MetricColumns {
  return { t: [], values: new Map(), lastSeq: -1 }
}

/** The usual time between samples: the median of the last few steps (robust to a gap or two). */
export function estimateIntervalMs(t: number[]): number {
  const steps: number[] = []
  for (let index = t.length - 1; index > 0 && steps.length < intervalSampleSize; index -= 1) {
    const step = t[index]! - t[index - 1]!
    if (step > 0) steps.push(step)
  }
  if (steps.length === 0) return fallbackIntervalMs
  steps.sort((a, b) => a - b)
  return steps[Math.floor(steps.length / 2)]!
}

/**
 * Copies `t` and `columns`, with a null row `intervalMs` after each sample followed by a gap: a step longer
 * than `gapMs` (by default a few intervals).
 */
export function withGapRows(
  t: number[],
  columns: Column[],
  intervalMs: number,
  gapMs = intervalMs * gapIntervals,
): { t: number[]; columns: Column[] } {
  const outT: number[] = []
  const outColumns: Column[] = columns.map(() => [])
  t.forEach((time, index) => {
    const previous = outT.at(-1)
    if (previous !== undefined && time - previous > gapMs) {
      outT.push(previous + intervalMs)
      for (const column of outColumns) column.push(null)
    }
    outT.push(time)
    outColumns.forEach((column, columnIndex) => column.push(columns[columnIndex]![index] ?? null))
  })
  return { t: outT, columns: outColumns }
}

function hasValue(column: Column): boolean {
  return column.some((value) => value !== null)
}

export function columnsFromHistory(history: SampleColumns): MetricColumns {
  const keys = Object.keys(history.values).filter((key) => hasValue(history.values[key]!))
  const gapped = withGapRows(
    history.t,
    keys.map((key) => history.values[key]!),
    estimateIntervalMs(history.t),
  )
  return {
    t: gapped.t,
    values: new Map(keys.map((key, index) => [key, gapped.columns[index]!])),
    lastSeq: history.firstSeq + history.t.length - 1,
  }
}

function pushRow(columns: MetricColumns, time: number, values: Record<string, number>): boolean {
  let hasNewKey = false
  for (const key of Object.keys(values)) {
    if (columns.values.has(key)) continue
    columns.values.set(key, new Array<number | null>(columns.t.length).fill(null))
    hasNewKey = true
  }
  columns.t.push(time)
  for (const [key, column] of columns.values) column.push(values[key] ?? null)
  return hasNewKey
}

/** Drops rows older than `oldestMs` once there are enough of them, and series left with no value. */
function trimColumns(columns: MetricColumns, oldestMs: number): boolean {
  let count = 0
  while (count < columns.t.length && columns.t[count]! < oldestMs) count += 1
  if (count < trimBatchRows) return false
  columns.t.splice(0, count)
  let hasDropped = false
  for (const [key, column] of columns.values) {
    column.splice(0, count)
    if (hasValue(column)) continue
    columns.values.delete(key)
    hasDropped = true
  }
  return hasDropped
}

/** Appends the samples newer than the last one held, marking gaps, then trims to `keepMs`. */
export function appendSamples(columns: MetricColumns, samples: MetricSample[], keepMs: number): AppendResult {
  let isChanged = false
  let haveKeysChanged = false
  for (const sample of samples) {
    if (sample.seq <= columns.lastSeq) continue
    const previous = columns.t.at(-1)
    const intervalMs = estimateIntervalMs(columns.t)
    if (previous !== undefined && sample.t - previous > intervalMs * gapIntervals)
      pushRow(columns, previous + intervalMs, {})
    haveKeysChanged = pushRow(columns, sample.t, sample.values) || haveKeysChanged
    columns.lastSeq = sample.seq
    isChanged = true
  }
  const newest = columns.t.at(-1)
  if (isChanged && newest !== undefined) haveKeysChanged = trimColumns(columns, newest - keepMs) || haveKeysChanged
  return { isChanged, haveKeysChanged }
}
