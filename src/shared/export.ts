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
export type LogLinesRange = { kind: 'all' } | { kind: 'lines'; first: string; last: string }

/**
 * …or a time range (epoch ms, both ends included): the lines the recorder counted in those seconds, read
 * from where they still are by the byte offsets (or memory positions) it kept.
 */
export type LogRange = LogLinesRange | { kind: 'time'; from: number; to: number }

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
  /** `interrupted`: Vigil stopped (closed, crashed, killed) before the export ended. */
  state: 'done' | 'failed' | 'cancelled' | 'interrupted'
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

// Spreadsheet safety (formula injection). A cell a spreadsheet would read as a formula starts with =, +,
// -, @ (or their full-width forms, which some spreadsheets normalize), a tab, CR or LF. Spreadsheets
// skip leading blanks before deciding, and not only ASCII ones, so any leading run of Unicode spaces
// (\s: no-break space, U+2000-U+200A, U+2028/9, U+3000, U+FEFF...), format characters (\p{Cf}:
// U+200B-U+200F, U+2060, bidi marks, soft hyphen...) and other invisible controls (DEL, C1) counts as
// blank. Such a cell gets a leading `'`. A multi-line cell is guarded line by line: a line that starts
// (after blanks) with =, +, - or @ gets its own `'` just after its line break. The C0 controls other
// than tab, CR and LF (NUL included) are never written: they become their visible Control Pictures
// (U+2400 block: NUL is ␀), as in the log viewer, since a spreadsheet may drop them and read what
// follows as a formula.
const formulaSign = '[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]'
const formulaStart = new RegExp(`^[\\s\\p{Cf}\\p{Cc}]*(?:[\\t\\r\\n]|${formulaSign})`, 'u')
const formulaLine = new RegExp(`(\\r\\n?|\\n)(?=(?:[^\\S\\r\\n]|[\\p{Cf}\\x7F-\\x9F])*${formulaSign})`, 'gu')
// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
/** The test that sends a cell down the slow path: a C0 control other than tab, or a line break. */
const anyControlOrBreak = /[\x00-\x08\x0A-\x1F]/
const controlCharacters = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g
/* eslint-enable no-control-regex */

const controlPicture = (character: string): string => {
  const code = character.charCodeAt(0)
  return String.fromCharCode(0x2400 + code)
}

/**
 * A text cell made safe to open in a spreadsheet: controls made visible, then every line a spreadsheet
 * would read as a formula prefixed with `'`. Numbers never pass here.
 */
export function protectCell(text: string): string {
  if (!anyControlOrBreak.test(text)) return guardFormulaStart(text)
  const visible = text.replace(controlCharacters, controlPicture).replace(formulaLine, "$1'")
  return formulaStart.test(visible) ? `'${visible}` : visible
}

/**
 * protectCell for text the caller has already found free of control characters and line breaks (the CSV
 * formatter's plain rows): one anchored test on the first characters.
 */
export function guardFormulaStart(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text
}
