// Export requests made from what a view shows or what the Exports form holds. Pure: no DOM, no React.
import type {
  ChatExportFormat,
  ChatExportRequest,
  CsvOptions,
  LogsExportRequest,
  MetricsExportRequest,
  MetricsResolution,
} from '../../../../shared/export'
import type { LogLine } from '../../../../shared/logs'
import type { LogsQuery } from '../logs/streamQuery'
import { findTimeWindow } from '../metrics/timeWindow'
import type { MetricsRangeChoice } from './exportChoices'

export interface TimeSpan {
  fromMs: number
  toMs: number
}

/** A metrics export of a time span (rounded out to whole milliseconds), with the series in the order given. */
export function metricsRequest(
  span: TimeSpan,
  series: readonly string[],
  resolution: MetricsResolution,
  csv: CsvOptions,
): MetricsExportRequest {
  return {
    kind: 'metrics',
    from: Math.max(0, Math.floor(span.fromMs)),
    to: Math.ceil(span.toMs),
    series: [...new Set(series)],
    resolution,
    csv,
  }
}

/** The span of datetime-local inputs (local time), or a sentence saying what is wrong with it. */
export function customSpan(custom: { from: string; to: string }): TimeSpan | string {
  const fromMs = new Date(custom.from).getTime()
  const toMs = new Date(custom.to).getTime()
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return 'Give the start and the end of the range.'
  if (fromMs > toMs) return 'The start of the range must not be after its end.'
  return { fromMs, toMs }
}

/** The span the form's range choice names: the last window up to now, or the custom from/to. */
export function spanOfChoice(
  choice: MetricsRangeChoice,
  nowMs: number,
  custom: { from: string; to: string },
): TimeSpan | string {
  return choice === 'custom'
    ? customSpan(custom)
    : { fromMs: nowMs - findTimeWindow(choice).seconds * 1000, toMs: nowMs }
}

/** The Logs view's filter, as its stream takes it. */
type ViewFilter = LogsQuery['filter']

function exportFilterOf({ text, isRegex, matchCase, minLevel }: ViewFilter): LogsExportRequest['filter'] {
  return {
    q: text,
    regex: text !== '' && isRegex,
    matchCase: text !== '' && matchCase,
    ...(minLevel ? { level: minLevel } : {}),
  }
}

/**
 * The lines a view shows, as a range per source: from the position of each source's first line shown to
 * that of its last (a line's position is where its source stands just after it, which is what the core
 * takes). Sources with no line shown are left out; undefined when no line is shown at all.
 */
export function shownLinesRequest(
  lines: Iterable<LogLine>,
  sourceIds: readonly string[],
  filter: ViewFilter,
  csv: CsvOptions,
): LogsExportRequest | undefined {
  const ranges = new Map<string, { first: string; last: string }>()
  for (const line of lines) {
    const range = ranges.get(line.source)
    if (range) range.last = line.position
    else ranges.set(line.source, { first: line.position, last: line.position })
  }
  const sources = sourceIds.flatMap((id) => {
    const range = ranges.get(id)
    return range ? [{ id, range: { kind: 'lines' as const, ...range } }] : []
  })
  return sources.length === 0 ? undefined : { kind: 'logs', sources, filter: exportFilterOf(filter), csv }
}

/** Whole files (and the whole of Vigil's own log and the ingested lines) through the filter. */
export function wholeSourcesRequest(
  sourceIds: readonly string[],
  filter: ViewFilter,
  csv: CsvOptions,
): LogsExportRequest {
  return {
    kind: 'logs',
    sources: sourceIds.map((id) => ({ id, range: { kind: 'all' } })),
    filter: exportFilterOf(filter),
    csv,
  }
}

export function chatRequest(conversation: string, format: ChatExportFormat, csv: CsvOptions): ChatExportRequest {
  return { kind: 'chat', conversation, format, csv }
}

/** A time as a datetime-local input shows it: local time, to the minute ("2026-11-24T10:15"). */
export function toLocalInput(timeMs: number): string {
  const at = new Date(timeMs)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`
}
