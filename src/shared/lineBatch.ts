// A batch of lines (one event of the logs stream, or of a read page) as the lines it holds, each with
// its position and details: what the viewer keeps, made in one pass over the batch.
import type { LineBatch, LogLine } from './logs'

export function linesOfBatch(batch: LineBatch): LogLine[] {
  const texts = batch.text.split('\n')
  const lines: LogLine[] = new Array<LogLine>(batch.steps.length)
  let end = batch.from
  for (let index = 0; index < batch.steps.length; index += 1) {
    end += batch.steps[index]!
    const line: LogLine = { source: batch.source, text: texts[index]!, position: `${batch.base}.${end}` }
    const details = batch.details?.[index]
    if (details) {
      if (details.level) line.level = details.level
      if (details.origin) line.origin = details.origin
      if (details.cutBytes) line.cutBytes = details.cutBytes
      if (details.isPartial) line.isPartial = true
    }
    lines[index] = line
  }
  return lines
}
