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
  // Waiting for 'drain' ends when the pipeline does (a destination that failed never drains).
  const settled = new AbortController()
  void written.then(
    () => settled.abort(),
    () => settled.abort(),
  )
  const drainSignal = AbortSignal.any([signal, settled.signal])
  try {
    for await (const batch of plan.rows(input)) {
      signal.throwIfAborted()
      for (const row of batch) {
        rows += 1
        if (!stringifier.write(row)) await once(stringifier, 'drain', { signal: drainSignal })
      }
      onProgress(progress())
    }
  } catch (error) {
    // The history tells how far a failed or cancelled export got.
    onProgress(progress())
    stringifier.destroy(error as Error)
    const failure: unknown = await written.then(
      () => undefined,
      (reason: unknown) => reason,
    )
    throw signal.aborted ? signal.reason : (failure ?? error)
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
