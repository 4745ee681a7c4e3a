// Log lines as CSV: the sources, filter and range as on screen, or whole files through the filter.
// The lines come from the logs capability's scan (logs/scan.ts), which keeps exactly the lines the live
// view's filter keeps; this file only names the export and makes each kept line a row.
import type { LogsExportRequest } from '../../shared/export'
import type { Logs } from '../logs'
import type { Cell } from './csvFormat'
import { csvContentType, type CsvPlan } from './exportPlan'

const columns = ['source', 'offset', 'level', 'text']

export async function planLogsExport(logs: Logs, request: LogsExportRequest): Promise<CsvPlan> {
  const scan = await logs.scan<Cell[]>(request, (sourceName, offset, level, text) => [sourceName, offset, level, text])
  const { q, regex, matchCase, level } = request.filter
  const filterText =
    q === '' ? '' : ` matching ${regex ? '/' + q + '/' : `"${q}"`}${matchCase ? ' (case matched)' : ''}`
  return {
    kind: 'logs',
    format: 'csv',
    title: `Logs of ${scan.names.join(', ')}${filterText}${level ? `, ${level} and above` : ''}`,
    extension: 'csv',
    contentType: csvContentType,
    columns,
    // A 500 MB file can give hundreds of thousands of rows, most of them plain text.
    joinsPlainRows: true,
    totalInputBytes: scan.totalInputBytes,
    rows: (input) => scan.batches(input),
  }
}
