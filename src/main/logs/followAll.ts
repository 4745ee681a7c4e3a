// Following every log source for as long as the core runs (Vigil's own log, the ingest stream, each added
// file), for the recorder, which counts their lines per second and level with no window open.
import { linesOfBatch } from '../../shared/lineBatch'
import { levelOf } from '../../shared/lineLevel'
import type { LineBatch, LogLine } from '../../shared/logs'
import type { Logger } from '../logger'
import type { Acquired, SourceRegistry } from './sourceRegistry'

/**
 * The batch's whole lines, each with its level: the one its sender stated, or the one its text shows. A
 * partial line is left out: it comes again whole once its end is written, and is counted then.
 */
function linesWithLevels(batch: LineBatch): LogLine[] {
  const lines = linesOfBatch(batch).filter((line) => !line.isPartial)
  for (const line of lines) {
    if (line.level !== undefined) continue
    const level = levelOf(line.text)
    if (level) line.level = level
  }
  return lines
}

/**
 * Follows every log source (Vigil's own log, the ingest stream, each added file) for as long as the core
 * runs, so the recorder counts their lines with no window open: a file's tailer runs from the moment it
 * is added until it is removed. Returns what the recorder subscribes with; the unsubscribe releases all.
 */
export function followAllSources(
  registry: SourceRegistry,
  logger: Logger,
): (listener: (lines: readonly LogLine[]) => void) => () => void {
  return (listener) => {
    const held = new Map<string, { acquired: Acquired; unsubscribe: () => void }>()
    const pending = new Set<string>()
    let isStopped = false

    async function follow(id: string): Promise<void> {
      pending.add(id)
      try {
        const acquired = await registry.acquire(id)
        if (isStopped || !registry.has(id)) return void (await acquired.release())
        const unsubscribe = acquired.follower.subscribe((event) => {
          if (event.kind === 'lines') listener(linesWithLevels(event.batch))
        })
        held.set(id, { acquired, unsubscribe })
      } finally {
        pending.delete(id)
      }
    }

    function release(id: string): void {
      const entry = held.get(id)
      if (!entry) return
      held.delete(id)
      entry.unsubscribe()
      void entry.acquired.release()
    }

    /** Follows the sources not followed yet and lets go of the removed ones. */
    async function reconcile(): Promise<void> {
      const ids = new Set((await registry.list()).map((source) => source.id))
      if (isStopped) return
      for (const id of held.keys()) if (!ids.has(id)) release(id)
      await Promise.all([...ids].filter((id) => !held.has(id) && !pending.has(id)).map(follow))
    }

    const reportFailure = (error: unknown) =>
      logger.warn('logs', `not every source can be followed for the recorder: ${(error as Error).message}`)
    void reconcile().catch(reportFailure)
    const stopWatching = registry.onChange(() => void reconcile().catch(reportFailure))
    return () => {
      isStopped = true
      stopWatching()
      for (const id of [...held.keys()]) release(id)
    }
  }
}
