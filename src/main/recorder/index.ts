// The recorder capability (the black box): always on in the core, it keeps every sample, the top
// processes, log activity, alert episodes (each start with the top processes and newest log lines then)
// and marks in recorder.db under the data folder, answers bounded queries over them, and counts the
// lines of a level a source wrote lately (what alert rules with a log rate ask). Its face:
// createRecorder(deps) -> { routes, dispose, api }; openRecorderReader() reads the same database from
// another process (the MCP command) while a core may be writing it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'libsql'
import type { AlertEpisode, MetricSample, ProcessInfo, SampleColumns, Settings } from '../../shared/protocol'
import { VigilError } from '../../shared/errors'
import type {
  ActivityLevel,
  EpisodeLine,
  LineTally,
  LogActivity,
  ProcessSnapshot,
  ProcessSnapshots,
  RecorderEvents,
  RecorderMoment,
  RecordedProcess,
  RecorderStatus,
  RecorderSummary,
  SeriesRange,
} from '../../shared/recorder'
import { recorderLimits, recorderRetention } from '../../shared/recorder'
import type { Logger } from '../logger'
import type { Capability } from '../capability'
import { openRecorderDatabase } from './database'
import { createJournalStore } from './journalStore'
import { assembleMoment, newestLines, type ReadLinesBefore } from './moment'
import { queryEvents, queryLogActivity, querySeries, type LogActivityQuery, type SeriesQuery } from './queries'
import { withCommandLines } from './commandLines'
import { createRecorderWriter, pickTopProcesses, type RecorderSettings, type RecorderWriter } from './recorder'
import { createRecorderRoutes } from './recorderRoutes'
import { createSeriesStore } from './seriesStore'
import { summarizeWindow, type SummaryQuery } from './summary'
import { inTransaction } from './sql'

export { readTopProcesses } from './feeds'
export { recordedLogRange } from './logRange'
export type { RecorderSettings } from './recorder'

/** The recorder's part of the user's settings, with the defaults for what is unset. */
export function recorderSettingsOf(settings: Settings): RecorderSettings {
  return {
    retentionDays: settings.recorderRetentionDays ?? recorderRetention.defaultDays,
    recordCommandLines: settings.recordCommandLines === true,
  }
}

export interface RecorderDeps {
  dataDir: string
  logger: Logger
  /** The sampler's interval: a longer silence between samples becomes a mark. */
  intervalMs: number
  onSample(listener: (sample: MetricSample) => void): () => void
  /** The samples taken before the recorder subscribed (the sampler starts first): recorded first, so none is lost. */
  earlierSamples?: () => readonly MetricSample[]
  /** Every process with its CPU share and memory; read every `processIntervalMs`. */
  readProcesses?: () => Promise<readonly ProcessInfo[]>
  onEpisode?: (listener: (episode: AlertEpisode) => void) => () => void
  /** Lines of the log sources to count per second; returns the unsubscribe. */
  onLogLines?: (listener: (tally: LineTally) => void) => () => void
  /** The user's choices at start (7 days, no command lines when unset); configure() changes them. */
  settings?: Partial<RecorderSettings>
  /** Reads back a source's lines up to a recorded position (the logs capability's), for the time cursor. */
  readLinesBefore?: ReadLinesBefore
  flushIntervalMs?: number
  processIntervalMs?: number
  now?: () => number
  monotonicNow?: () => number
}

export interface RecorderApi {
  status(): RecorderStatus
  onStatus(listener: (status: RecorderStatus) => void): () => void
  series(query: SeriesQuery): SeriesRange
  /** The keys of every series the database holds, sorted. */
  seriesKeys(): string[]
  /** Epoch ms of the oldest sample and the oldest minute aggregate held, where any is. */
  heldSince(): { sample?: number; minute?: number }
  processesAt(at: number): ProcessSnapshot | undefined
  processes(from: number, to: number, limit: number): ProcessSnapshots
  logActivity(query: LogActivityQuery): LogActivity
  events(query: { from: number; to: number; limit: number }): RecorderEvents
  /** One moment for the time cursor: processes then, log lines ±`seconds`, open episodes, marks nearby. */
  moment(query: { at: number; seconds: number }): Promise<RecorderMoment>
  /** Lines of `level` from `source` over the last `windowSeconds` (this second included). */
  lineRate(source: string, level: ActivityLevel, windowSeconds: number): number
  /** A window summed up: series, top processes, log activity and notable lines, alerts and marks (see summary.ts). */
  summary(query: SummaryQuery): Promise<RecorderSummary>
  /** Every recorded series over [from, to] as columns, at most `maxSamples` of the newest samples: what seeds a chart. */
  recentColumns(from: number, to: number, maxSamples: number): Omit<SampleColumns, 'firstSeq'>
  /** Writes what waits now; true when it was written. */
  flush(): boolean
  /** Applies the user's settings at once; resolves once what a shorter retention leaves out is deleted. */
  configure(settings: RecorderSettings): Promise<void>
  /** Deletes every recorded row (the database stays) and records a `cleared` mark. */
  clearHistory(): void
}

