// A window of the black box summed up, for "Ask AI about this window" over any range: each series' min,
// avg, max and last (from its samples when the window is small enough to read them, from the minute
// aggregates otherwise), the processes that led the snapshots of the window, the log lines per source and
// level, warnings and errors read back from the files that still hold them, and the alerts and marks.
// Every part is bounded by recorderLimits: values decoded, snapshots read, activity rows counted, lines read.
import { VigilError } from '../../shared/errors'
import {
  activityLevels,
  recorderLimits,
  type NotableLine,
  type ProcessSnapshot,
  type ProcessSummary,
  type RecorderSummary,
  type SeriesSummary,
  type SourceSummary,
} from '../../shared/recorder'
import type { ActivityRow, JournalStore } from './journalStore'
import { openEpisodesAt, type ReadLinesBefore } from './moment'
import { queryEvents } from './queries'
import type { SeriesStore } from './seriesStore'

export interface SummaryQuery {
  from: number
  to: number
  keys?: string[]
}

const round = (value: number) => Math.round(value * 100) / 100

/** Folds values into a series summary in time order; undefined until a first value. */
function createSeriesFold() {
  let summary: SeriesSummary | undefined
  let sum = 0
  return {
    add(t: number, min: number, avg: number, max: number, count: number) {
      if (!summary) summary = { min, avg: 0, max, last: avg, lastT: t, samples: 0 }
      summary.min = Math.min(summary.min, min)
      summary.max = Math.max(summary.max, max)
      if (t >= summary.lastT) {
        summary.last = avg
        summary.lastT = t
      }
      sum += avg * count
      summary.samples += count
    },
    result: () => (summary ? { ...summary, avg: round(sum / summary.samples) } : undefined),
  }
}

/**
 * Whether the samples held cover [from, …]: the range starts within them, or nothing older than them is
 * held (the minute of the oldest sample is as old as any minute aggregate).
 */
export function holdsSecondsFrom(store: SeriesStore, from: number): boolean {
  const oldest = store.oldestTime()
  if (oldest === undefined) return false
  const oldestMinute = store.oldestMinute()
  return oldest <= from || oldestMinute === undefined || oldestMinute >= Math.floor(oldest / 60_000) * 60_000
}

/** The series over the range, read at 1 s when they are held and samples × series fit summaryRawCells, else per minute. */
export function summarizeSeries(
  store: SeriesStore,
  { from, to, keys }: Required<SummaryQuery>,
): Pick<RecorderSummary, 'resolution' | 'series'> {
  const series: RecorderSummary['series'] = {}
  const isRaw =
    holdsSecondsFrom(store, from) && store.countSamples(from, to) * keys.length <= recorderLimits.summaryRawCells
  if (isRaw) {
    const raw = store.readRaw(from, to, keys)
    for (const [key, column] of raw.values) {
      const fold = createSeriesFold()
      column.forEach((value, at) => {
        if (!Number.isNaN(value)) fold.add(raw.t[at]!, value, value, value, 1)
      })
      const result = fold.result()
      if (result) series[key] = result
    }
    return { resolution: 'second', series }
  }
  const days = store.countDays(from, to)
  const cells = days * 1440 * keys.length
  if (cells > recorderLimits.seriesCellBudget)
    throw new VigilError(
      'bad_request',
      `Summing up ${keys.length} series over ${days} days would read ${cells} minute values, more than the ${recorderLimits.seriesCellBudget} one query may: ask for fewer series or a shorter range.`,
    )
  // The samples of the run still open have no minute aggregates yet: they are added one by one.
  const open = store.readOpen(from, to, keys)
  for (const key of keys) {
    const fold = createSeriesFold()
    const minutes = store.readMinutes(from, to, key)
    minutes.t.forEach((t, at) => fold.add(t, minutes.min[at]!, minutes.avg[at]!, minutes.max[at]!, minutes.count[at]!))
    open.values.get(key)!.forEach((value, at) => {
      if (!Number.isNaN(value)) fold.add(open.t[at]!, value, value, value, 1)
    })
    const result = fold.result()
    if (result) series[key] = result
  }
  return { resolution: 'minute', series }
}

/** At most `budget` snapshots of the range: all of them, or the first of each of `budget` equal slices. */
function readSnapshots(journal: JournalStore, from: number, to: number, budget: number) {
  const count = journal.countSnapshots(from, to)
  if (count <= budget) return { count, snapshots: journal.snapshots(from, to, budget) }
  const sliceMs = (to - from + 1) / budget
  const snapshots: ProcessSnapshot[] = []
  for (let slice = 0; slice < budget; slice += 1) {
    const start = Math.ceil(from + slice * sliceMs)
    const snapshot = journal.firstSnapshotIn(start, Math.min(to, Math.ceil(from + (slice + 1) * sliceMs) - 1))
    if (snapshot) snapshots.push(snapshot)
  }
  return { count, snapshots }
}

