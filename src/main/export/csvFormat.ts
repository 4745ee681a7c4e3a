// The one CSV writer every export goes through: csv-stringify with RFC 4180 quoting (CRLF records; a
// field holding the delimiter, a quote, CR or LF is quoted) and every text cell made spreadsheet-safe.
import { stringify, type Stringifier } from 'csv-stringify'
import { csvDelimiters, protectCell, type CsvOptions, type TimestampStyle } from '../../shared/export'

/** A cell: numbers stay numbers, text is protected, undefined is an empty cell. */
export type Cell = string | number | undefined

export function createCsvStringifier(options: CsvOptions, columns: readonly string[]): Stringifier {
  return stringify({
    delimiter: csvDelimiters[options.delimiter],
    header: options.header,
    columns: [...columns],
    bom: options.bom,
    record_delimiter: '\r\n',
    // Given a record delimiter, csv-stringify would otherwise quote only fields holding CRLF itself.
    quote_record_delimiter: true,
    cast: {
      string: protectCell,
      // NaN is what the histories hold where a series had no value: an empty cell, never the text "NaN".
      number: (value) => (Number.isFinite(value) ? String(value) : ''),
    },
  })
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
