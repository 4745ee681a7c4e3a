// Writes an export plan to a destination (an HTTP response, or a temporary file) with backpressure:
// a batch is made only once the destination has taken the one before, so memory stays flat whatever
// the size. An abort or a failure on either side destroys the destination, and the promise rejects
// with the reason.
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { CsvOptions, ExportProgress } from '../../shared/export'
import { createCsvFormatter } from './csvFormat'
import type { CsvPlan, ExportPlan, InputProgress } from './exportPlan'

export interface WriteOptions {
  signal: AbortSignal
  /** Called after every batch; the caller decides how often to pass it on. */
  onProgress(progress: ExportProgress): void
}

type Piece = { text: string; rows: number }

async function* csvPieces(plan: CsvPlan, csv: CsvOptions, input: InputProgress): AsyncGenerator<Piece> {
  const formatter = createCsvFormatter(csv, plan.columns, { joinsPlainRows: plan.joinsPlainRows })
  for await (const rows of plan.rows(input)) yield { text: formatter.format(rows), rows: rows.length }
  yield { text: formatter.end(), rows: 0 }
}

export async function writeExport(
  plan: ExportPlan,
  csv: CsvOptions,
  destination: Writable,
  { signal, onProgress }: WriteOptions,
): Promise<ExportProgress> {
  const input: InputProgress = { inputBytes: 0 }
  let rows = 0
  let bytes = 0
  const progress = (): ExportProgress => ({
    rows,
    bytes,
    totalRows: plan.totalRows,
    inputBytes: plan.totalInputBytes === undefined ? undefined : input.inputBytes,
    totalInputBytes: plan.totalInputBytes,
  })
  const done = finished(destination)
  // Waiting for 'drain' ends when the destination does (one that failed never drains).
  const settled = new AbortController()
  void done.then(
    () => settled.abort(),
    () => settled.abort(),
  )
  const drainSignal = AbortSignal.any([signal, settled.signal])
  // The wait for the destination to take the last piece, if it has not yet: the next piece is made
  // meanwhile and written once it has, so formatting and writing overlap and at most one piece waits.
  let drained: Promise<unknown> | undefined
  try {
    for await (const piece of plan.format === 'csv' ? csvPieces(plan, csv, input) : plan.pieces()) {
      signal.throwIfAborted()
      if (destination.errored) throw destination.errored
      rows += piece.rows
      if (piece.text !== '') {
        const chunk = Buffer.from(piece.text, 'utf8')
        await drained
        bytes += chunk.length
        drained = destination.write(chunk) ? undefined : once(destination, 'drain', { signal: drainSignal })
        // Awaited with the next piece or at the end; until then a failure must not count as unhandled.
        drained?.catch(() => undefined)
      }
      onProgress(progress())
    }
    await drained
    destination.end()
    await done
    return progress()
  } catch (error) {
    // The history tells how far a failed or cancelled export got.
    onProgress(progress())
    destination.destroy()
    const failure: unknown = await done.then(
      () => undefined,
      (reason: unknown) => reason,
    )
    throw signal.aborted ? signal.reason : (destination.errored ?? failure ?? error)
  }
}
