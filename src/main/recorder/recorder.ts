// The recorder's write side and lifecycle. Everything it is told (samples, process snapshots, log lines,
// alert episodes) waits in memory and is written in one transaction every `flushIntervalMs`, so a kill -9
// loses at most that much, and a crash inside a transaction loses only it (WAL). Each sample is checked
// against the one before on two clocks: the wall clock going back, or running far ahead of the monotonic
// one (a suspend: the monotonic clock stops while the machine sleeps), becomes a mark, as does a stall
// that left samples untaken; the samples themselves are stored as they came, so a gap stays a gap.
// A write that fails (disk full, read-only) pauses recording with the reason as status; the batch is
// kept (bounded: the oldest samples go first, counted) and tried again each interval, and recording
// resumes on its own with a `paused` mark over the span. What is past the retention is deleted in small
// batches, each its own short transaction with the event loop free between them, so shrinking the
// retention by weeks never holds up the core.
import { statSync } from 'node:fs'
import type Database from 'libsql'
import type { MetricSample, ProcessInfo } from '../../shared/protocol'
import { VigilError } from '../../shared/errors'
import {
  activityLevels,
  type ActivityLevel,
  type LineTally,
  type ProcessSnapshot,
  type RecordedEpisode,
  type RecordedProcess,
  type RecorderMark,
  type RecorderStatus,
} from '../../shared/recorder'
import type { Logger } from '../logger'
import { isDiskFull } from './database'
import type { ActivityRow, JournalStore } from './journalStore'
import type { SeriesStore } from './seriesStore'
import { inTransaction } from './sql'

const dayMs = 86_400_000
/** Processes kept per snapshot: the top by CPU and the top by memory (a process in both is kept once). */
export const topProcessesPerSort = 20
/** Minute aggregates, episodes and marks are kept this long. */
export const longRetentionDays = 400
/** What is kept in memory while writing fails (the oldest go first): ten minutes of samples and snapshots. */
const maxPendingSamples = 600
const maxPendingSnapshots = 120
/** Seconds × sources of log activity. */
const maxPendingActivityRows = 10_000
const pruneEveryMs = 3_600_000
/**
 * What one trimming transaction deletes at most, so that none holds the event loop more than a few ms:
 * a day of chunks (an hour of samples each, a row per series) or of day blocks, and journal rows of each kind.
 */
const pruneBatchChunks = 24
const pruneBatchRows = 1000

/** What the user chooses (kept with the user's settings). */
export interface RecorderSettings {
  retentionDays: number
  recordCommandLines: boolean
}

export interface RecorderWriterOptions {
  db: Database.Database
  path: string
  series: SeriesStore
  journal: JournalStore
  logger: Logger
  intervalMs: number
  flushIntervalMs: number
  settings: RecorderSettings
  movedAside?: { path: string; reason: string }
  now: () => number
  monotonicNow: () => number
}

export interface RecorderWriter {
  recordSample(sample: MetricSample): void
  /** Keeps a snapshot of the top processes (pickTopProcesses), with their command lines when those are on. */
  recordSnapshot(processes: RecordedProcess[]): void
  /** Adds a read's whole lines, counted by level, to its source's current second. */
  recordLogLines(tally: LineTally): void
  /** The log activity counted but not written yet (the newest seconds), to read at once: queries add it to what is written. */
  pendingActivity(): ActivityRow[]
  /** Keeps an episode change as the recorder saw it (its time, and a start's context). */
  recordEpisode(episode: RecordedEpisode): void
  /** Lines of `level` from `source` over [fromSecond, toSecond]: those written and those waiting. */
  lineCount(source: string, level: ActivityLevel, fromSecond: number, toSecond: number): number
  /** Writes what waits now (tests and shutdown); true when it was written. */
  flush(): boolean
  status(): RecorderStatus
  onStatus(listener: (status: RecorderStatus) => void): () => void
  /** Applies new settings; resolves once what a shorter retention leaves out is deleted. */
  configure(settings: RecorderSettings): Promise<void>
  /** Deletes every recorded row and what waits to be written, then records a `cleared` mark. */
  clear(): void
  /** Writes the rest and a `stopped` mark, then stops the timer (the caller closes the database). */
  dispose(): void
}

