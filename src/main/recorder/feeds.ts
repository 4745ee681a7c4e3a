// What the core feeds the recorder with, from its siblings' faces: the process list and the lines of
// the log sources. Kept here so that the composition root stays a few lines.
import type { LogLine } from '../../shared/logs'
import type { ProcessInfo } from '../../shared/protocol'
import type { Logger } from '../logger'
import type { Acquired, SourceRegistry } from '../logs/sourceRegistry'
import type { ProcessMonitor } from '../metrics/processMonitor'

/** Every process the monitor ranks first by CPU or by memory (the monitor shares one reading between the two). */
export function readTopProcesses(monitor: ProcessMonitor): () => Promise<readonly ProcessInfo[]> {
  return async () => {
    const [byCpu, byMemory] = await Promise.all([monitor.list('cpu'), monitor.list('memory')])
    return [...byCpu.processes, ...byMemory.processes]
  }
}

/**
 * Follows every log source (Vigil's own log, the ingest stream, each added file) for as long as the core
 * runs, so the recorder counts their lines with no window open: a file's tailer runs from the moment it
 * is added until it is removed. Returns what the recorder subscribes with; the unsubscribe releases all.
 */
export function followLogSources(
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
          if (event.kind === 'lines') listener(event.lines)
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
      logger.warn('recorder', `log activity is not recorded for every source: ${(error as Error).message}`)
    void reconcile().catch(reportFailure)
    const stopWatching = registry.onChange(() => void reconcile().catch(reportFailure))
    return () => {
      isStopped = true
      stopWatching()
      for (const id of [...held.keys()]) release(id)
    }
  }
}
