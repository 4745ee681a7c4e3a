// The one CSV formatter every export goes through: csv-stringify with RFC 4180 quoting (CRLF records; a
// field holding the delimiter, a quote, CR or LF is quoted) and every text cell made spreadsheet-safe.
// Rows come in batches and each batch becomes one string: csv-stringify's stream form would push every
// record on its own through Transform and into the socket (in an HTTP response, one chunk per record),
// which cost more than the formatting itself.
import { stringify, type Options } from 'csv-stringify/sync'
import { csvDelimiters, protectCell, type CsvOptions, type TimestampStyle } from '../../shared/export'

/** A cell: numbers stay numbers, text is protected, undefined is an empty cell. */
export type Cell = string | number | undefined

export interface CsvFormatter {
  /** The CSV of a batch of rows, after the BOM and header when this is the first. */
  format(rows: Cell[][]): string
  /** What an export with no rows at all still holds: the BOM and the header. */
  end(): string
}

export function createCsvFormatter(options: CsvOptions, columns: readonly string[]): CsvFormatter {
  // Built once: the BOM and header go with the first batch only.
  const base: Options = {
    header: false,
    bom: false,
    delimiter: csvDelimiters[options.delimiter],
    columns: [...columns],
    record_delimiter: '\r\n',
    // Given a record delimiter, csv-stringify would otherwise quote only fields holding CRLF itself.
    quote_record_delimiter: true,
    cast: {
      string: protectCell,
      // NaN is what the histories hold where a series had no value: an empty cell, never the text "NaN".
      // JSON.stringify writes a finite number exactly as String() does (ECMA-262 SerializeJSONProperty
      // calls ToString), but V8 (11.3, Node 20) puts every String(number) it has not cached into the old
      // generation, because its number-string cache lives there: with 16 distinct numbers a row, a
      // 1,000,000-row export left up to 35 MiB of them in old space, waiting for a mark-compact.
      number: (value) => (Number.isFinite(value) ? JSON.stringify(value) : ''),
    },
  }
  const first: Options = { ...base, header: options.header, bom: options.bom }
  let isFirst = true
  const format = (rows: Cell[][]): string => {
    const text = stringify(rows, isFirst ? first : base)
    isFirst = false
    return text
  }
  return {
    format: (rows) => (rows.length === 0 ? '' : format(rows)),
    end: () => (isFirst ? format([]) : ''),
  }
}

/** The time columns a timestamp style writes, named after what they hold. */
export function timeColumns(style: TimestampStyle, prefix = 'time'): string[] {
  switch (style) {
    case 'iso-epoch':
      return [`${prefix}_utc`, `${prefix}_epoch_ms`]
    case 'iso':
      return [`${prefix}_utc`]
    case 'local':
      return [`${prefix}_local`]
    case 'epoch':
      return [`${prefix}_epoch_ms`]
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** `2026-11-24 10:15:03.120`, the machine's local time: the form spreadsheets read as a date and time. */
function localTime(epochMs: number): string {
  const at = new Date(epochMs)
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`
}

/** Writes the time cells of `epochMs` into `row` from `at`; returns the index after them. */
export function writeTimeCells(style: TimestampStyle, epochMs: number, row: Cell[], at: number): number {
  switch (style) {
    case 'iso-epoch':
      row[at] = new Date(epochMs).toISOString()
      row[at + 1] = epochMs
      return at + 2
    case 'iso':
      row[at] = new Date(epochMs).toISOString()
      return at + 1
    case 'local':
      row[at] = localTime(epochMs)
      return at + 1
    case 'epoch':
      row[at] = epochMs
      return at + 1
  }
}