/** The top processes by CPU and by memory, each process once. */
export function pickTopProcesses(processes: readonly ProcessInfo[]): ProcessSnapshot['processes'] {
  const byCpu = [...processes].sort((a, b) => b.cpuPct - a.cpuPct).slice(0, topProcessesPerSort)
  const byMemory = [...processes].sort((a, b) => b.memBytes - a.memBytes).slice(0, topProcessesPerSort)
  const seen = new Set<number>()
  return [...byCpu, ...byMemory]
    .filter((entry) => !seen.has(entry.pid) && seen.add(entry.pid))
    .map(({ pid, name, user, cpuPct, memBytes }) => ({ pid, name, user, cpuPct, memBytes }))
}

export function createRecorderWriter(options: RecorderWriterOptions): RecorderWriter {
  const { db, series, journal, logger, intervalMs, now, monotonicNow } = options
  const listeners = new Set<(status: RecorderStatus) => void>()
  let samples: MetricSample[] = []
  let snapshots: ProcessSnapshot[] = []
  let activity = new Map<string, ActivityRow>()
  let episodes: RecordedEpisode[] = []
  let marks: RecorderMark[] = []
  let droppedSamples = 0
  let pausedAt: number | undefined
  let lastPruneAt = -Infinity
  let trimming: Promise<void> | undefined
  let isDisposed = false
  let previous: { t: number; monotonic: number } | undefined
  let current: RecorderStatus = {
    state: 'recording',
    since: now(),
    databaseBytes: 0,
    ...options.settings,
    ...(options.movedAside ? { movedAside: options.movedAside } : {}),
  }

  function setStatus(next: Pick<RecorderStatus, 'state' | 'reason'>): void {
    if (next.state === current.state && next.reason === current.reason) return
    const { reason: _previousReason, ...rest } = current
    current = { ...rest, state: next.state, since: now(), ...(next.reason ? { reason: next.reason } : {}) }
    announce()
  }

  function announce(): void {
    const next = status()
    for (const listener of listeners) listener(next)
  }

  function databaseBytes(): number {
    return ['', '-wal'].reduce((sum, suffix) => {
      try {
        return sum + statSync(options.path + suffix).size
      } catch {
        // The -wal file is absent between checkpoints on some platforms: it holds nothing then.
        return sum
      }
    }, 0)
  }

  function status(): RecorderStatus {
    const from = series.oldestTime()
    const to = series.newestTime()
    return {
      ...current,
      databaseBytes: databaseBytes(),
      ...(from !== undefined && to !== undefined ? { held: { from, to } } : {}),
    }
  }

  /** One batch of what is past the retention; true when something went (more may be left). */
  function pruneBatch(): boolean {
    const t = now()
    const rawBefore = t - current.retentionDays * dayMs
    const longBefore = t - longRetentionDays * dayMs
    return (
      series.prune(rawBefore, longBefore, pruneBatchChunks) + journal.prune(rawBefore, longBefore, pruneBatchRows) > 0
    )
  }

  /** Deletes the rest past the retention, a batch per turn of the event loop. */
  function trim(): Promise<void> {
    trimming ??= new Promise<void>((resolve) => {
      const step = () => {
        let isMoreLeft = false
        if (!isDisposed)
          try {
            inTransaction(db, () => (isMoreLeft = pruneBatch()))
          } catch (error) {
            logger.warn('recorder', `deleting what is past the retention failed: ${(error as Error).message}`)
          }
        if (isMoreLeft) setImmediate(step)
        else {
          trimming = undefined
          resolve()
        }
      }
      setImmediate(step)
    })
    return trimming
  }

  function noteTimes(t: number, monotonic: number): void {
    const before = previous
    previous = { t, monotonic }
    if (!before) return
    const wallMs = t - before.t
    const monotonicMs = monotonic - before.monotonic
    const slack = Math.max(3 * intervalMs, 5000)
    if (wallMs < 0)
      marks.push({ t, kind: 'clock-back', detail: `The wall clock went back by ${Math.round(-wallMs / 1000)} s.` })
    else if (wallMs - monotonicMs > slack)
      marks.push({
        t: before.t,
        until: t,
        kind: 'slept',
        detail: `No samples for ${Math.round(wallMs / 1000)} s: the machine slept or the clock jumped ahead.`,
      })
    else if (monotonicMs > 2.5 * intervalMs)
      marks.push({
        t: before.t,
        until: t,
        kind: 'missed',
        detail: `${Math.round(monotonicMs / intervalMs) - 1} samples were not taken (Vigil was held up).`,
      })
  }

  function write(): void {
    let isMoreToTrim = false
    inTransaction(db, () => {
      series.append(samples)
      series.seal({ isNewestIncluded: false })
      for (const snapshot of snapshots) journal.addSnapshot(snapshot)
      journal.addActivity([...activity.values()])
      for (const episode of episodes) journal.addEpisode(episode)
      for (const mark of marks) journal.addMark(mark)
      if (monotonicNow() - lastPruneAt > pruneEveryMs) {
        isMoreToTrim = pruneBatch()
        lastPruneAt = monotonicNow()
      }
    })
    if (isMoreToTrim) void trim()
    samples = []
    snapshots = []
    activity = new Map()
    episodes = []
    marks = []
  }

  function flush(): boolean {
    try {
      write()
    } catch (error) {
      series.rollback()
      const reason = isDiskFull(error)
        ? 'The disk is full: recording is paused and resumes by itself when there is room.'
        : `Recording is paused: ${(error as Error).message}`
      if (pausedAt === undefined) {
        pausedAt = now()
        logger.error('recorder', reason)
      }
      setStatus({ state: 'paused', reason })
      if (samples.length > maxPendingSamples) {
        droppedSamples += samples.length - maxPendingSamples
        samples = samples.slice(-maxPendingSamples)
      }
      snapshots = snapshots.slice(-maxPendingSnapshots)
      // A Map iterates in insertion order: the first keys are the oldest seconds.
      for (const key of activity.keys()) {
        if (activity.size <= maxPendingActivityRows) break
        activity.delete(key)
      }
      return false
    }
    if (pausedAt !== undefined) {
      const detail = `Recording was paused (writing failed); ${droppedSamples} samples were not recorded.`
      marks.push({ t: pausedAt, until: now(), kind: 'paused', detail })
      logger.info('recorder', 'recording resumed')
      pausedAt = undefined
      droppedSamples = 0
      setStatus({ state: 'recording' })
      return flush()
    }
    return true
  }

  marks.push({ t: now(), kind: 'started', detail: 'Vigil started recording.' })
  const timer = setInterval(flush, options.flushIntervalMs)

  return {
    recordSample(sample) {
      noteTimes(sample.t, monotonicNow())
      samples.push(sample)
    },
    recordSnapshot(processes) {
      snapshots.push({ t: now(), processes })
    },
    recordLogLines(tally) {
      const second = Math.floor(now() / 1000)
      const key = `${tally.source}\n${second}`
      const row = activity.get(key)
      if (!row) return void activity.set(key, { ...tally, levels: { ...tally.levels }, second })
      for (const level of activityLevels) row.levels[level] += tally.levels[level]
      row.position = tally.position
    },
    pendingActivity: () => [...activity.values()],
    recordEpisode(episode) {
      episodes.push(episode)
    },
    lineCount(source, level, fromSecond, toSecond) {
      let count = journal.lineCount(source, level, fromSecond, toSecond)
      for (const row of activity.values())
        if (row.source === source && row.second >= fromSecond && row.second <= toSecond) count += row.levels[level]
      return count
    },
    flush,
    status,
    onStatus(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    configure(settings) {
      if (
        settings.retentionDays === current.retentionDays &&
        settings.recordCommandLines === current.recordCommandLines
      )
        return Promise.resolve()
      const isShorter = settings.retentionDays < current.retentionDays
      current = { ...current, ...settings }
      announce()
      return isShorter ? trim().then(announce) : Promise.resolve()
    },
    clear() {
      try {
        inTransaction(db, () => {
          series.clear()
          journal.clear()
          journal.addMark({ t: now(), kind: 'cleared', detail: 'History cleared.' })
        })
      } catch (error) {
        series.rollback()
        throw new VigilError('storage_failed', `The history could not be cleared: ${(error as Error).message}`)
      }
      // What waited to be written is history too.
      samples = []
      snapshots = []
      activity = new Map()
      episodes = []
      marks = []
      // The deleted pages are reused by what is recorded next; the log is folded in so the disk used drops now.
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      announce()
    },
    dispose() {
      isDisposed = true
      clearInterval(timer)
      marks.push({ t: now(), kind: 'stopped', detail: 'Vigil stopped recording.' })
      if (flush()) inTransaction(db, () => series.seal({ isNewestIncluded: true }))
      listeners.clear()
    },
  }
}
