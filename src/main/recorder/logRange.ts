// A source's lines over a time range, found by the recorder's log activity (lines per source and second,
// with the source's position after each second): the positions a scan of the logs capability reads
// between. Used by the AI's search_logs tool and by log exports of a time range.
import type { LogLinesRange } from '../../shared/export'
import { builtInSources } from '../../shared/logs'
import type { RecorderReader } from './index'

const hourMs = 3_600_000
const dayMs = 86_400_000

/**
 * Where a source stood after its last line in [from, to], and how many lines it had there (counted only
 * when asked: otherwise the newest window with lines ends the search). Read newest first, an hour and then
 * a day at a time: a day is at most 86,400 rows, within the recorder's budget for one query.
 */
function activityIn(
  recorder: Pick<RecorderReader, 'logActivity'>,
  source: string,
  from: number,
  to: number,
  isCountNeeded: boolean,
): { position?: string; lines: number } {
  let position: string | undefined
  let lines = 0
  let windowMs = hourMs
  for (let end = to; end >= from; windowMs = dayMs) {
    const start = Math.max(from, end - windowMs + 1)
    const activity = recorder.logActivity({ from: start, to: end, source, maxPoints: 1 }).sources[source]
    if (activity) {
      position ??= activity.position.at(-1)
      lines += activity.lines.reduce((sum, count) => sum + count, 0)
      if (!isCountNeeded) break
    }
    end = start - 1
  }
  return { position, lines }
}

const splitPosition = (position: string) => {
  const dot = position.lastIndexOf('.')
  return { base: position.slice(0, dot), end: Number(position.slice(dot + 1)) }
}

/**
 * The source's lines in [from, to] as a scan range, and the offset before which a row is dropped (the
 * line just before the range, which a range of a file must start with); undefined when it had none.
 */
export function recordedLogRange(
  recorder: Pick<RecorderReader, 'logActivity'>,
  source: string,
  from: number,
  to: number,
): { range: LogLinesRange; dropBefore: number; note?: string } | undefined {
  const end = activityIn(recorder, source, from, to, false).position
  if (end === undefined) return undefined
  const last = splitPosition(end)
  const before = activityIn(recorder, source, from - dayMs, from - 1, false).position
  const first = before === undefined ? undefined : splitPosition(before)
  const isMemory = source === builtInSources.vigil || source === builtInSources.ingest
  if (isMemory) {
    // Sequence numbers count lines: the first line of the range is found exactly either way.
    const firstSeq =
      first?.base === last.base ? first.end + 1 : last.end - activityIn(recorder, source, from, to, true).lines + 1
    return { range: { kind: 'lines', first: `${last.base}.${firstSeq}`, last: end }, dropBefore: 0 }
  }
  if (first?.base === last.base) return { range: { kind: 'lines', first: before!, last: end }, dropBefore: first.end }
  return {
    range: { kind: 'lines', first: `${last.base}.1`, last: end },
    dropBefore: 0,
    note: 'the recorder saw no line of it in the day before the range, so its lines are read from the start of the file',
  }
}
