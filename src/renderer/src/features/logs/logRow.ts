// What the viewer shows, row by row: log lines, and the markers the stream sends between them (a notice
// such as a rotation, or lines skipped because the viewer fell behind). Also the plain text of rows, for
// copying and for the chat. Pure: no DOM, no React.
import type { DroppedRange, LogLine, LogNoticeKind } from '../../../../shared/logs'

type SkippedRange = DroppedRange

export type LogRow =
  | { kind: 'line'; line: LogLine }
  | { kind: 'notice'; source: string; notice: LogNoticeKind; message: string }
  | { kind: 'skipped'; range: SkippedRange; state: 'idle' | 'loading' | 'failed'; error?: string }

const countFormat = new Intl.NumberFormat('en-US')

export function formatCount(count: number): string {
  return countFormat.format(count)
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

const sizeFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

/** Lines the viewer did not get: counted when it fell behind; measured in bytes when a backlog was too big. */
export function skippedLabel(range: SkippedRange): string {
  if (range.count !== undefined) return `${plural(range.count, 'line', 'lines')} skipped because the viewer fell behind`
  if (range.bytes !== undefined)
    return `${sizeFormat.format(range.bytes / (1024 * 1024))} MiB of lines skipped: too many to send at once`
  return 'More lines skipped: too many to send at once'
}

function lineText(line: LogLine): string {
  const origin = line.origin ? `[${line.origin}] ` : ''
  const cut = line.cutBytes ? ` … [${plural(line.cutBytes, 'byte', 'bytes')} cut]` : ''
  return `${origin}${line.text}${cut}`
}

function rowText(row: LogRow): string {
  switch (row.kind) {
    case 'line':
      return lineText(row.line)
    case 'notice':
      return `--- ${row.message} ---`
    case 'skipped':
      return `--- ${skippedLabel(row.range)} ---`
  }
}

export function sourceOf(row: LogRow): string {
  return row.kind === 'line' ? row.line.source : row.kind === 'notice' ? row.source : row.range.source
}

/**
 * The rows as plain text, one per line. When they come from more than one source, each starts with its
 * source's name in brackets, so merged lines stay attributable.
 */
export function rowsToText(rows: readonly LogRow[], nameOf: (sourceId: string) => string): string {
  const isMerged = new Set(rows.map(sourceOf)).size > 1
  return rows.map((row) => (isMerged ? `[${nameOf(sourceOf(row))}] ${rowText(row)}` : rowText(row))).join('\n')
}

/** "12 lines from app.log", "3 lines from app.log and Vigil", "40 lines from 3 sources". */
export function describeRows(rows: readonly LogRow[], nameOf: (sourceId: string) => string): string {
  const lineCount = rows.filter((row) => row.kind === 'line').length
  const names = [...new Set(rows.map(sourceOf))].map(nameOf)
  const from = names.length === 0 ? 'the logs' : names.length <= 2 ? names.join(' and ') : `${names.length} sources`
  return `${plural(lineCount, 'line', 'lines')} from ${from}`
}
