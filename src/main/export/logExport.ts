// Log lines as CSV: the sources, filter and range as on screen, whole files through the filter, or the
// lines the recorder counted in a time range (its log activity keeps each source's position after every
// second, so a time range becomes a range of lines, read from the files that still hold them).
// The lines come from the logs capability's scan (logs/scan.ts), which keeps exactly the lines the live
// view's filter keeps; this file only names the export and makes each kept line a row.
import type { LogLinesRange, LogsExportRequest } from '../../shared/export'
import { VigilError } from '../../shared/errors'
import type { Logs } from '../logs'
import { recordedLogRange, type RecorderApi } from '../recorder'
import type { Cell } from './csvFormat'
import { csvContentType, type CsvPlan } from './exportPlan'
import { describeRange } from './metricsExport'

const columns = ['source', 'offset', 'level', 'text']

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
  const scan = await logs.scan<Cell[]>(withLineRanges(request, recorder), (sourceName, offset, level, text) => [
    sourceName,
    offset,
    level,
    text,
  ])
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
    columns,
    // A 500 MB file can give hundreds of thousands of rows, most of them plain text.
    joinsPlainRows: true,
    totalInputBytes: scan.totalInputBytes,
    rows: (input) => scan.batches(input),
  }
}
