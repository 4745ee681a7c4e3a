// The recorder's read side: every query is checked against its budget before it reads, and answers at
// most the points it was asked for. A step of one second reads the samples themselves; a longer step
// sums samples (under a minute) or minute aggregates (a minute or more) into buckets counted from
// `from`. A bucket with no data has no row: a gap stays a gap.
import { VigilError } from '../../shared/errors'
import {
  activityLevels,
  recorderLimits,
  type LogActivity,
  type RecorderEvents,
  type SeriesRange,
  type SourceActivity,
} from '../../shared/recorder'
import type { ActivityRow, JournalStore } from './journalStore'
import type { SeriesStore } from './seriesStore'

export interface SeriesQuery {
  from: number
  to: number
  keys: string[]
  maxPoints: number
  stepSeconds?: number
}

export interface LogActivityQuery {
  from: number
  to: number
  source?: string
  maxPoints: number
}

interface Bucket {
  min: number
  max: number
  sum: number
  count: number
}

/** The step in seconds: the one asked for, checked, or the shortest that keeps the rows within maxPoints. */
export function chooseStep({ from, to, maxPoints, stepSeconds }: Omit<SeriesQuery, 'keys'>): number {
  const spanMs = to - from + 1
  if (stepSeconds === undefined) {
    const step = Math.ceil(spanMs / 1000 / maxPoints)
    return step < 60 ? step : Math.ceil(step / 60) * 60
  }
  const rows = Math.ceil(spanMs / (stepSeconds * 1000))
  if (rows > maxPoints)
    throw new VigilError(
      'bad_request',
      `A step of ${stepSeconds} s over this range gives ${rows} rows, more than maxPoints (${maxPoints}): ask for a longer step or a shorter range.`,
    )
  if (stepSeconds >= 60 && stepSeconds % 60 !== 0)
    throw new VigilError('bad_request', 'A step of a minute or more must be a whole number of minutes (60, 120, …).')
  return stepSeconds
}

function checkBudget(cells: number, what: string): void {
  if (cells > recorderLimits.seriesCellBudget)
    throw new VigilError(
      'bad_request',
      `This query would read ${cells} values (${what}), more than the ${recorderLimits.seriesCellBudget} one query may: ask for fewer series, a shorter range or a longer step.`,
    )
}

function addTo(buckets: Map<number, Bucket>, index: number, min: number, max: number, sum: number, count: number) {
  const bucket = buckets.get(index)
  if (!bucket) buckets.set(index, { min, max, sum, count })
  else {
    bucket.min = Math.min(bucket.min, min)
    bucket.max = Math.max(bucket.max, max)
    bucket.sum += sum
    bucket.count += count
  }
}

const round = (value: number) => Math.round(value * 100) / 100

/** Turns per-key buckets into rows: one per bucket index any key has, in order. */
function bucketsToRange(
  query: SeriesQuery,
  stepSeconds: number,
  resolution: SeriesRange['resolution'],
  byKey: Map<string, Map<number, Bucket>>,
): SeriesRange {
  const indexes = [...new Set([...byKey.values()].flatMap((buckets) => [...buckets.keys()]))].sort((a, b) => a - b)
  const stepMs = stepSeconds * 1000
  const range: SeriesRange = {
    from: query.from,
    to: query.to,
    resolution,
    stepSeconds,
    t: indexes.map((index) => query.from + index * stepMs),
    values: {},
    min: {},
    max: {},
  }
  for (const [key, buckets] of byKey) {
    range.values[key] = indexes.map((index) => {
      const bucket = buckets.get(index)
      return bucket ? round(bucket.sum / bucket.count) : null
    })
    range.min![key] = indexes.map((index) => buckets.get(index)?.min ?? null)
    range.max![key] = indexes.map((index) => buckets.get(index)?.max ?? null)
  }
  return range
}

