// One moment of the black box, for the time cursor: the process snapshot then, the log lines of every
// source recorded around it (read back from where they still are, up to the byte offset or position the
// recorder kept for each second), the alert episodes open then and the marks nearby. Every part is
// bounded: rows by the log-activity budget, lines per source, sources, marks and episode rows.
import type { LogLevelName } from '../../shared/logs'
import {
  activityLevels,
  recorderLimits,
  type EpisodeLine,
  type MomentLine,
  type MomentSource,
  type RecordedEpisode,
  type RecorderMoment,
} from '../../shared/recorder'
import type { ActivityRow, JournalStore } from './journalStore'

/** Reads the last `count` lines of a source ending at a recorded position (the logs capability's, given by the core). */
export type ReadLinesBefore = (
  sourceId: string,
  until: string,
  count: number,
) => Promise<{ name: string; lines: { text: string; level?: LogLevelName }[] } | { name: string; gap: string }>

/** The rows of each source, in the order given. */
function groupBySource(rows: readonly ActivityRow[]): Map<string, ActivityRow[]> {
  const bySource = new Map<string, ActivityRow[]>()
  for (const row of rows) {
    const list = bySource.get(row.source)
    if (list) list.push(row)
    else bySource.set(row.source, [row])
  }
  return bySource
}

const linesOf = (row: ActivityRow) => activityLevels.reduce((sum, level) => sum + row.levels[level], 0)

/**
 * The run of consecutive rows nearest `atSecond` whose lines fit in `maxLines`: grown from the nearest
 * row towards whichever neighbour is closer in time. The nearest row is kept even when it alone has more.
 */
export function nearestRows(rows: readonly ActivityRow[], atSecond: number, maxLines: number): ActivityRow[] {
  if (rows.length === 0) return []
  let first = 0
  rows.forEach((row, index) => {
    if (Math.abs(row.second - atSecond) < Math.abs(rows[first]!.second - atSecond)) first = index
  })
  let last = first
  let lines = linesOf(rows[first]!)
  for (;;) {
    const before = rows[first - 1]
    const after = rows[last + 1]
    const fits = (row: ActivityRow | undefined) => row !== undefined && lines + linesOf(row) <= maxLines
    const takeBefore = fits(before) && (!fits(after) || atSecond - before!.second <= after!.second - atSecond)
    if (takeBefore) {
      first -= 1
      lines += linesOf(before!)
    } else if (fits(after)) {
      last += 1
      lines += linesOf(after!)
    } else return rows.slice(first, last + 1)
  }
}

/** Gives each line read back the second it was recorded in, counting back from the last row. */
export function timeLines(
  rows: readonly ActivityRow[],
  lines: readonly { text: string; level?: LogLevelName }[],
): MomentLine[] {
  const timed: MomentLine[] = []
  let index = lines.length - 1
  for (let rowIndex = rows.length - 1; rowIndex >= 0 && index >= 0; rowIndex -= 1) {
    const row = rows[rowIndex]!
    for (let count = linesOf(row); count > 0 && index >= 0; count -= 1, index -= 1) {
      const { text, level } = lines[index]!
      timed.push(level ? { t: row.second * 1000, level, text } : { t: row.second * 1000, text })
    }
  }
  return timed.reverse()
}

async function sourceLines(
  source: string,
  rows: readonly ActivityRow[],
  atSecond: number,
  readLines: ReadLinesBefore | undefined,
): Promise<MomentSource> {
  const counted = rows.reduce((sum, row) => sum + linesOf(row), 0)
  const maxLines = recorderLimits.momentLinesPerSource
  const kept = nearestRows(rows, atSecond, maxLines)
  const wanted = Math.min(
    maxLines,
    kept.reduce((sum, row) => sum + linesOf(row), 0),
  )
  if (!readLines)
    return { source, name: source, counted, lines: [], gap: 'log lines cannot be read here', isTruncated: true }
  const read = await readLines(source, kept.at(-1)!.position, wanted)
  if ('gap' in read) return { source, name: read.name, counted, lines: [], gap: read.gap, isTruncated: true }
  const lines = timeLines(kept, read.lines)
  const answer: MomentSource = { source, name: read.name, counted, lines, isTruncated: lines.length < counted }
  if (read.lines.length < wanted) answer.gap = 'some of these lines are no longer held'
  return answer
}

/** The episodes firing at `at`: each rule's last change at or before it, when that change was a firing. */
export function openEpisodesAt(changesNewestFirst: readonly RecordedEpisode[]): RecordedEpisode[] {
  const seen = new Set<string>()
  const open: RecordedEpisode[] = []
  for (const change of changesNewestFirst) {
    if (seen.has(change.ruleId)) continue
    seen.add(change.ruleId)
    if (change.state === 'firing') open.push(change)
  }
  return open
}

export async function assembleMoment(
  journal: JournalStore,
  readLines: ReadLinesBefore | undefined,
  { at, seconds }: { at: number; seconds: number },
): Promise<RecorderMoment> {
  const atSecond = Math.floor(at / 1000)
  const rows = journal.activity(atSecond - seconds, atSecond + seconds, undefined, recorderLimits.logRowBudget)
  const bySource = groupBySource(rows)
  // The busiest sources first, when there are more than a moment shows.
  const sources = [...bySource]
    .map(([source, sourceRows]) => ({
      source,
      sourceRows,
      lines: sourceRows.reduce((sum, row) => sum + linesOf(row), 0),
    }))
    .sort((a, b) => b.lines - a.lines)
    .slice(0, recorderLimits.momentSources)
  const logs = await Promise.all(
    sources.map(({ source, sourceRows }) => sourceLines(source, sourceRows, atSecond, readLines)),
  )
  const reach = recorderLimits.momentMarksReachMs
  return {
    at,
    seconds,
    snapshot: journal.snapshotAt(at, recorderLimits.processSnapshotReachMs) ?? null,
    logs: logs.sort((a, b) => a.name.localeCompare(b.name)),
    openEpisodes: openEpisodesAt(journal.episodesBefore(at, recorderLimits.momentEpisodeRows)),
    marks: journal.marks(at - reach, at + reach, recorderLimits.momentMarks),
  }
}

/**
 * The newest lines across sources up to `rows` (the log activity of the last seconds, written or waiting,
 * oldest first), for the context of an episode's start: read back from where they still are, each
 * source up to the last position counted, each line timed by the second it was counted in.
 */
export async function newestLines(
  rows: readonly ActivityRow[],
  readLines: ReadLinesBefore | undefined,
): Promise<EpisodeLine[]> {
  if (!readLines) return []
  const bySource = groupBySource(rows)
  const { episodeLines, episodeLineChars } = recorderLimits
  const read = await Promise.all(
    [...bySource].map(async ([source, sourceRows]) => {
      const answer = await readLines(source, sourceRows.at(-1)!.position, episodeLines).catch(() => undefined)
      if (!answer || 'gap' in answer) return []
      return timeLines(sourceRows, answer.lines).map(({ t, level, text }): EpisodeLine => ({
        t,
        source,
        ...(level ? { level } : {}),
        text: text.slice(0, episodeLineChars),
      }))
    }),
  )
  return read
    .flat()
    .sort((a, b) => a.t - b.t)
    .slice(-episodeLines)
}
