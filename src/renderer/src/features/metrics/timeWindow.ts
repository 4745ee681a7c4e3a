// The time windows a user can look at, the ranges a view can move to (zoomed, panned, typed in), and the
// pure work on a range: cutting columns to it for a chart, and the min/avg/max of a series inside it
// (legends, the AI summary).
import type { Column } from './columns'

export const timeWindows = [
  { id: '1m', label: '1 min', seconds: 60 },
  { id: '5m', label: '5 min', seconds: 300 },
  { id: '15m', label: '15 min', seconds: 900 },
  { id: '1h', label: '1 h', seconds: 3600 },
  { id: '6h', label: '6 h', seconds: 21_600 },
  { id: '24h', label: '24 h', seconds: 86_400 },
  { id: '7d', label: '7 d', seconds: 604_800 },
  { id: '30d', label: '30 d', seconds: 2_592_000 },
] as const

export type TimeWindowId = (typeof timeWindows)[number]['id']

/** The live columns hold this much; a range longer than it, or older, is read from the recorder. */
export const liveHistoryMs = 3_600_000
/** The shortest range a zoom may reach (a drag narrower than this is a click). */
export const shortestRangeMs = 10_000
/** The longest range any view may show: the recorder's minutes are kept 400 days. */
export const longestRangeMs = 400 * 86_400_000

export function isTimeWindowId(id: string | null | undefined): id is TimeWindowId {
  return timeWindows.some((window) => window.id === id)
}

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

/**
 * The range as a view may show it: whole milliseconds, no later than `nowMs`, at least shortestRangeMs and at
 * most longestRangeMs long (a range too short grows around its middle, one too long keeps its end).
 */
export function clampRange({ fromMs, toMs }: TimeRange, nowMs: number): TimeRange {
  let from = Math.round(Math.min(fromMs, toMs))
  let to = Math.round(Math.max(fromMs, toMs))
  if (to - from < shortestRangeMs) {
    const middle = (from + to) / 2
    from = Math.round(middle - shortestRangeMs / 2)
    to = from + shortestRangeMs
  }
  if (to > nowMs) {
    from -= to - nowMs
    to = nowMs
  }
  return { fromMs: Math.max(from, to - longestRangeMs, 0), toMs: to }
}

/** The range moved by half its span, back (-1) or forward (1); forward stops at `nowMs`. */
export function panRange(range: TimeRange, direction: -1 | 1, nowMs: number): TimeRange {
  const shiftMs = ((range.toMs - range.fromMs) / 2) * direction
  return clampRange({ fromMs: range.fromMs + shiftMs, toMs: range.toMs + shiftMs }, nowMs)
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

/** The same over steps with bands: lowest minimum, mean of the averages, highest maximum, newest average. */
export function bandStatsInRange(
  t: number[],
  band: { avg: Column; min: Column; max: Column },
  range: TimeRange,
): SeriesStats | undefined {
  const averages = statsInRange(t, band.avg, range)
  const lows = statsInRange(t, band.min, range)
  const highs = statsInRange(t, band.max, range)
  if (!averages || !lows || !highs) return undefined
  return { min: lows.min, avg: averages.avg, max: highs.max, last: averages.last }
}

/** A span in words: a window's label when it is one, else days, hours and minutes ("2 h 30 min"). */
export function describeSpan(spanMs: number): string {
  const window = timeWindows.find((entry) => entry.seconds * 1000 === spanMs)
  if (window) return window.label
  const minutes = Math.round(spanMs / 60_000)
  if (minutes < 1) return `${Math.round(spanMs / 1000)} s`
  const parts = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor((minutes % 1440) / 60), 'h'],
    [minutes % 60, 'min'],
  ] as const
  return parts
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count} ${unit}`)
    .join(' ')
}

/** The newest non-null value in a column, or undefined. */
export function lastValue(column: Column): number | undefined {
  for (let index = column.length - 1; index >= 0; index -= 1) {
    const value = column[index]
    if (value !== null && value !== undefined) return value
  }
  return undefined
}
