// Log lines per second for the Metrics charts, as pure work on the recorder's log-activity answers: the counts
// held per source and bucket (a second, or a minute for 24 h), the lines of one choice (a source or all, a level
// or all), and those lines as a column laid on a chart's own times. A chart's times are its samples (or its
// minutes), so a log rate has a point where the chart has one and a gap where it has a gap: a second with no
// sample was not held by the recorder, and is never drawn as zero lines.
import { activityLevels, type ActivityLevel, type LogActivity } from '../../../../shared/recorder'
import type { ChartLine, ChartSpec } from './chartCatalog'
import { estimateIntervalMs, type Column } from './columns'

/** The levels the charts tell apart, most severe first; `other` is a line with no level Vigil could read. */
export const rateLevels = ['error', 'warn', 'info', 'debug', 'other'] as const
export type RateLevel = (typeof rateLevels)[number]

const levelsOf: Record<RateLevel, readonly ActivityLevel[]> = {
  error: ['error', 'fatal'],
  warn: ['warn'],
  info: ['info'],
  debug: ['debug', 'trace'],
  other: ['unleveled'],
}

const levelLines: Record<RateLevel, Pick<ChartLine, 'label' | 'color'>> = {
  error: { label: 'error', color: 1 },
  warn: { label: 'warn', color: 2 },
  info: { label: 'info', color: 0 },
  debug: { label: 'debug', color: 4 },
  other: { label: 'no level', color: 7 },
}

/** The Log lines chart: one line per level of `rateLevels`, in that order (red errors, amber warnings). */
export const logLinesChart: ChartSpec = {
  id: 'log-lines',
  title: 'Log lines',
  unit: 'lines_per_s',
  lines: rateLevels.map((level) => ({ key: `log_${level}`, ...levelLines[level] })),
  notes: [],
}

/** What one line of a chart counts: one source (by id) or all, one level or all. */
export interface RateChoice {
  source: string | undefined
  level: RateLevel | 'all'
}

/** The counts held: by source, bucket start (epoch ms) → lines per level, in `activityLevels` order. */
export interface HeldRates {
  bucketMs: number
  /** The span the counts answer for: a bucket outside it is unknown, not empty. */
  fromMs: number
  toMs: number
  bySource: Map<string, Map<number, number[]>>
}

export function emptyRates(bucketMs: number): HeldRates {
  return { bucketMs, fromMs: Number.POSITIVE_INFINITY, toMs: Number.NEGATIVE_INFINITY, bySource: new Map() }
}

/**
 * Lays an answer over the counts held: its range replaces what was held there (a second still being counted
 * comes again, whole), and buckets that start before `keepFromMs` go.
 */
export function mergeActivity(held: HeldRates, answer: LogActivity, keepFromMs: number): HeldRates {
  const bySource = new Map<string, Map<number, number[]>>()
  for (const [source, buckets] of held.bySource) {
    const kept = new Map([...buckets].filter(([t]) => t >= keepFromMs && (t < answer.from || t > answer.to)))
    if (kept.size > 0) bySource.set(source, kept)
  }
  for (const [source, activity] of Object.entries(answer.sources)) {
    const buckets = bySource.get(source) ?? new Map<number, number[]>()
    activity.t.forEach((t, index) => {
      if (t >= keepFromMs)
        buckets.set(
          t,
          activityLevels.map((level) => activity.levels[level][index] ?? 0),
        )
    })
    if (buckets.size > 0) bySource.set(source, buckets)
  }
  const touches = answer.from <= held.toMs + held.bucketMs && answer.to + 1 >= held.fromMs
  return {
    bucketMs: held.bucketMs,
    fromMs: Math.max(keepFromMs, touches ? Math.min(held.fromMs, answer.from) : answer.from),
    toMs: touches ? Math.max(held.toMs, answer.to + 1) : answer.to + 1,
    bySource,
  }
}

/** The lines of `choice` per bucket start. */
export function linesOf(held: HeldRates, choice: RateChoice): Map<number, number> {
  const indexes = (choice.level === 'all' ? activityLevels : levelsOf[choice.level]).map((level) =>
    activityLevels.indexOf(level),
  )
  const lines = new Map<number, number>()
  for (const [source, buckets] of held.bySource) {
    if (choice.source !== undefined && source !== choice.source) continue
    for (const [t, counts] of buckets)
      lines.set(t, (lines.get(t) ?? 0) + indexes.reduce((sum, index) => sum + counts[index]!, 0))
  }
  return lines
}

/**
 * How a chart's times read: `samples` are moments, each the end of about a second (the live charts); `buckets`
 * are the starts of `stepMs` each (the minutes of 24 h).
 */
export type ChartTimes = { kind: 'samples' } | { kind: 'buckets'; stepMs: number }

/** A time followed by a longer silence than this many intervals is the last before a gap. */
const gapIntervals = 2.5

/**
 * Lines per second of `lines` (counts per bucket of `held.bucketMs`) at each of the chart's times `x`: a sample
 * takes the bucket around the middle of its second; a bucket of the chart sums the log buckets it holds. Null
 * where the chart's own `columns` are all null (a gap row: no sample was taken) or time jumps after the row,
 * and where the counts do not reach (not read yet, or still being counted).
 */
export function rateColumn(
  x: readonly number[],
  columns: readonly Column[],
  lines: ReadonlyMap<number, number>,
  held: HeldRates,
  times: ChartTimes,
): Column {
  const { bucketMs } = held
  const intervalMs = times.kind === 'buckets' ? times.stepMs : estimateIntervalMs(x as number[])
  const isCovered = (fromMs: number, toMs: number) => fromMs >= held.fromMs && toMs <= held.toMs
  return x.map((time, index) => {
    const next = x[index + 1]
    if (next !== undefined && next - time > intervalMs * gapIntervals) return null
    if (columns.every((column) => column[index] === null || column[index] === undefined)) return null
    if (times.kind === 'samples') {
      const bucket = Math.floor((time - bucketMs / 2) / bucketMs) * bucketMs
      if (!isCovered(bucket, bucket + bucketMs)) return null
      return ((lines.get(bucket) ?? 0) * 1000) / bucketMs
    }
    if (!isCovered(time, time + times.stepMs)) return null
    let sum = 0
    for (let bucket = Math.ceil(time / bucketMs) * bucketMs; bucket < time + times.stepMs; bucket += bucketMs)
      sum += lines.get(bucket) ?? 0
    return (sum * 1000) / times.stepMs
  })
}
