// The one CSV formatter every export goes through: csv-stringify with RFC 4180 quoting (CRLF records; a
// field holding the delimiter, a quote, CR or LF is quoted) and every text cell made spreadsheet-safe.
// Rows come in batches and each batch becomes one string: csv-stringify's stream form would push every
// record on its own through Transform and into the socket (in an HTTP response, one chunk per record),
// which cost more than the formatting itself.
//
// A formatter may also join rows of plain cells itself (see `joinsPlainRows`): a log export can keep
// 500,000 lines of a 500 MB file, and csv-stringify's ~0.9 µs a row on the 2-core test machine was
// more than the file's reading, search and decoding together. A plain row is what csv-stringify writes
// when it quotes nothing: the cells cast as it casts them (protectCell, numberCell), joined by the
// delimiter, ended by CRLF. Every other row, and the BOM and header, still come from csv-stringify.
// One scan per text cell decides: a cell with no quote, delimiter, line break or other control
// character needs neither quotes nor more of protectCell than its anchored formula-start test.
import { stringify, type Options } from 'csv-stringify/sync'
import {
  csvDelimiters,
  guardFormulaStart,
  protectCell,
  type CsvOptions,
  type TimestampStyle,
} from '../../shared/export'

/** A cell: numbers stay numbers, text is protected, undefined is an empty cell. */
export type Cell = string | number | undefined

export interface CsvFormatter {
  /** The CSV of a batch of rows, after the BOM and header when this is the first. */
  format(rows: Cell[][]): string
  /** What an export with no rows at all still holds: the BOM and the header. */
  end(): string
}

export interface FormatterChoices {
  /**
   * Rows whose every cell needs no quoting (no delimiter, quote, CR or LF, after protection) are joined
   * here, byte for byte as csv-stringify would write them; runs of other rows go to csv-stringify.
   */
  joinsPlainRows?: boolean
}

// NaN is what the histories hold where a series had no value: an empty cell, never the text "NaN".
// JSON.stringify writes a finite number exactly as String() does (ECMA-262 SerializeJSONProperty
// calls ToString), but V8 (11.3, Node 20) puts every String(number) it has not cached into the old
// generation, because its number-string cache lives there: with 16 distinct numbers a row, a
// 1,000,000-row export left up to 35 MiB of them in old space, waiting for a mark-compact.
const numberCell = (value: number): string => (Number.isFinite(value) ? JSON.stringify(value) : '')

export function createCsvFormatter(
  options: CsvOptions,
  columns: readonly string[],
  { joinsPlainRows = false }: FormatterChoices = {},
): CsvFormatter {
  const delimiter = csvDelimiters[options.delimiter]
  // Built once: the BOM and header go with the first batch only.
  const base: Options = {
    header: false,
    bom: false,
    delimiter,
    columns: [...columns],
    record_delimiter: '\r\n',
    // Given a record delimiter, csv-stringify would otherwise quote only fields holding CRLF itself.
    quote_record_delimiter: true,
    cast: { string: protectCell, number: numberCell },
  }
  const first: Options = { ...base, header: options.header, bom: options.bom }
  let isFirst = true
  const format = (rows: Cell[][]): string => {
    const text = stringify(rows, isFirst ? first : base)
    isFirst = false
    return text
  }
  // Quotes, the delimiter, and every C0 control (CR, LF, those protectCell rewrites; a tab goes the slow
  // way too, which writes the same bytes): one range scans faster than a class with holes.
  const needsMore = new RegExp(`["${delimiter}\\x00-\\x1F]`)
  /** The row as csv-stringify would write it unquoted, or undefined when a cell needs quotes. */
  const plainRow = (row: Cell[]): string | undefined => {
    let line = ''
    for (let index = 0; index < row.length; index += 1) {
      const cell = row[index]
      let text = ''
      if (typeof cell === 'number') text = numberCell(cell)
      else if (typeof cell === 'string') {
        if (needsMore.test(cell)) return undefined
        text = guardFormulaStart(cell)
      }
      line = index === 0 ? text : line + delimiter + text
    }
    return line + '\r\n'
  }
  const joined = (rows: Cell[][]): string => {
    const pieces: string[] = isFirst ? [format([])] : []
    let quotedFrom = -1
    for (let index = 0; index < rows.length; index += 1) {
      const line = plainRow(rows[index]!)
      if (line === undefined) {
        if (quotedFrom === -1) quotedFrom = index
        continue
      }
      if (quotedFrom !== -1) pieces.push(stringify(rows.slice(quotedFrom, index), base))
      quotedFrom = -1
      pieces.push(line)
    }
    if (quotedFrom !== -1) pieces.push(stringify(rows.slice(quotedFrom), base))
    return pieces.join('')
  }
  return {
    format: (rows) => (rows.length === 0 ? '' : joinsPlainRows ? joined(rows) : format(rows)),
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
