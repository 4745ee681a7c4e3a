// Log lines as CSV: the sources, filter and range as on screen, whole files through the filter, or the
// lines the recorder counted in a time range (its log activity keeps each source's position after every
// second, so a time range becomes a range of lines, read from the files that still hold them).
// The lines come from the logs capability's scan (logs/scan.ts), which keeps exactly the lines the live
// view's filter keeps; this file only names the export and makes each kept line a row: first the moment its
// timestamp names, in the chosen time format (empty for a line that names none), then its source, offset,
// level and text.
import type { LogLinesRange, LogsExportRequest } from '../../shared/export'
import { VigilError } from '../../shared/errors'
import { timestampOf } from '../../shared/lineLevel'
import { lineTime } from '../../shared/lineTime'
import type { Logs } from '../logs'
import { recordedLogRange, type RecorderApi } from '../recorder'
import { timeColumns, writeTimeCells, type Cell } from './csvFormat'
import { csvContentType, type CsvPlan } from './exportPlan'
import { describeRange } from './metricsExport'

const lineColumns = ['source', 'offset', 'level', 'text']

/** What a log export of a time range reads of the recorder. */
export type RecordedLogActivity = Pick<RecorderApi, 'logActivity' | 'flush'>

/**
 * A time range as the range of lines the recorder counted in the seconds it touches, or undefined when it
 * counted none. A file's range starts at the first line after the source's position before those seconds.
 */
function linesOf(recorder: RecordedLogActivity, id: string, from: number, to: number): LogLinesRange | undefined {
  const planned = recordedLogRange(recorder, id, Math.floor(from / 1000) * 1000, to)
  if (!planned || planned.range.kind !== 'lines' || planned.dropBefore === 0) return planned?.range
  const base = planned.range.first.slice(0, planned.range.first.lastIndexOf('.'))
  return { kind: 'lines', first: `${base}.${planned.dropBefore + 1}`, last: planned.range.last }
}

function withLineRanges(request: LogsExportRequest, recorder: RecordedLogActivity | undefined) {
  const timed = request.sources.filter((source) => source.range.kind === 'time')
  if (timed.length === 0) return { ...request, sources: request.sources as { id: string; range: LogLinesRange }[] }
  if (!recorder) throw new VigilError('unavailable', 'Log lines by time need the recorder, which is not running here.')
  // The lines waiting for the recorder's next write are counted first, so the range reaches now.
  recorder.flush()
  const sources = request.sources.flatMap(({ id, range }) => {
    if (range.kind !== 'time') return [{ id, range }]
    const lines = linesOf(recorder, id, range.from, range.to)
    return lines ? [{ id, range: lines }] : []
  })
  if (sources.length === 0) {
    const { from, to } = timed[0]!.range as { from: number; to: number }
    throw new VigilError('conflict', `The recorder counted no lines of these sources from ${describeRange(from, to)}.`)
  }
  return { ...request, sources }
}

export async function planLogsExport(
  logs: Logs,
  request: LogsExportRequest,
  recorder?: RecordedLogActivity,
): Promise<CsvPlan> {
  const style = request.csv.timestamps
  const timeColumnCount = timeColumns(style).length
  // A syslog timestamp names no year: the one that puts it in the past as the export starts.
  const now = Date.now()
  // Lines in a row often name the same second: its moment is read once (reading a syslog one in local time
  // cost several µs a line, more than writing the row).
  let lastStamp = ''
  let lastTime: number | undefined
  const timeOf = (text: string): number | undefined => {
    const at = timestampOf(text)
    if (!at) return undefined
    const stamp = text.slice(at[0], at[1])
    if (stamp !== lastStamp) {
      lastStamp = stamp
      lastTime = lineTime(stamp, [0, stamp.length], now)
    }
    return lastTime
  }
  const scan = await logs.scan<Cell[]>(withLineRanges(request, recorder), (sourceName, offset, level, text) => {
    const row = new Array<Cell>(timeColumnCount).fill(undefined)
    const time = timeOf(text)
    if (time !== undefined) writeTimeCells(style, time, row, 0)
    row.push(sourceName, offset, level, text)
    return row
  })
  const { q, regex, matchCase, level } = request.filter
  const filterText =
    q === '' ? '' : ` matching ${regex ? '/' + q + '/' : `"${q}"`}${matchCase ? ' (case matched)' : ''}`
  const timed = request.sources.find((source) => source.range.kind === 'time')?.range
  const timeText = timed?.kind === 'time' ? `, ${describeRange(timed.from, timed.to)}` : ''
  return {
    kind: 'logs',
    format: 'csv',
    title: `Logs of ${scan.names.join(', ')}${timeText}${filterText}${level ? `, ${level} and above` : ''}`,
    extension: 'csv',
    contentType: csvContentType,
    columns: [...timeColumns(style), ...lineColumns],
    // A 500 MB file can give hundreds of thousands of rows, most of them plain text.
    joinsPlainRows: true,
    totalInputBytes: scan.totalInputBytes,
    rows: (input) => scan.batches(input),
  }
}