export type Recorder = Capability<RecorderApi>

/** The queries alone: what the AI's tools ask of the recorder. */
export type RecorderReader = Pick<
  RecorderApi,
  'series' | 'seriesKeys' | 'processesAt' | 'processes' | 'logActivity' | 'events'
>

function readerOf(series: ReturnType<typeof createSeriesStore>, journal: ReturnType<typeof createJournalStore>) {
  return {
    series: (query) => querySeries(series, query),
    seriesKeys: () => series.keys(),
    processesAt: (at) => journal.snapshotAt(at, recorderLimits.processSnapshotReachMs),
    processes(from, to, limit) {
      const snapshots = journal.snapshots(from, to, limit + 1)
      return { snapshots: snapshots.slice(0, limit), isTruncated: snapshots.length > limit }
    },
    logActivity: (query) => queryLogActivity(journal, query),
    events: (query) => queryEvents(journal, query),
  } satisfies RecorderReader
}

/**
 * Opens the recorder database of a data folder for reading only, beside a core that may be writing it
 * (WAL lets readers and one writer work at once). Nothing is migrated or written: `query_only` refuses
 * any write. A database not there yet is refused with the reason.
 */
export function openRecorderReader(dataDir: string): { api: RecorderReader; dispose(): void } {
  const path = join(dataDir, 'recorder.db')
  if (!existsSync(path))
    throw new VigilError(
      'not_found',
      `There is no recorder database at ${path}: start Vigil with this data folder first.`,
    )
  const db = new Database(path)
  try {
    db.exec('PRAGMA query_only = ON')
    // A reader may meet the writer's checkpoint: wait for it rather than fail.
    db.exec('PRAGMA busy_timeout = 2000')
    return { api: readerOf(createSeriesStore(db), createJournalStore(db)), dispose: () => db.close() }
  } catch (error) {
    db.close()
    throw error
  }
}

function unavailable(): never {
  throw new VigilError('unavailable', 'The recorder could not open its database: see Vigil’s log for why.')
}

