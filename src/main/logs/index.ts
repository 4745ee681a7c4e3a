// The logs capability: Vigil's own log and the ingest stream (rings in memory), the user's file sources,
// their routes, and scans of any source's lines through the live view's filter (for exports).
// The core's logger writes through createVigilLog()'s sink, so its entries are a source too.
import { builtInSources, type LogSourceInfo } from '../../shared/logs'
import type { LineTally } from '../../shared/recorder'
import type { LogEntry, Logger, LogSink } from '../logger'
import type { Capability } from '../capability'
import { followAllSources } from './followAll'
import { readLinesBefore, type LinesBefore } from './linesBefore'
import { createLogsRoutes } from './logsRoutes'
import { createMemorySource, type MemorySource } from './memorySource'
import { planScan, type LogScan, type RowMaker, type ScanRequest } from './scan'
import { createSourceRegistry } from './sourceRegistry'

export type { LinesBefore, ReadBackLine } from './linesBefore'
export type { LogScan, RowMaker, ScanProgress, ScanRequest } from './scan'

/** Lines kept by each in-memory source. */
const memorySourceCapacity = 10_000

/** What siblings may ask of the logs. */
export interface Logs {
  /** Every source as it is now: built-in ones first, then the user's files. */
  list(): Promise<LogSourceInfo[]>
  hasSource(id: string): boolean
  /** A source the user confirmed despite its permissions: its lines leave the machine only after a second confirmation. */
  isSensitive(id: string): boolean
  /**
   * Follows every source for as long as anyone listens (a file from its addition to its removal) and hands
   * on each read's whole lines counted by level; returns the unsubscribe.
   */
  followAll(listener: (tally: LineTally) => void): () => void
  /** Checks a request against the sources as they are now (4xx with the reason) and plans the scan. */
  scan<Row>(request: ScanRequest, toRow: RowMaker<Row>): Promise<LogScan<Row>>
  /** The last `count` lines of a source ending at a position it gave (the recorder's), or why they are gone. */
  linesBefore(sourceId: string, until: string, count: number): Promise<LinesBefore>
}

export interface LogsDeps {
  dataDir: string
  epoch: string
  logger: Logger
  vigilLog: MemorySource
  keepAliveMs: number
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

export async function createLogs(options: LogsDeps): Promise<Capability<Logs>> {
  const ingest = createMemorySource(builtInSources.ingest, options.epoch, memorySourceCapacity)
  const registry = await createSourceRegistry({
    dataDir: options.dataDir,
    logger: options.logger,
    vigilLog: options.vigilLog,
    ingest,
  })
  return {
    api: {
      list: () => registry.list(),
      hasSource: (id) => registry.has(id),
      isSensitive: (id) => registry.isSensitive(id),
      followAll: followAllSources(registry, options.logger),
      scan: (request, toRow) => planScan(registry, request, toRow),
      linesBefore: (sourceId, until, count) => readLinesBefore(registry, options.epoch, sourceId, until, count),
    },
    routes: createLogsRoutes({ registry, ingest, keepAliveMs: options.keepAliveMs }),
    dispose: () => registry.dispose(),
  }
}
