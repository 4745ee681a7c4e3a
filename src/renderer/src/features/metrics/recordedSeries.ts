// Series over a past range, from the recorder (GET /api/recorder/series). The step is chosen here so a chart
// never gets more rows than it has pixels across; the keys are split into requests that each stay within the
// recorder's budget of values read (the server refuses a request over it), and the answers, bucketed on the
// same grid, are merged back into one table: [t, averages…, minimums…, maximums…], with a null row where a
// step had no sample, so no line is drawn across a gap.
import { recorderLimits, recorderRoutes, type SeriesRange } from '../../../../shared/recorder'
import { api } from '../../lib/api'
import { estimateIntervalMs, withGapRows, type Column } from './columns'
import type { TimeRange } from './timeWindow'

export interface SeriesRequest {
  fromMs: number
  toMs: number
  stepSeconds: number
  /** The rows the request may answer: every step of the range. */
  maxPoints: number
  /** The keys of each request, in order. */
  keyGroups: string[][]
}

/** The recorded averages of each key over a range, with each step's lowest and highest value. */
export interface RecordedTable {
  t: number[]
  avg: Column[]
  min: Column[]
  max: Column[]
}

const minuteSeconds = 60
const dayMs = 86_400_000
/** The recorder keeps a sample a second; a core sampling faster (tests: every 250 ms) records up to this many. */
const samplesPerSecondAtMost = 4

/**
 * The step, in seconds, for a range drawn `widthPx` wide: the shortest that gives at most `widthPx` rows even
 * when the range's start is moved back to the step's grid. Under a minute the recorder sums its samples;
 * from a minute on, its minute aggregates, so the step is then a whole number of minutes.
 */
export function chooseStepSeconds(spanMs: number, widthPx: number): number {
  const usable = Math.max(1, Math.floor(widthPx) - 2)
  const step = Math.max(1, Math.ceil(spanMs / 1000 / usable))
  return step < minuteSeconds ? step : Math.ceil(step / minuteSeconds) * minuteSeconds
}

/** Values one key costs the recorder over the range at this step: samples under a minute, else a day of minutes per day touched. */
function cellsPerKey(fromMs: number, toMs: number, stepSeconds: number): number {
  if (stepSeconds < minuteSeconds) return Math.ceil(((toMs - fromMs) / 1000 + 1) * samplesPerSecondAtMost)
  return (Math.floor(toMs / dayMs) - Math.floor(fromMs / dayMs) + 1) * 1440
}

/** The requests that draw `keys` over `range` at most `widthPx` points wide, each within the recorder's limits. */
export function planSeriesRequest(range: TimeRange, widthPx: number, keys: readonly string[]): SeriesRequest {
  const stepSeconds = chooseStepSeconds(range.toMs - range.fromMs, widthPx)
  const stepMs = stepSeconds * 1000
  // On the step's grid, so the buckets stay where they were as a live range moves, and requests repeat exactly.
  const fromMs = Math.floor(range.fromMs / stepMs) * stepMs
  const toMs = Math.ceil(range.toMs)
  const perKey = cellsPerKey(fromMs, toMs, stepSeconds)
  const groupSize = Math.max(
    1,
    Math.min(recorderLimits.maxKeys, Math.floor(recorderLimits.seriesCellBudget / Math.max(perKey, 1))),
  )
  const keyGroups: string[][] = []
  for (let start = 0; start < keys.length; start += groupSize) keyGroups.push(keys.slice(start, start + groupSize))
  const maxPoints = Math.min(recorderLimits.maxPoints, Math.ceil((toMs - fromMs + 1) / stepMs))
  return { fromMs, toMs, stepSeconds, maxPoints, keyGroups }
}

/** Merges the answers (one per key group, the keys in the order given) into one table with gap rows. */
export function mergeSeriesRanges(answers: readonly SeriesRange[], keys: readonly string[]): RecordedTable {
  const times = [...new Set(answers.flatMap((answer) => answer.t))].sort((a, b) => a - b)
  const rowOf = new Map(times.map((time, row) => [time, row]))
  const empty = () => new Array<number | null>(times.length).fill(null)
  const columns = { avg: keys.map(empty), min: keys.map(empty), max: keys.map(empty) }
  const indexOfKey = new Map(keys.map((key, index) => [key, index]))
  for (const answer of answers)
    for (const [key, values] of Object.entries(answer.values)) {
      const index = indexOfKey.get(key)
      if (index === undefined) continue
      // A one-second answer has no minimum or maximum: the sample is both.
      const lows = answer.min?.[key] ?? values
      const highs = answer.max?.[key] ?? values
      answer.t.forEach((time, at) => {
        const row = rowOf.get(time)!
        columns.avg[index]![row] = values[at] ?? null
        columns.min[index]![row] = lows[at] ?? null
        columns.max[index]![row] = highs[at] ?? null
      })
    }
  const isBucketed = answers.some((answer) => answer.min !== undefined)
  const stepMs = (answers[0]?.stepSeconds ?? 1) * 1000
  // Buckets: a step with no row had no sample. Samples: a pause longer than a few intervals is a gap.
  const intervalMs = isBucketed ? stepMs : estimateIntervalMs(times)
  const gapped = withGapRows(
    times,
    [...columns.avg, ...columns.min, ...columns.max],
    intervalMs,
    isBucketed ? stepMs * 1.5 : undefined,
  )
  const count = keys.length
  return {
    t: gapped.t,
    avg: gapped.columns.slice(0, count),
    min: gapped.columns.slice(count, 2 * count),
    max: gapped.columns.slice(2 * count),
  }
}

/** Reads `keys` over `range` from the recorder at a step that gives at most `widthPx` rows. */
export async function fetchRecorded(
  range: TimeRange,
  widthPx: number,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<RecordedTable> {
  const request = planSeriesRequest(range, widthPx, keys)
  const answers = await Promise.all(
    request.keyGroups.map((group) => {
      const query = new URLSearchParams({
        from: String(request.fromMs),
        to: String(request.toMs),
        keys: group.join(','),
        stepSeconds: String(request.stepSeconds),
        maxPoints: String(request.maxPoints),
      })
      return api.get<SeriesRange>(`${recorderRoutes.series}?${query.toString()}`, signal)
    }),
  )
  return mergeSeriesRanges(answers, keys)
}