export function createRecorder(deps: RecorderDeps): Recorder {
  const now = deps.now ?? Date.now
  const monotonicNow = deps.monotonicNow ?? (() => performance.now())
  const settings: RecorderSettings = {
    retentionDays: Math.min(deps.settings?.retentionDays ?? recorderRetention.defaultDays, recorderRetention.maxDays),
    recordCommandLines: deps.settings?.recordCommandLines === true,
  }
  const path = join(deps.dataDir, 'recorder.db')
  let opened: ReturnType<typeof openRecorderDatabase>
  try {
    // A quick_check only after an unclean stop (no `stopped` mark last): on a big database it takes a while.
    opened = openRecorderDatabase(path, (db) => {
      const last = createJournalStore(db).lastMark()
      return last !== undefined && last.kind !== 'stopped'
    })
  } catch (error) {
    const reason = `The recorder could not open ${path}: ${(error as Error).message}`
    deps.logger.error('recorder', reason)
    const status: RecorderStatus = { state: 'failed', reason, since: now(), databaseBytes: 0, ...settings }
    const api: RecorderApi = {
      status: () => status,
      onStatus: () => () => undefined,
      series: unavailable,
      seriesKeys: () => [],
      heldSince: () => ({}),
      processesAt: unavailable,
      processes: unavailable,
      logActivity: unavailable,
      events: unavailable,
      moment: unavailable,
      lineRate: () => 0,
      summary: unavailable,
      recentColumns: () => ({ t: [], values: {} }),
      flush: () => false,
      configure: () => Promise.resolve(),
      clearHistory: unavailable,
    }
    return { routes: createRecorderRoutes(api), api, dispose: () => undefined }
  }
  const { db, movedAside } = opened
  if (movedAside)
    deps.logger.error(
      'recorder',
      `The recorder database was damaged (${movedAside.reason}); it was moved to ${movedAside.path} and a new one started.`,
    )
  const series = createSeriesStore(db)
  const journal = createJournalStore(db)
  const previousEnd = series.newestTime()
  inTransaction(db, () => {
    // What an earlier run left open is sealed now: this run's samples start a chunk of their own.
    series.seal({ isNewestIncluded: true })
    const last = journal.lastMark()
    if (last !== undefined && last.kind !== 'stopped')
      journal.addMark({
        t: previousEnd ?? last.t,
        kind: 'stopped',
        detail:
          'Vigil stopped without closing the recorder (a crash, a kill or a power cut): the last seconds may be missing.',
      })
  })
  const writer: RecorderWriter = createRecorderWriter({
    db,
    path,
    series,
    journal,
    logger: deps.logger,
    intervalMs: deps.intervalMs,
    flushIntervalMs: deps.flushIntervalMs ?? 5000,
    settings,
    movedAside,
    now,
    monotonicNow,
  })

  const { readProcesses } = deps
  /** The top processes by CPU now (the latest snapshot when they cannot be read), for an episode's start. */
  async function processesNow(): Promise<RecordedProcess[]> {
    try {
      if (readProcesses) {
        // The busiest first, each process once (the feed lists a process busy in both ways twice).
        const top = pickTopProcesses(await readProcesses()).slice(0, recorderLimits.episodeProcesses)
        return settings.recordCommandLines ? await withCommandLines(top) : top
      }
    } catch (error) {
      deps.logger.warn('recorder', `reading the processes for an alert failed: ${(error as Error).message}`)
    }
    return (
      journal
        .snapshotAt(now(), recorderLimits.processSnapshotReachMs)
        ?.processes.slice(0, recorderLimits.episodeProcesses) ?? []
    )
  }
  /** The newest log lines across sources at `t` (the last seconds' activity, written or waiting), for an episode's start. */
  function linesAt(t: number): Promise<EpisodeLine[]> {
    const toSecond = Math.floor(t / 1000)
    const fromSecond = toSecond - recorderLimits.episodeLinesReachSeconds
    const written = journal.activity(fromSecond, toSecond, undefined, recorderLimits.logRowBudget)
    const waiting = writer.pendingActivity().filter((row) => row.second >= fromSecond && row.second <= toSecond)
    return newestLines([...written, ...waiting], deps.readLinesBefore)
  }

  for (const sample of deps.earlierSamples?.() ?? []) writer.recordSample(sample)
  const unsubscribers = [
    deps.onSample((sample) => writer.recordSample(sample)),
    deps.onEpisode?.((episode) => {
      const t = now()
      if (episode.state !== 'firing') return writer.recordEpisode({ ...episode, t })
      void Promise.all([processesNow(), linesAt(t)]).then(([processes, lines]) =>
        writer.recordEpisode({ ...episode, t, context: { processes, lines } }),
      )
    }),
    deps.onLogLines?.((tally) => writer.recordLogLines(tally)),
  ]
  let isReadingProcesses = false
  const processTimer = readProcesses
    ? setInterval(() => {
        if (isReadingProcesses) return
        isReadingProcesses = true
        readProcesses()
          .then(async (processes) => {
            const top = pickTopProcesses(processes)
            writer.recordSnapshot(settings.recordCommandLines ? await withCommandLines(top) : top)
          })
          .catch((error: unknown) =>
            deps.logger.warn('recorder', `reading the processes failed: ${(error as Error).message}`),
          )
          .finally(() => (isReadingProcesses = false))
      }, deps.processIntervalMs ?? 5000)
    : undefined

  const api: RecorderApi = {
    status: () => writer.status(),
    onStatus: (listener) => writer.onStatus(listener),
    ...readerOf(series, journal),
    // The seconds counted since the last write are part of the answer, so a chart of the newest seconds is current.
    logActivity: (query) => queryLogActivity(journal, query, writer.pendingActivity()),
    moment: (query) => assembleMoment(journal, deps.readLinesBefore, query),
    lineRate(source, level, windowSeconds) {
      const second = Math.floor(now() / 1000)
      return writer.lineCount(source, level, second - windowSeconds + 1, second)
    },
    heldSince() {
      const sample = series.oldestTime()
      const minute = series.oldestMinute()
      return { ...(sample !== undefined ? { sample } : {}), ...(minute !== undefined ? { minute } : {}) }
    },
    summary(query) {
      // The samples and lines waiting for the next write belong to the window too (the live one ends now).
      writer.flush()
      return summarizeWindow(series, journal, deps.readLinesBefore, query)
    },
    recentColumns(from, to, maxSamples) {
      const raw = series.readRaw(from, to, series.keys())
      const skip = Math.max(0, raw.t.length - maxSamples)
      const values: SampleColumns['values'] = {}
      for (const [key, column] of raw.values) {
        const kept = column.slice(skip)
        if (kept.some((value) => !Number.isNaN(value)))
          values[key] = kept.map((value) => (Number.isNaN(value) ? null : value))
      }
      return { t: raw.t.slice(skip), values }
    },
    flush: () => writer.flush(),
    configure(next) {
      Object.assign(settings, next)
      return writer.configure(next)
    },
    clearHistory: () => writer.clear(),
  }

  return {
    routes: createRecorderRoutes(api),
    api,
    dispose() {
      if (processTimer) clearInterval(processTimer)
      for (const unsubscribe of unsubscribers) unsubscribe?.()
      writer.dispose()
      // libsql lets go of the files only once its statements are garbage-collected, not at close().
      db.close()
    },
  }
}