export function querySeries(store: SeriesStore, query: SeriesQuery): SeriesRange {
  const stepSeconds = chooseStep(query)
  const { from, to, keys } = query
  const stepMs = stepSeconds * 1000
  const byKey = new Map(keys.map((key) => [key, new Map<number, Bucket>()]))
  if (stepSeconds < 60) {
    const samples = store.countSamples(from, to)
    checkBudget(samples * keys.length, `${samples} samples × ${keys.length} series`)
    const raw = store.readRaw(from, to, keys)
    if (stepSeconds === 1 && raw.t.length <= query.maxPoints) {
      const values: SeriesRange['values'] = {}
      for (const [key, column] of raw.values) values[key] = column.map((value) => (Number.isNaN(value) ? null : value))
      return { from, to, resolution: 'second', stepSeconds, t: raw.t, values }
    }
    for (const [key, column] of raw.values) {
      const buckets = byKey.get(key)!
      column.forEach((value, at) => {
        if (!Number.isNaN(value)) addTo(buckets, Math.floor((raw.t[at]! - from) / stepMs), value, value, value, 1)
      })
    }
    return bucketsToRange(query, stepSeconds, 'second', byKey)
  }
  const days = store.countDays(from, to)
  checkBudget(days * 1440 * keys.length, `${days} days of minutes × ${keys.length} series`)
  // The samples of the run still open have no minute aggregates yet: they are summed here.
  const open = store.readOpen(from, to, keys)
  for (const [key, column] of open.values) {
    const buckets = byKey.get(key)!
    column.forEach((value, at) => {
      if (!Number.isNaN(value)) addTo(buckets, Math.floor((open.t[at]! - from) / stepMs), value, value, value, 1)
    })
  }
  for (const key of keys) {
    const minutes = store.readMinutes(from, to, key)
    const buckets = byKey.get(key)!
    minutes.t.forEach((t, at) =>
      addTo(
        buckets,
        Math.floor((Math.max(t, from) - from) / stepMs),
        minutes.min[at]!,
        minutes.max[at]!,
        minutes.avg[at]! * minutes.count[at]!,
        minutes.count[at]!,
      ),
    )
  }
  return bucketsToRange(query, stepSeconds, 'minute', byKey)
}

/** The pending rows of [fromSecond, toSecond] (and `source`, if named) after the written ones, in order of seconds. */
function withPending(
  written: ActivityRow[],
  pending: readonly ActivityRow[],
  fromSecond: number,
  toSecond: number,
  source: string | undefined,
): ActivityRow[] {
  const inRange = pending.filter(
    (row) => row.second >= fromSecond && row.second <= toSecond && (source === undefined || row.source === source),
  )
  // A stable sort: a second both written and pending keeps its written part first, so the pending position wins.
  return inRange.length === 0 ? written : [...written, ...inRange].sort((a, b) => a.second - b.second)
}

/**
 * Lines per level and source over a range, summed per step. `pending` is what the writer counted but has not
 * written yet: added to the written rows, it keeps the newest seconds in the answer between writes.
 */
export function queryLogActivity(
  journal: JournalStore,
  query: LogActivityQuery,
  pending: readonly ActivityRow[] = [],
): LogActivity {
  const { from, to, source, maxPoints } = query
  const stepSeconds = chooseStep({ from, to, maxPoints })
  const budget = recorderLimits.logRowBudget
  const fromSecond = Math.floor(from / 1000)
  const toSecond = Math.floor(to / 1000)
  const rows = withPending(
    journal.activity(fromSecond, toSecond, source, budget + 1),
    pending,
    fromSecond,
    toSecond,
    source,
  )
  if (rows.length > budget)
    throw new VigilError(
      'bad_request',
      `This range holds more than ${budget} seconds of log activity: ask for a shorter range or one source.`,
    )
  const sources: Record<string, SourceActivity> = {}
  const stepMs = stepSeconds * 1000
  for (const row of rows) {
    const activity = (sources[row.source] ??= {
      t: [],
      lines: [],
      levels: Object.fromEntries(activityLevels.map((level) => [level, []])) as unknown as SourceActivity['levels'],
      position: [],
    })
    const t = from + Math.floor((Math.max(row.second * 1000, from) - from) / stepMs) * stepMs
    const lines = activityLevels.reduce((sum, level) => sum + row.levels[level], 0)
    const last = activity.t.length - 1
    if (activity.t[last] === t) {
      activity.lines[last]! += lines
      for (const level of activityLevels) activity.levels[level][last]! += row.levels[level]
      activity.position[last] = row.position
    } else {
      activity.t.push(t)
      activity.lines.push(lines)
      for (const level of activityLevels) activity.levels[level].push(row.levels[level])
      activity.position.push(row.position)
    }
  }
  return { from, to, stepSeconds, sources }
}

export function queryEvents(
  journal: JournalStore,
  { from, to, limit }: { from: number; to: number; limit: number },
): RecorderEvents {
  const marks = journal.marks(from, to, limit + 1)
  const episodes = journal.episodes(from, to, limit + 1)
  return {
    marks: marks.slice(0, limit),
    episodes: episodes.slice(0, limit),
    isTruncated: marks.length > limit || episodes.length > limit,
  }
}
