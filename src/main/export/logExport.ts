// Log lines as CSV: the sources, filter and range as on screen, or whole files through the filter.
// The lines come from the logs capability's scan (logs/scan.ts), which keeps exactly the lines the live
// view's filter keeps; this file only names the export and makes each kept line a row: first the moment its
// timestamp names, in the chosen time format (empty for a line that names none), then its source, offset,
// level and text.
import type { LogsExportRequest } from '../../shared/export'
import type { Logs } from '../logs'
import { timestampOf } from '../../shared/lineLevel'
import { lineTime } from '../../shared/lineTime'
import { timeColumns, writeTimeCells, type Cell } from './csvFormat'
import { csvContentType, type CsvPlan } from './exportPlan'

const lineColumns = ['source', 'offset', 'level', 'text']

export async function planLogsExport(logs: Logs, request: LogsExportRequest): Promise<CsvPlan> {
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
  const scan = await logs.scan<Cell[]>(request, (sourceName, offset, level, text) => {
    const row = new Array<Cell>(timeColumnCount).fill(undefined)
    const time = timeOf(text)
    if (time !== undefined) writeTimeCells(style, time, row, 0)
    row.push(sourceName, offset, level, text)
    return row
  })
  const { q, regex, matchCase, level } = request.filter
  const filterText =
    q === '' ? '' : ` matching ${regex ? '/' + q + '/' : `"${q}"`}${matchCase ? ' (case matched)' : ''}`
  return {
    kind: 'logs',
    format: 'csv',
    title: `Logs of ${scan.names.join(', ')}${filterText}${level ? `, ${level} and above` : ''}`,
    extension: 'csv',
    contentType: csvContentType,
    columns: [...timeColumns(style), ...lineColumns],
    // A 500 MB file can give hundreds of thousands of rows, most of them plain text.
    joinsPlainRows: true,
    totalInputBytes: scan.totalInputBytes,
    rows: (input) => scan.batches(input),
  }
}
