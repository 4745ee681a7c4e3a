// Exports on the wire: what a client asks for, the jobs and their progress, the history, and the
// spreadsheet-safety rules every CSV cell goes through.

export const exportRoutes = {
  /** POST an ExportRequest: checked at once, answered with the job; GET: the jobs and the history. */
  exports: '/api/exports',
  /** GET ?id=: the export itself, streamed as a download (once per job). */
  file: '/api/exports/file',
  /** POST ?id=: stops a job; whatever was written of it goes away. */
  cancel: '/api/exports/cancel',
  /** POST ?id= of a history entry: the same export again, where its data still exists. */
  again: '/api/exports/again',
  /** DELETE ?id= of a history entry. */
  history: '/api/exports/history',
} as const

export const csvDelimiters = { comma: ',', semicolon: ';', tab: '\t' } as const
export type CsvDelimiter = keyof typeof csvDelimiters

/** `iso-epoch` writes two columns, ISO 8601 UTC and epoch ms; the others one. */
export type TimestampStyle = 'iso-epoch' | 'iso' | 'local' | 'epoch'

export interface CsvOptions {
  delimiter: CsvDelimiter
  header: boolean
  /** A UTF-8 byte order mark, which Excel needs to read UTF-8. */
  bom: boolean
  timestamps: TimestampStyle
}

export const defaultCsvOptions: CsvOptions = { delimiter: 'comma', header: true, bom: false, timestamps: 'iso-epoch' }

export type MetricsResolution = 'raw' | 'minute'

export interface MetricsExportRequest {
  kind: 'metrics'
  /** Epoch ms, both ends included. */
  from: number
  to: number
  /** Series keys (src/shared/series.ts), in the order of the columns. */
  series: string[]
  resolution: MetricsResolution
  csv: CsvOptions
}

/** Where a source's export starts and ends: the positions of its first and last line (as on screen), or all of it. */
export type LogRange = { kind: 'all' } | { kind: 'lines'; first: string; last: string }

export interface LogsExportRequest {
  kind: 'logs'
  sources: { id: string; range: LogRange }[]
  /** As the live view's filter; without `matchCase` (older history entries) text is matched ignoring case. */
  filter: {
    q: string
    regex: boolean
    matchCase?: boolean
    level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'
  }
  csv: CsvOptions
}

export type ChatExportFormat = 'csv' | 'markdown' | 'json'

export interface ChatExportRequest {
  kind: 'chat'
  /** One conversation's id, or every conversation. */
  conversation: string | 'all'
  format: ChatExportFormat
  csv: CsvOptions
}

export type ExportRequest = MetricsExportRequest | LogsExportRequest | ChatExportRequest
export type ExportKind = ExportRequest['kind']

export type ExportState = 'ready' | 'running' | 'done' | 'failed' | 'cancelled'

export interface ExportProgress {
  rows: number
  bytes: number
  /** Rows the export will hold, where known before it ends (metrics, chats). */
  totalRows?: number
  /** For logs: bytes of the files read so far, and in all. */
  inputBytes?: number
  totalInputBytes?: number
}

export interface ExportJob {
  id: string
  kind: ExportKind
  /** For people: "Metrics, 12 series, 10:15–11:15 (1 s)". */
  title: string
  fileName: string
  state: ExportState
  createdAt: number
  progress: ExportProgress
  /** Why it failed or was cancelled. */
  error?: string
}

export interface ExportHistoryEntry {
  id: string
  kind: ExportKind
  title: string
  fileName: string
  state: 'done' | 'failed' | 'cancelled'
  startedAt: number
  finishedAt: number
  rows: number
  bytes: number
  error?: string
  /** Where the desktop app saved it; a browser's downloads are the browser's business. */
  savedPath?: string
  /** The data is still there to export again (the range is still in the history, the file or conversation still exists). */
  canRepeat: boolean
}

export interface ExportsState {
  jobs: ExportJob[]
  history: ExportHistoryEntry[]
}

/** `vigil-metrics-2026-11-24T10-15.csv`: local time to the minute, safe in every file system. */
export function defaultExportFileName(kind: ExportKind, at: Date, extension: string): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}-${pad(at.getMinutes())}`
  return `vigil-${kind}-${stamp}.${extension}`
}

// A cell a spreadsheet would read as a formula: =, +, -, @ (and their full-width forms, which some
// spreadsheets normalize), or a tab, CR or LF, also after leading spaces.
const formulaStart = /^ *[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/

/** A text cell made safe to open in a spreadsheet: formula-like text gets a leading `'`. Numbers never pass here. */
export function protectCell(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text
}
