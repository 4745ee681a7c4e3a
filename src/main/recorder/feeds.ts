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
 * Follows Vigil's own log, the ingest stream and the file sources added before the core started
 * (their tailers then run for as long as the core: the recorder counts their lines with no window
 * open). Returns what the recorder subscribes with; the unsubscribe releases every source.
 */
export function followLogSources(
  registry: SourceRegistry,
  logger: Logger,
): (listener: (lines: readonly LogLine[]) => void) => () => void {
  return (listener) => {
    const held: Acquired[] = []
    const unsubscribes: (() => void)[] = []
    let isStopped = false
    async function follow(id: string): Promise<void> {
      const acquired = await registry.acquire(id)
      if (isStopped) return void (await acquired.release())
      held.push(acquired)
      unsubscribes.push(
        acquired.follower.subscribe((event) => {
          if (event.kind === 'lines') listener(event.lines)
        }),
      )
    }
    void registry
      .list()
      .then((sources) => Promise.all(sources.map((source) => follow(source.id))))
      .catch((error: unknown) =>
        logger.warn('recorder', `log activity is not recorded for every source: ${(error as Error).message}`),
      )
    return () => {
      isStopped = true
      for (const unsubscribe of unsubscribes) unsubscribe()
      for (const acquired of held) void acquired.release()
    }
  }
}