/** The processes that led the snapshots, by peak CPU and by peak memory (one entry per pid and name). */
export function summarizeProcesses(snapshots: readonly ProcessSnapshot[], count: number): RecorderSummary['processes'] {
  const byProcess = new Map<string, ProcessSummary & { cpuSum: number; memSum: number }>()
  for (const { processes } of snapshots)
    for (const process of processes) {
      const id = `${process.pid} ${process.name}`
      const entry = byProcess.get(id)
      if (!entry)
        byProcess.set(id, {
          pid: process.pid,
          name: process.name,
          user: process.user,
          peakCpuPct: process.cpuPct,
          avgCpuPct: 0,
          peakMemBytes: process.memBytes,
          avgMemBytes: 0,
          seen: 1,
          cpuSum: process.cpuPct,
          memSum: process.memBytes,
        })
      else {
        entry.peakCpuPct = Math.max(entry.peakCpuPct, process.cpuPct)
        entry.peakMemBytes = Math.max(entry.peakMemBytes, process.memBytes)
        entry.cpuSum += process.cpuPct
        entry.memSum += process.memBytes
        entry.seen += 1
      }
    }
  const all: ProcessSummary[] = [...byProcess.values()].map(({ cpuSum, memSum, ...entry }) => ({
    ...entry,
    avgCpuPct: round(cpuSum / entry.seen),
    avgMemBytes: Math.round(memSum / entry.seen),
  }))
  const top = (compare: (a: ProcessSummary, b: ProcessSummary) => number) =>
    [...all].sort(compare).slice(0, recorderLimits.summaryProcesses)
  return {
    snapshots: count,
    read: snapshots.length,
    byCpu: top((a, b) => b.peakCpuPct - a.peakCpuPct || b.avgCpuPct - a.avgCpuPct),
    byMemory: top((a, b) => b.peakMemBytes - a.peakMemBytes || b.avgMemBytes - a.avgMemBytes),
  }
}

function summarizeActivity(journal: JournalStore, fromSecond: number, toSecond: number): RecorderSummary['logs'] {
  const budget = recorderLimits.summaryActivityRows
  const totals = journal.activityTotals(fromSecond, toSecond, budget)
  const sources: Record<string, SourceSummary> = {}
  for (const { source, levels } of totals.sources)
    sources[source] = { lines: activityLevels.reduce((sum, level) => sum + levels[level], 0), levels }
  return totals.rows >= budget && totals.lastSecond !== undefined
    ? { sources, countedUntil: totals.lastSecond * 1000 + 999 }
    : { sources }
}

/** Up to `count` items spread evenly over a list, in order. */
export function spreadPick<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]!)
}

const isError = (row: ActivityRow) => row.levels.error + row.levels.fatal > 0

/**
 * The seconds whose lines are read back: those with errors first, spread over the range, then those with
 * only warnings, up to summaryNotableSeconds; in time order.
 */
export function pickNotableSeconds(rows: readonly ActivityRow[]): ActivityRow[] {
  const budget = recorderLimits.summaryNotableSeconds
  const errors = spreadPick(rows.filter(isError), budget)
  const warnings = spreadPick(
    rows.filter((row) => !isError(row)),
    budget - errors.length,
  )
  return [...errors, ...warnings].sort((a, b) => a.second - b.second || a.source.localeCompare(b.source))
}

const notableLevels = new Set(['warn', 'error', 'fatal'])
/** Seconds with warnings or worse that the picking chooses among (the oldest ones, past this). */
const notableRowsConsidered = 10_000

async function notableLines(
  journal: JournalStore,
  readLines: ReadLinesBefore | undefined,
  fromSecond: number,
  toSecond: number,
): Promise<Pick<RecorderSummary, 'notableLines' | 'notableGaps'>> {
  if (!readLines) return { notableLines: [], notableGaps: [] }
  const rows = journal.notableActivity(fromSecond, toSecond, recorderLimits.summaryActivityRows, notableRowsConsidered)
  const chosen = pickNotableSeconds(rows)
  // Read at once, as the time cursor reads its sources: each read waits mostly on the file.
  const reads = await Promise.all(
    chosen.map((row) =>
      readLines(
        row.source,
        row.position,
        Math.min(
          recorderLimits.momentLinesPerSource,
          activityLevels.reduce((sum, level) => sum + row.levels[level], 0),
        ),
      ),
    ),
  )
  const lines: NotableLine[] = []
  const gaps = new Map<string, { source: string; name: string; gap: string }>()
  chosen.forEach((row, index) => {
    const read = reads[index]!
    if ('gap' in read) {
      gaps.set(row.source, { source: row.source, name: read.name, gap: read.gap })
      return
    }
    const kept = read.lines
      .filter((line) => line.level !== undefined && notableLevels.has(line.level))
      .slice(0, recorderLimits.summaryNotableLinesPerSecond)
    for (const { text, level } of kept)
      lines.push({ source: row.source, name: read.name, t: row.second * 1000, level, text })
  })
  return { notableLines: lines.slice(0, recorderLimits.summaryNotableLines), notableGaps: [...gaps.values()] }
}

export async function summarizeWindow(
  store: SeriesStore,
  journal: JournalStore,
  readLines: ReadLinesBefore | undefined,
  query: SummaryQuery,
): Promise<RecorderSummary> {
  const { from, to } = query
  const keys = query.keys ?? store.keys()
  const fromSecond = Math.floor(from / 1000)
  const toSecond = Math.floor(to / 1000)
  // The series first: a range over their budget is refused before anything else is read.
  const series = summarizeSeries(store, { from, to, keys })
  const { count, snapshots } = readSnapshots(journal, from, to, recorderLimits.summarySnapshots)
  const events = queryEvents(journal, { from, to, limit: recorderLimits.summaryEvents })
  return {
    from,
    to,
    ...series,
    processes: summarizeProcesses(snapshots, count),
    logs: summarizeActivity(journal, fromSecond, toSecond),
    ...(await notableLines(journal, readLines, fromSecond, toSecond)),
    openAtStart: openEpisodesAt(journal.episodesBefore(from - 1, recorderLimits.momentEpisodeRows)),
    episodes: events.episodes,
    marks: events.marks,
    isEventsTruncated: events.isTruncated,
  }
}
