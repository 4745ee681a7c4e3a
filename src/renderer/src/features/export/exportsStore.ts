// Exports as the core announces them on the core stream (the jobs waiting or running, with their
// progress, and the history), and the actions on them. Starting an export asks the core for a job, then
// hands it on at once: in the desktop app to the native save dialog (the core writes the file), in a
// browser to a download of the job's file route through a single-use link (src/shared/downloads.ts).
// Progress always comes over the core stream: a download is no third long-lived stream of ours
// (DESIGN.md: at most two per window).
// Lifecycle: the store lives for the page; outcomes of jobs this window started stay until dismissed
// (a finished one hides by itself after a few seconds).
import { create } from 'zustand'
import { downloadRoutes, type DownloadTicket } from '../../../../shared/downloads'
import { exportRoutes, type ExportHistoryEntry, type ExportJob, type ExportRequest } from '../../../../shared/export'
import { api } from '../../lib/api'
import type { ExportIntent } from '../../lib/intents'
import { loadChoices } from './exportChoices'

const doneShownMs = 8000

interface ExportsState {
  jobs: ExportJob[]
  history: ExportHistoryEntry[]
  /** Ids of history entries of exports this window started, to say how they ended. */
  outcomes: string[]
  /** Why the last export could not start, or an action on one failed: the core's message. */
  error: string | undefined
}

const initialState = (): ExportsState => ({ jobs: [], history: [], outcomes: [], error: undefined })

export const useExportsStore = create<ExportsState>(initialState)

/** Jobs this window started whose end has not been seen yet. */
const started = new Set<string>()
/** The timers that hide the outcome of an export that finished. */
const hideTimers = new Set<ReturnType<typeof setTimeout>>()

function hideLater(id: string): void {
  const timer = setTimeout(() => {
    hideTimers.delete(timer)
    dismissOutcome(id)
  }, doneShownMs)
  hideTimers.add(timer)
}

export function applyExportJobs(jobs: ExportJob[]): void {
  useExportsStore.setState({ jobs })
}

export function applyExportHistory(history: ExportHistoryEntry[]): void {
  const ended = history.filter((entry) => started.delete(entry.id)).map((entry) => entry.id)
  useExportsStore.setState((state) => ({
    history,
    outcomes: [...ended, ...state.outcomes].filter((id) => history.some((entry) => entry.id === id)),
  }))
  for (const entry of history) if (ended.includes(entry.id) && entry.state === 'done') hideLater(entry.id)
}

export function dismissOutcome(id: string): void {
  useExportsStore.setState((state) => ({ outcomes: state.outcomes.filter((other) => other !== id) }))
}

export function dismissError(): void {
  useExportsStore.setState({ error: undefined })
}

const withId = (path: string, id: string) => `${path}?id=${encodeURIComponent(id)}`

/** Adds a job the core just answered with, unless the core stream already told of it. */
function noteJob(job: ExportJob): void {
  started.add(job.id)
  useExportsStore.setState((state) => ({
    jobs: state.jobs.some((other) => other.id === job.id) ? state.jobs : [...state.jobs, job],
    error: undefined,
  }))
}

/**
 * A same-origin link with `download`: the browser saves the answer as a file, and the page stays. A link
 * cannot send the token, so it is a single-use one the core makes for this job.
 */
async function download(job: ExportJob): Promise<void> {
  const ticket = await api.post<DownloadTicket>(downloadRoutes.tickets, { path: withId(exportRoutes.file, job.id) })
  const link = document.createElement('a')
  link.href = ticket.url
  link.download = job.fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
}

/**
 * Starts a ready job: a download in a browser; in the desktop app the native save dialog, after which the
 * core writes the file (this returns at once: progress and the outcome come over the core stream).
 */
function deliver(job: ExportJob): void {
  noteJob(job)
  const desktop = window.vigilDesktop
  if (!desktop) {
    void attempt(() => download(job))
    return
  }
  void attempt(async () => {
    // Undefined: the user closed the dialog, and the core dropped the job; there is nothing to tell.
    if ((await desktop.saveExport(job.id)) === undefined) started.delete(job.id)
  })
}

/** Runs an action on exports; a refusal or failure is kept in `error`, in the core's words. */
async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action()
  } catch (error) {
    useExportsStore.setState({ error: (error as Error).message })
  }
}

/** Asks the core for an export and starts it. */
export function startExport(request: ExportRequest): Promise<void> {
  return attempt(async () => deliver(await api.post<ExportJob>(exportRoutes.exports, request)))
}

/** Starts an export another view asked for (lib/intents.ts: exportThis), with the CSV options chosen last. */
export function exportWithLastOptions(intent: ExportIntent): Promise<void> {
  return startExport({ ...intent, csv: loadChoices().csv })
}

/** The export of a history entry again, from the data as it is now. */
export function exportAgain(entryId: string): Promise<void> {
  return attempt(async () => deliver(await api.post<ExportJob>(withId(exportRoutes.again, entryId))))
}

export function cancelExport(jobId: string): Promise<void> {
  return attempt(() => api.post(withId(exportRoutes.cancel, jobId)))
}

export function removeHistoryEntry(entryId: string): Promise<void> {
  return attempt(() => api.del(withId(exportRoutes.history, entryId)))
}

export function showInFolder(entryId: string): Promise<void> {
  return attempt(async () => window.vigilDesktop?.showExportInFolder(entryId))
}

/** Forgets the jobs this window started and their outcomes, and empties the state. */
export function resetExportsStore(): void {
  started.clear()
  for (const timer of hideTimers) clearTimeout(timer)
  hideTimers.clear()
  useExportsStore.setState(initialState(), true)
}
