// Reading back the last lines of a source up to a recorded position: what the recorder's time cursor
// shows for a moment. A file is read from where the lines still are (found again after a rotation); a
// memory source answers only for this run of Vigil and only the lines its ring still holds.
import { stat } from 'node:fs/promises'
import { linesOfBatch } from '../../shared/lineBatch'
import { levelOf } from '../../shared/lineLevel'
import type { LogLevelName } from '../../shared/logs'
import { parseFilePosition } from './fileSource'
import { fileIdOf } from './fileTailer'
import type { SourceRegistry } from './sourceRegistry'

export interface ReadBackLine {
  text: string
  level?: LogLevelName
}

/** The lines found (oldest first; fewer than asked when the rest are gone), or why none can be read. */
export type LinesBefore = { name: string; lines: ReadBackLine[] } | { name: string; gap: string }

/** True when the file at the path is the one of the position but now ends before it (copytruncate). */
async function isTruncatedBefore(path: string, until: string): Promise<boolean> {
  const end = parseFilePosition(until)
  const stats = await stat(path).catch(() => undefined)
  return end !== undefined && stats !== undefined && fileIdOf(stats) === end.fileId && stats.size < end.offset
}

/** The last `count` complete lines of a source that end at `until` (a position the source gave). */
export async function readLinesBefore(
  registry: SourceRegistry,
  epoch: string,
  sourceId: string,
  until: string,
  count: number,
): Promise<LinesBefore> {
  const info = (await registry.list()).find((source) => source.id === sourceId)
  if (!info) return { name: sourceId, gap: 'the source was removed' }
  const { name } = info
  // A memory source's positions are `<epoch>.<seq>`: one of an earlier run names lines long gone.
  if (info.kind !== 'file' && !until.startsWith(`${epoch}.`))
    return { name, gap: 'these lines were held in memory by an earlier run of Vigil' }
  if (info.kind === 'file' && (await isTruncatedBefore(info.path!, until)))
    return { name, gap: 'the lines are no longer in the file: it was truncated since' }
  const acquired = await registry.acquire(sourceId)
  try {
    const plan = await acquired.follower.read({ tailLines: count }, until)
    if (!('batches' in plan)) return { name, gap: `the lines are no longer in the file: ${plan.gap}` }
    const lines: ReadBackLine[] = []
    for await (const { batch } of plan.batches())
      for (const line of linesOfBatch(batch)) {
        const level = line.level ?? levelOf(line.text)
        lines.push(level ? { text: line.text, level } : { text: line.text })
      }
    return { name, lines: lines.slice(-count) }
  } catch (error) {
    return { name, gap: `the lines cannot be read now: ${(error as Error).message}` }
  } finally {
    await acquired.release()
  }
}
