// Metrics as CSV: one row per sample (1 s) or per minute (min, avg and max of each series), straight
// from the ring buffers. The columns are the series asked for, fixed when the export is made: a series
// that appears later never shifts them, one that is absent leaves its cells empty.
import type { MetricsExportRequest } from '../../shared/export'
import { VigilError } from '../../shared/errors'
import type { MinuteHistory, SampleHistory } from '../metrics'
import { timeColumns, writeTimeCells, type Cell } from './csvFormat'
import { csvContentType, ExportSourceError, type CsvPlan } from './exportPlan'

// A batch is bounded in cells, not rows: every cell of a batch (a boxed number, then a piece of its
// record's string until csv-stringify joins them) lives until the batch is formatted, and what lives is
// what each young-generation collection copies. A fixed 512 rows were 9,000 cells with the dashboard's
// 16 series but 787,000 with 512 series at minute resolution. 4,096 cells (227 rows of 16 series, about
// 50 kB of CSV) made the export about 10 % faster than 512 rows, from cheaper collections.
export const batchCells = 4096

export interface MetricsHistories {
  history: SampleHistory
  minutes: MinuteHistory
}

export function describeRange(from: number, to: number): string {
  return `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`
}

/** Where the request's range lies in the history, or undefined when it holds nothing of it. */
export function metricsRangeOf(
  histories: MetricsHistories,
  request: Pick<MetricsExportRequest, 'from' | 'to' | 'resolution'>,
) {
  return request.resolution === 'raw'
    ? histories.history.seqsBetween(request.from, request.to)
    : histories.minutes.minutesBetween(request.from, request.to)
}

export function planMetricsExport(histories: MetricsHistories, request: MetricsExportRequest): CsvPlan {
  const range = metricsRangeOf(histories, request)
  if (!range) {
    const what = request.resolution === 'raw' ? 'one-second samples' : 'closed minutes'
    throw new VigilError('conflict', `The history holds no ${what} from ${describeRange(request.from, request.to)}.`)
  }
  const { series, csv } = request
  const isRaw = request.resolution === 'raw'
  const valueColumns = isRaw ? series : series.flatMap((key) => [`${key}_min`, `${key}_avg`, `${key}_max`])
  const columns = [...timeColumns(csv.timestamps), ...valueColumns]
  const read = isRaw ? histories.history.reader(series) : histories.minutes.reader(series)
  const totalRows = range.last - range.first + 1
  const batchRows = Math.max(1, Math.floor(batchCells / columns.length))

  return {
    kind: 'metrics',
    format: 'csv',
    title: `Metrics, ${series.length} series, ${describeRange(request.from, request.to)} (${isRaw ? '1 s' : '1 min'})`,
    extension: 'csv',
    contentType: csvContentType,
    columns,
    totalRows,
    *rows() {
      const values = new Float64Array(valueColumns.length)
      for (let first = range.first; first <= range.last; first += batchRows) {
        const batch: Cell[][] = []
        for (let at = first; at <= Math.min(range.last, first + batchRows - 1); at += 1) {
          const t = read(at, values)
          if (t === undefined)
            throw new ExportSourceError(
              'the export fell more than the whole history behind the live samples, so its oldest rows were overwritten; export a shorter range',
            )
          const row: Cell[] = new Array(columns.length)
          let cell = writeTimeCells(csv.timestamps, t, row, 0)
          for (const value of values) row[cell++] = value
          batch.push(row)
        }
        yield batch
      }
    },
  }
}
