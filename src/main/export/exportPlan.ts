// What an export is once checked: a title and file name for people, and its content as rows (CSV) or
// text (Markdown, JSON), made lazily as the writer asks, so memory stays flat whatever the size.
import type { ExportKind } from '../../shared/export'
import type { Cell } from './csvFormat'

export interface InputProgress {
  /** Bytes of the source read so far (log files), for the progress bar. */
  inputBytes: number
}

interface PlanBase {
  kind: ExportKind
  title: string
  extension: 'csv' | 'md' | 'json'
  contentType: string
  totalRows?: number
  totalInputBytes?: number
}

export interface CsvPlan extends PlanBase {
  format: 'csv'
  columns: string[]
  /** The formatter joins rows of plain cells itself (see csvFormat): for exports of many text rows. */
  joinsPlainRows?: boolean
  /** Rows in batches; each row has one cell per column. */
  rows(input: InputProgress): AsyncIterable<Cell[][]> | Iterable<Cell[][]>
}

export interface TextPlan extends PlanBase {
  format: 'text'
  /** The text in pieces, and how many rows (messages) each piece completes. */
  pieces(): AsyncIterable<{ text: string; rows: number }> | Iterable<{ text: string; rows: number }>
}

export type ExportPlan = CsvPlan | TextPlan

export const csvContentType = 'text/csv; charset=utf-8'

/** Thrown while rows are made when the data went away under the export (overwritten, rotated). */
export class ExportSourceError extends Error {
  override name = 'ExportSourceError'
}
