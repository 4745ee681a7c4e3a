// Line batches as the logs stream sends them, for the renderer's store tests.
import type { LineBatch } from '../../../shared/logs'

/** The lines as one batch of the stream, with positions f.1, f.2, … (each line one step past the one before). */
export const batchOf = (...texts: string[]): LineBatch => ({
  source: 'f1',
  text: texts.map((text) => `${text}\n`).join(''),
  base: 'f',
  from: 0,
  steps: texts.map(() => 1),
})
