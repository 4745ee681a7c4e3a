// The logs capability: Vigil's own log and the ingest stream (rings in memory), the user's file sources,
// and their routes. The core's logger writes through vigilLogSink(), so its entries are a source too.
import { builtInSources } from '../../shared/logs'
import type { LogEntry, Logger, LogSink } from '../logger'
import type { Route } from '../server/httpServer'
import { createLogsRoutes } from './logsRoutes'
import { createMemorySource, type MemorySource } from './memorySource'
import { createSourceRegistry, type SourceRegistry } from './sourceRegistry'

/** Lines kept by each in-memory source. */
const memorySourceCapacity = 10_000

export interface Logs {
  registry: SourceRegistry
  routes: Route[]
  dispose(): Promise<void>
}

/** Vigil's own log as a source: entries become "time LEVEL [component] message" lines with their level. */
export function createVigilLog(epoch: string): { source: MemorySource; sink: LogSink } {
  const source = createMemorySource(builtInSources.vigil, epoch, memorySourceCapacity)
  const sink = (entry: LogEntry) =>
    source.append([
      {
        text: `${new Date(entry.time).toISOString()} ${entry.level.toUpperCase()} [${entry.component}] ${entry.message}`,
        level: entry.level,
      },
    ])
  return { source, sink }
}

export async function createLogs(options: {
  dataDir: string
  epoch: string
  logger: Logger
  vigilLog: MemorySource
  keepAliveMs: number
}): Promise<Logs> {
  const ingest = createMemorySource(builtInSources.ingest, options.epoch, memorySourceCapacity)
  const registry = await createSourceRegistry({
    dataDir: options.dataDir,
    logger: options.logger,
    vigilLog: options.vigilLog,
    ingest,
  })
  return {
    registry,
    routes: createLogsRoutes({ registry, ingest, keepAliveMs: options.keepAliveMs }),
    dispose: () => registry.dispose(),
  }
}
