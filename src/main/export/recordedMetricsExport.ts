// Metrics as CSV from the recorder, for a range older than the ring buffers hold: read page by page (a
// page is at most `pageCells` values), so memory stays flat whatever the range. A one-second export gives
// the samples where the recorder still holds them and the minute averages before that, with a `step_s`
// column saying which each row is (1 or 60); a minute export gives each series' min, avg and max per minute.
import type { MetricsExportRequest } from '../../shared/export'
import { VigilError } from '../../shared/errors'
import type { SeriesRange } from '../../shared/recorder'
import type { RecorderApi } from '../recorder'
import { timeColumns, writeTimeCells, type Cell } from './csvFormat'
import { csvContentType, type CsvPlan } from './exportPlan'
import { batchCells, describeRange } from './metricsExport'

/** What an export reads of the recorder. */
export type RecordedSeries = Pick<RecorderApi, 'series' | 'heldSince' | 'status' | 'flush'>

/** Values one page reads unless the core says otherwise: about 1.6 MB of numbers. */
export const defaultPageCells = 200_000

const minuteMs = 60_000
const floorToMinute = (t: number) => Math.floor(t / minuteMs) * minuteMs

interface Segment {
  stepSeconds: 1 | 60
  from: number
  to: number
}

/** The part of [from, to] the recorder holds anything of (samples or minutes), or undefined. */
export function recordedRangeOf(
  recorder: RecordedSeries,
  { from, to }: Pick<MetricsExportRequest, 'from' | 'to'>,
): { from: number; to: number } | undefined {
  const { sample, minute } = recorder.heldSince()
  const oldest = Math.min(sample ?? Infinity, minute ?? Infinity)
  const newest = recorder.status().held?.to
  if (!Number.isFinite(oldest) || newest === undefined || to < oldest || from > newest) return undefined
  return { from: Math.max(from, oldest), to: Math.min(to, newest) }
}

/** Seconds where they are held, minutes before; a minute export is minutes throughout. */
function segmentsOf(recorder: RecordedSeries, request: MetricsExportRequest, range: { from: number; to: number }) {
  if (request.resolution === 'minute') return [{ stepSeconds: 60, from: floorToMinute(range.from), to: range.to }]
  const sample = recorder.heldSince().sample
  const secondsFrom = sample === undefined ? Infinity : floorToMinute(sample)
  const segments: Segment[] = []
  if (range.from < secondsFrom)
    segments.push({ stepSeconds: 60, from: floorToMinute(range.from), to: Math.min(range.to, secondsFrom - 1) })
  if (secondsFrom <= range.to) segments.push({ stepSeconds: 1, from: Math.max(range.from, secondsFrom), to: range.to })
  return segments
}

export function planRecordedMetricsExport(
  recorder: RecordedSeries,
  request: MetricsExportRequest,
  pageCells = defaultPageCells,
): CsvPlan {
  // What waits to be written is written first, so the export reaches the newest sample.
  recorder.flush()
  const range = recordedRangeOf(recorder, request)
  if (!range)
    throw new VigilError(
      'conflict',
      `The recorder holds no samples or minutes from ${describeRange(request.from, request.to)}.`,
    )
  const { series, csv } = request
  const segments = segmentsOf(recorder, request, range)
  const isMinuteExport = request.resolution === 'minute'
  const isMixed = !isMinuteExport && segments.some((segment) => segment.stepSeconds === 60)
  const valueColumns = isMinuteExport ? series.flatMap((key) => [`${key}_min`, `${key}_avg`, `${key}_max`]) : series
  const columns = [...timeColumns(csv.timestamps), ...(isMixed ? ['step_s'] : []), ...valueColumns]
  const batchRows = Math.max(1, Math.floor(batchCells / columns.length))
  const pageSteps = Math.max(1, Math.floor(pageCells / valueColumns.length))
  const resolutionText = isMinuteExport
    ? '1 min'
    : isMixed
      ? `1 s where held, 1 min before ${new Date(segments.at(-1)!.from).toISOString()}`
      : '1 s'

  /** The rows of one page, in batches of at most batchRows. */
  function* pageRows(page: SeriesRange, stepSeconds: number): Generator<Cell[][]> {
    for (let first = 0; first < page.t.length; first += batchRows) {
      const batch: Cell[][] = []
      for (let at = first; at < Math.min(page.t.length, first + batchRows); at += 1) {
        const row: Cell[] = new Array(columns.length)
        let cell = writeTimeCells(csv.timestamps, page.t[at]!, row, 0)
        if (isMixed) row[cell++] = stepSeconds
        for (const key of series) {
          if (isMinuteExport) {
            row[cell++] = page.min?.[key]?.[at] ?? undefined
            row[cell++] = page.values[key]![at] ?? undefined
            row[cell++] = page.max?.[key]?.[at] ?? undefined
          } else row[cell++] = page.values[key]![at] ?? undefined
        }
        batch.push(row)
      }
      yield batch
    }
  }

  return {
    kind: 'metrics',
    format: 'csv',
    title: `Metrics, ${series.length} series, ${describeRange(request.from, request.to)} (${resolutionText}, recorded)`,
    extension: 'csv',
    contentType: csvContentType,
    columns,
    *rows() {
      for (const { stepSeconds, from, to } of segments) {
        const pageMs = pageSteps * stepSeconds * 1000
        for (let start = from; start <= to; start += pageMs) {
          const page = recorder.series({
            from: start,
            to: Math.min(to, start + pageMs - 1),
            keys: series,
            stepSeconds,
            // The page's span bounds its rows; the recorder's cell budget still bounds what it decodes.
            maxPoints: Number.MAX_SAFE_INTEGER,
          })
          yield* pageRows(page, stepSeconds)
        }
      }
    },
  }
}
