// The time windows a user can look at, and the pure work on a window: cutting columns to it for a chart,
// and the min/avg/max of a series inside it (legends, the AI summary).
import type { MinuteColumns } from '../../../../shared/protocol'
import type { Column } from './columns'

export const timeWindows = [
  { id: '1m', label: '1 min', seconds: 60 },
  { id: '5m', label: '5 min', seconds: 300 },
  { id: '15m', label: '15 min', seconds: 900 },
  { id: '1h', label: '1 h', seconds: 3600 },
  { id: '24h', label: '24 h', seconds: 86_400 },
] as const

export type TimeWindowId = (typeof timeWindows)[number]['id']

/** Windows longer than the per-second history are drawn from the per-minute aggregates. */
export const minuteWindowId: TimeWindowId = '24h'

export function findTimeWindow(id: TimeWindowId): (typeof timeWindows)[number] {
  return timeWindows.find((window) => window.id === id)!
}

export interface TimeRange {
  fromMs: number
  toMs: number
}

export function rangeEndingAt(toMs: number, id: TimeWindowId): TimeRange {
  return { fromMs: toMs - findTimeWindow(id).seconds * 1000, toMs }
}

/** Index of the first time at or after `timeMs` in ascending `t` (t.length when there is none). */
export function firstIndexAtOrAfter(t: number[], timeMs: number): number {
  let low = 0
  let high = t.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (t[middle]! < timeMs) low = middle + 1
    else high = middle
  }
  return low
}

/** The rows in the range as [t, ...columns], with one row before it so lines enter from the left edge. */
export function sliceToRange(t: number[], columns: Column[], { fromMs, toMs }: TimeRange): [number[], ...Column[]] {
  const start = Math.max(0, firstIndexAtOrAfter(t, fromMs) - 1)
  const end = firstIndexAtOrAfter(t, toMs + 1)
  return [t.slice(start, end), ...columns.map((column) => column.slice(start, end))]
}

export interface SeriesStats {
  min: number
  avg: number
  max: number
  /** The newest value in the range. */
  last: number
}

/** Min, average and max of the values of `column` whose time is inside the range; undefined if none. */
export function statsInRange(t: number[], column: Column, { fromMs, toMs }: TimeRange): SeriesStats | undefined {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let sum = 0
  let count = 0
  let last = 0
  for (let index = firstIndexAtOrAfter(t, fromMs); index < t.length && t[index]! <= toMs; index += 1) {
    const value = column[index]
    if (value === null || value === undefined) continue
    min = Math.min(min, value)
    max = Math.max(max, value)
    sum += value
    count += 1
    last = value
  }
  return count === 0 ? undefined : { min, avg: sum / count, max, last }
}

/** The same over minute aggregates: lowest minimum, mean of the averages, highest maximum. */
export function minuteStatsInRange(minutes: MinuteColumns, key: string, range: TimeRange): SeriesStats | undefined {
  const series = minutes.values[key]
  if (!series) return undefined
  const averages = statsInRange(minutes.t, series.avg, range)
  const lows = statsInRange(minutes.t, series.min, range)
  const highs = statsInRange(minutes.t, series.max, range)
  if (!averages || !lows || !highs) return undefined
  return { min: lows.min, avg: averages.avg, max: highs.max, last: averages.last }
}

/** The newest non-null value in a column, or undefined. */
export function lastValue(column: Column): number | undefined {
  for (let index = column.length - 1; index >= 0; index -= 1) {
    const value = column[index]
    if (value !== null && value !== undefined) return value
  }
  return undefined
}
