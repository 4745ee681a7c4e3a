// The export capability: jobs, their progress, cancel, and the history kept in exports.json.
// A job is checked and planned when it is asked for (so a bad request is a 4xx with a reason, not a
// broken download), then runs once: as a browser download from the file route, or, in the desktop app,
// into the file the native save dialog chose (saveToFile: never reachable from a request).
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import { z } from 'zod'
import {
  defaultExportFileName,
  type ExportHistoryEntry,
  type ExportJob,
  type ExportProgress,
  type ExportRequest,
  type ExportsState,
  type MetricsExportRequest,
} from '../../shared/export'
import { exportRequestSchema } from '../../shared/exportSchemas'
import type { Chat } from '../chat'
import type { Logger } from '../logger'
import type { Logs } from '../logs'
import { VigilError } from '../../shared/errors'
import { createJsonFileSaver, loadJsonFile, removeTemporaryFilesOf, replaceAtomically } from '../storage/jsonFile'
import { planChatExport } from './chatExport'
import type { ExportPlan } from './exportPlan'
import { writeExport } from './exportWriter'
import { planLogsExport, type RecordedLogActivity } from './logExport'
import { openRunningJournal } from './runningJournal'
import { metricsRangeOf, planMetricsExport, type MetricsHistories } from './metricsExport'
import { planRecordedMetricsExport, recordedRangeOf, type RecordedSeries } from './recordedMetricsExport'
import { createEmitter } from '../../shared/emitter'

/** A job not started within this time is dropped: its download link was never followed. */
const readyJobLifetimeMs = 60_000
const progressIntervalMs = 100
const maxHistoryEntries = 100

export interface ExportsDeps {
  dataDir: string
  logger: Logger
  metrics: MetricsHistories
  /**
   * Metrics older than the ring buffers hold come from the recorder, read in pages of at most
   * `recorderPageCells` values; log lines of a time range are found by its log activity.
   */
  recorder?: RecordedSeries & RecordedLogActivity
  recorderPageCells?: number
  logs: Logs
  conversations: Chat['conversations']
}

interface Running {
  job: ExportJob
  request: ExportRequest
  plan: ExportPlan
  controller: AbortController
  expiry: NodeJS.Timeout
}

type StoredEntry = Omit<ExportHistoryEntry, 'canRepeat'> & { request: ExportRequest }

export interface Exports {
  /** Checks and plans an export; the job then waits for its download (or saveToFile). */
  create(request: ExportRequest): Promise<ExportJob>
  /** Streams a ready job into `destination` (an HTTP response); settles when it ends, whatever the outcome. */
  run(id: string, destination: Writable, onAbandoned: (listener: () => void) => void): Promise<ExportHistoryEntry>
  /**
   * Desktop only: writes a ready job to `path`, chosen in the native save dialog, whole or not at all
   * (a temporary file beside it, fsynced, then renamed). Rejects with a sentence saying why it failed.
   */
  saveToFile(id: string, path: string): Promise<ExportHistoryEntry>
  cancel(id: string): void
  again(entryId: string): Promise<ExportJob>
  removeEntry(entryId: string): Promise<void>
  /** Where the desktop app saved an entry's file, for "show in folder". */
  savedPathOf(entryId: string): string | undefined
  /** A job waiting for its download, and the media type of what it will write; 404 or 409 otherwise. */
  ready(id: string): { job: ExportJob; contentType: string }
  jobs(): ExportJob[]
  history(): ExportHistoryEntry[]
  state(): ExportsState
  onJobs(listener: (jobs: ExportJob[]) => void): () => void
  onHistory(listener: (history: ExportHistoryEntry[]) => void): () => void
}

const storedEntriesSchema = z.array(
  z
    .object({
      id: z.string(),
      kind: z.enum(['metrics', 'logs', 'chat']),
      title: z.string(),
      fileName: z.string(),
      state: z.enum(['done', 'failed', 'cancelled', 'interrupted']),
      startedAt: z.number(),
      finishedAt: z.number(),
      rows: z.number(),
      bytes: z.number(),
      error: z.string().optional(),
      savedPath: z.string().optional(),
      request: z.unknown(),
    })
    .transform((entry, context) => {
      const request = exportRequestSchema.safeParse(entry.request)
      if (!request.success) {
        context.addIssue({ code: 'custom', message: `entry ${entry.id} holds a request this version cannot read` })
        return z.NEVER
      }
      return { ...entry, request: request.data }
    }),
)

