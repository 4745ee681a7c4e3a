// Writes an export plan to a destination (an HTTP response, or a temporary file) with backpressure:
// rows are made only as fast as the destination takes them, so memory stays flat whatever the size.
// An abort or a failure on either side destroys both, and the promise rejects with the reason.
import { once } from 'node:events'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CsvOptions, ExportProgress } from '../../shared/export'
import { createCsvStringifier } from './csvFormat'
import type { CsvPlan, ExportPlan, InputProgress, TextPlan } from './exportPlan'

export interface WriteOptions {
  signal: AbortSignal
  /** Called after every batch; the caller decides how often to pass it on. */
  onProgress(progress: ExportProgress): void
}

export function writeExport(plan: ExportPlan, csv: CsvOptions, destination: Writable, options: WriteOptions): Promise<ExportProgress> {
  return plan.format === 'csv' ? writeCsv(plan, csv, destination, options) : writeText(plan, destination, options)
}

async function writeCsv(plan: CsvPlan, csv: CsvOptions, destination: Writable, { signal, onProgress }: WriteOptions): Promise<ExportProgress> {
  const stringifier = createCsvStringifier(csv, plan.columns)
  const input: InputProgress = { inputBytes: 0 }
  const progress = (): ExportProgress => ({ rows, bytes, totalRows: plan.totalRows, inputBytes: plan.totalInputBytes === undefined ? undefined : input.inputBytes, totalInputBytes: plan.totalInputBytes })
  let rows = 0
  let bytes = 0
  stringifier.on('data', (chunk: Buffer) => {
    bytes += chunk.length
  })
  const written = pipeline(stringifier, destination, { signal })
  // Both sides of a race on `written` must not leave it unhandled when the rows fail first.
  written.catch(() => undefined)
  try {
    for await (const batch of plan.rows(input)) {
      signal.throwIfAborted()
      for (const row of batch) {
        if (!stringifier.write(row)) await Promise.race([once(stringifier, 'drain', { signal }), written])
      }
      rows += batch.length
      onProgress(progress())
    }
  } catch (error) {
    stringifier.destroy(error as Error)
    await written.catch(() => undefined)
    throw signal.aborted ? signal.reason : error
  }
  stringifier.end()
  await written
  return progress()
}

async function writeText(plan: TextPlan, destination: Writable, { signal, onProgress }: WriteOptions): Promise<ExportProgress> {
  let rows = 0
  let bytes = 0
  const progress = (): ExportProgress => ({ rows, bytes, totalRows: plan.totalRows })
  async function* pieces() {
    for await (const piece of plan.pieces()) {
      const chunk = Buffer.from(piece.text, 'utf8')
      bytes += chunk.length
      rows += piece.rows
      yield chunk
      onProgress(progress())
    }
  }
  await pipeline(Readable.from(pieces()), destination, { signal })
  return progress()
}