/** Why a file could not be written, for people; the temporary file is already gone when this is said. */
function saveFailureMessage(error: NodeJS.ErrnoException, folder: string): string {
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `There is not enough free space in ${folder}; nothing was saved.`
    case 'EACCES':
    case 'EPERM':
      return `Vigil may not write to ${folder}; nothing was saved. Choose another folder.`
    case 'EROFS':
      return `${folder} is on a read-only file system; nothing was saved.`
    case 'ENOENT':
      return `The folder ${folder} does not exist (any more); nothing was saved.`
    default:
      return `Saving to ${folder} failed (${error.code ?? error.message}); nothing was saved.`
  }
}

/**
 * The files being saved, written down before each save begins and crossed off after: a process killed
 * in the middle of a save leaves a hidden temporary file in the user's folder, and the next start,
 * reading the journal, removes it. Without the journal nothing would know which folder to look in.
 */
async function startSavingJournal(
  deps: ExportsDeps,
): Promise<{ during<T>(target: string, save: () => Promise<T>): Promise<T> }> {
  const path = join(deps.dataDir, 'exports-saving.json')
  const loaded = await loadJsonFile(path, z.array(z.string()), [])
  if (loaded.status === 'moved-aside')
    deps.logger.warn('export', `${path} could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`)
  await Promise.all(loaded.value.map((target) => removeTemporaryFilesOf(target)))
  const writeJournal = createJsonFileSaver<string[]>(path)
  // A file missing from the journal only means its leftover, if any, is not cleaned up: never a reason to fail a save.
  const record = (targets: string[]) =>
    writeJournal(targets).catch((error: unknown) =>
      deps.logger.warn('export', `${path} could not be written: ${String(error)}`),
    )
  let targets: string[] = []
  if (loaded.value.length > 0) await record(targets)
  return {
    async during(target, save) {
      targets = [...targets, target]
      await record(targets)
      try {
        return await save()
      } finally {
        targets = targets.filter((_, index) => index !== targets.indexOf(target))
        await record(targets)
      }
    },
  }
}

class Cancelled extends Error {
  override name = 'Cancelled'
}

export async function createExportJobs(deps: ExportsDeps): Promise<{
  exports: Exports
  /** Cancels what runs and waits until each has been recorded. */ dispose(): Promise<void>
}> {
  const path = join(deps.dataDir, 'exports.json')
  const loaded = await loadJsonFile<StoredEntry[]>(path, storedEntriesSchema as z.ZodType<StoredEntry[]>, [])
  if (loaded.status === 'moved-aside')
    deps.logger.warn('export', `exports.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`)
  let entries: StoredEntry[] = loaded.value
  const saveEntries = createJsonFileSaver<StoredEntry[]>(path)
  const savingFiles = await startSavingJournal(deps)
  const runningExports = await openRunningJournal(
    join(deps.dataDir, 'exports-running.json'),
    storedEntriesSchema as z.ZodType<StoredEntry[]>,
    deps.logger,
  )
  if (runningExports.interrupted.length > 0) {
    entries = [...runningExports.interrupted, ...entries].slice(0, maxHistoryEntries)
    await saveEntries(entries).catch((error: unknown) =>
      deps.logger.error('export', `exports.json could not be saved: ${(error as Error).message}`),
    )
  }
  const running = new Map<string, Running>()
  const jobChanges = createEmitter<ExportJob[]>()
  const historyChanges = createEmitter<ExportHistoryEntry[]>()
  const executing = new Set<Promise<ExportHistoryEntry>>()

  const jobs = () => [...running.values()].map((entry) => entry.job)
  const announceJobs = () => jobChanges.emit(jobs())

  /**
   * The recorder answers a metrics export when the ring buffers miss part of its range that the recorder
   * holds (older samples or minutes); the ring buffers do otherwise: they also hold the samples not written yet.
   */
  function isRecordedExport(request: MetricsExportRequest): boolean {
    const { recorder } = deps
    if (!recorder || recorder.status().state === 'failed') return false
    const range = metricsRangeOf(deps.metrics, request)
    if (!range) return recordedRangeOf(recorder, request) !== undefined
    const read = request.resolution === 'raw' ? deps.metrics.history.reader([]) : deps.metrics.minutes.reader([])
    const firstHeld = read(range.first, new Float64Array(0))
    if (firstHeld === undefined || request.from >= firstHeld) return false
    const { sample, minute } = recorder.heldSince()
    return Math.min(sample ?? Infinity, minute ?? Infinity) < firstHeld
  }

  function canRepeat(request: ExportRequest): boolean {
    if (request.kind === 'metrics')
      return (
        metricsRangeOf(deps.metrics, request) !== undefined ||
        (deps.recorder !== undefined && recordedRangeOf(deps.recorder, request) !== undefined)
      )
    if (request.kind === 'chat') {
      return (
        request.conversation === 'all' ||
        deps.conversations.list().some((summary) => summary.id === request.conversation)
      )
    }
    return request.sources.every((source) => deps.logs.hasSource(source.id))
  }
  const history = (): ExportHistoryEntry[] =>
    entries.map(({ request, ...entry }) => ({ ...entry, canRepeat: canRepeat(request) }))

  async function plan(request: ExportRequest): Promise<ExportPlan> {
    if (request.kind === 'metrics')
      return isRecordedExport(request)
        ? planRecordedMetricsExport(deps.recorder!, request, deps.recorderPageCells)
        : planMetricsExport(deps.metrics, request)
    if (request.kind === 'logs') return planLogsExport(deps.logs, request, deps.recorder)
    return planChatExport(deps.conversations, request)
  }

  function readyJob(id: string): Running {
    const entry = running.get(id)
    if (!entry)
      throw new VigilError(
        'not_found',
        `There is no export ${id} waiting (a job not started within a minute is dropped; start it again).`,
      )
    if (entry.job.state !== 'ready')
      throw new VigilError('conflict', `Export ${id} has already started; each export runs once.`)
    return entry
  }

  async function record(
    entry: Running,
    outcome: { rows: number; bytes: number; state: ExportHistoryEntry['state']; error?: string; savedPath?: string },
  ): Promise<ExportHistoryEntry> {
    running.delete(entry.job.id)
    const stored: StoredEntry = {
      id: entry.job.id,
      kind: entry.job.kind,
      title: entry.job.title,
      fileName: entry.job.fileName,
      startedAt: entry.job.createdAt,
      finishedAt: Date.now(),
      request: entry.request,
      ...outcome,
    }
    entries = [stored, ...entries].slice(0, maxHistoryEntries)
    announceJobs()
    // A history that could not be saved is said on the entry itself (and in the status line): the export
    // never reads as plainly done while its record is lost at the next start.
    const failure = await saveEntries(entries).then(
      () => undefined,
      (error: unknown) => error as Error,
    )
    if (failure) {
      deps.logger.error('export', `exports.json could not be saved: ${failure.message}`)
      const note = `Its history entry could not be saved, so it will be gone after a restart: ${failure.message}`
      stored.error = stored.error ? `${stored.error} ${note}` : note
    }
    await runningExports.end(stored.id)
    const current = history()
    historyChanges.emit(current)
    return current.find((candidate) => candidate.id === stored.id)!
  }

  /** Runs a ready job through `write` and records how it ended; never rejects. */
  function execute(...args: Parameters<typeof executeOnce>): Promise<ExportHistoryEntry> {
    const outcome = executeOnce(...args)
    executing.add(outcome)
    void outcome.finally(() => executing.delete(outcome))
    return outcome
  }

  async function executeOnce(
    entry: Running,
    write: (onProgress: (progress: ExportProgress) => void) => Promise<ExportProgress>,
    describeError: (error: Error) => string,
    savedPath?: string,
  ): Promise<ExportHistoryEntry> {
    clearTimeout(entry.expiry)
    entry.job = { ...entry.job, state: 'running' }
    announceJobs()
    await runningExports.begin({
      id: entry.job.id,
      kind: entry.job.kind,
      title: entry.job.title,
      fileName: entry.job.fileName,
      state: 'interrupted',
      startedAt: entry.job.createdAt,
      finishedAt: Date.now(),
      rows: 0,
      bytes: 0,
      error: 'Vigil stopped (closed, crashed or killed) before this export ended; no complete file was written.',
      request: entry.request,
      ...(savedPath ? { savedPath } : {}),
    })
    let lastAnnounced = 0
    const onProgress = (progress: ExportProgress) => {
      entry.job.progress = progress
      const now = performance.now()
      if (now - lastAnnounced < progressIntervalMs) return
      lastAnnounced = now
      announceJobs()
    }
    try {
      const progress = await write(onProgress)
      deps.logger.info(
        'export',
        `${entry.job.title}: ${progress.rows} rows, ${progress.bytes} bytes${savedPath ? ` saved to ${savedPath}` : ''}`,
      )
      return await record(entry, { rows: progress.rows, bytes: progress.bytes, state: 'done', savedPath })
    } catch (error) {
      const { rows, bytes } = entry.job.progress
      const reason: unknown = entry.controller.signal.reason
      if (reason instanceof Cancelled) return record(entry, { rows, bytes, state: 'cancelled', error: reason.message })
      const message = describeError(error as Error)
      deps.logger.warn('export', `${entry.job.title} failed: ${message}`)
      return record(entry, { rows, bytes, state: 'failed', error: message })
    }
  }

  async function create(request: ExportRequest): Promise<ExportJob> {
    const planned = await plan(request)
    const id = `x${randomBytes(6).toString('hex')}`
    const job: ExportJob = {
      id,
      kind: planned.kind,
      title: planned.title,
      fileName: defaultExportFileName(planned.kind, new Date(), planned.extension),
      state: 'ready',
      createdAt: Date.now(),
      progress: { rows: 0, bytes: 0, totalRows: planned.totalRows, totalInputBytes: planned.totalInputBytes },
    }
    const expiry = setTimeout(() => {
      running.delete(id)
      announceJobs()
    }, readyJobLifetimeMs)
    expiry.unref()
    running.set(id, { job, request, plan: planned, controller: new AbortController(), expiry })
    announceJobs()
    return job
  }

  const exports: Exports = {
    create,
    run(id, destination, onAbandoned) {
      const entry = readyJob(id)
      onAbandoned(() => entry.controller.abort(new Cancelled('The download was stopped before it finished.')))
      const { signal } = entry.controller
      return execute(
        entry,
        (onProgress) => writeExport(entry.plan, entry.request.csv, destination, { signal, onProgress }),
        (error) => error.message,
      )
    },
    saveToFile(id, target) {
      const entry = readyJob(id)
      const { signal } = entry.controller
      const folder = dirname(target)
      const describe = (error: NodeJS.ErrnoException) =>
        error.code && error.syscall ? saveFailureMessage(error, folder) : error.message
      return execute(
        entry,
        async (onProgress) => {
          let progress: ExportProgress | undefined
          await savingFiles.during(target, () =>
            replaceAtomically(target, async (temporary) => {
              const file = createWriteStream(temporary, { flags: 'wx', mode: 0o644, flush: true })
              progress = await writeExport(entry.plan, entry.request.csv, file, { signal, onProgress })
            }),
          )
          return progress!
        },
        describe,
        target,
      )
    },
    cancel(id) {
      const entry = running.get(id)
      if (!entry) throw new VigilError('not_found', `There is no export ${id} running.`)
      if (entry.job.state === 'ready') {
        clearTimeout(entry.expiry)
        running.delete(id)
        announceJobs()
        return
      }
      entry.controller.abort(new Cancelled('Cancelled.'))
    },
    async again(entryId) {
      const entry = entries.find((candidate) => candidate.id === entryId)
      if (!entry) throw new VigilError('not_found', `There is no export ${entryId} in the history.`)
      return create(entry.request)
    },
    async removeEntry(entryId) {
      if (!entries.some((entry) => entry.id === entryId))
        throw new VigilError('not_found', `There is no export ${entryId} in the history.`)
      entries = entries.filter((entry) => entry.id !== entryId)
      await saveEntries(entries)
      const current = history()
      historyChanges.emit(current)
    },
    savedPathOf: (entryId) => entries.find((entry) => entry.id === entryId)?.savedPath,
    ready(id) {
      const entry = readyJob(id)
      return { job: entry.job, contentType: entry.plan.contentType }
    },
    jobs,
    history,
    state: () => ({ jobs: jobs(), history: history() }),
    onJobs: jobChanges.on,
    onHistory: historyChanges.on,
  }
  return {
    exports,
    async dispose() {
      for (const entry of running.values()) {
        clearTimeout(entry.expiry)
        entry.controller.abort(new Cancelled('Vigil is stopping.'))
      }
      await Promise.all(executing)
      jobChanges.clear()
      historyChanges.clear()
    },
  }
}
