// The log sources: Vigil's own log, the ingest route and the files the user added, each with its state
// (following, waiting for the file, permission denied, idle) and the last thing that happened to it
// (rotated, truncated, …) as the logs stream told it.
// Lifecycle: followSources() polls the list while the Logs view is on screen; the store lives for the page.
import { create } from 'zustand'
import { logRoutes, type LogNoticeKind, type LogSourceInfo } from '../../../../shared/logs'
import { api } from '../../lib/api'

const sourcesRefreshMs = 3000

interface SourceEvent {
  notice: LogNoticeKind
  message: string
  atMs: number
}

interface SourcesState {
  sources: LogSourceInfo[]
  /** The newest notice per source id, from the logs stream. */
  lastEvents: Record<string, SourceEvent>
  loadError: string | undefined
}

const initialState = (): SourcesState => ({ sources: [], lastEvents: {}, loadError: undefined })

export const useSourcesStore = create<SourcesState>(initialState)

/** Source colours: the chart series colours of styles.css, by the source's place in the list. */
const colourCount = 8

export function sourceColour(sources: readonly LogSourceInfo[], id: string): string {
  const index = Math.max(
    0,
    sources.findIndex((source) => source.id === id),
  )
  return `var(--series-${(index % colourCount) + 1})`
}

export function sourceName(id: string): string {
  return useSourcesStore.getState().sources.find((source) => source.id === id)?.name ?? id
}

export async function refreshSources(): Promise<void> {
  try {
    const sources = await api.get<LogSourceInfo[]>(logRoutes.sources)
    // Polled every few seconds: publish only a change, so nothing re-renders for an identical list.
    const isSame = JSON.stringify(sources) === JSON.stringify(useSourcesStore.getState().sources)
    if (!isSame) useSourcesStore.setState({ sources })
    if (useSourcesStore.getState().loadError) useSourcesStore.setState({ loadError: undefined })
  } catch (error) {
    useSourcesStore.setState({ loadError: `The sources could not be listed: ${(error as Error).message}` })
  }
}

/**
 * Adds a file by its full path; throws with the core's message (relative, missing, a folder, binary,
 * unreadable, Vigil's own data). A file only root or another user may read is refused with a conflict
 * naming the risk until `confirmSensitive` says the user accepts it.
 */
export async function addSource(path: string, confirmSensitive = false): Promise<LogSourceInfo> {
  const added = await api.post<LogSourceInfo>(
    logRoutes.sources,
    confirmSensitive ? { path, confirmSensitive } : { path },
  )
  await refreshSources()
  return added
}

export async function removeSource(id: string): Promise<void> {
  await api.del(`${logRoutes.sources}?id=${encodeURIComponent(id)}`)
  await refreshSources()
}

export function noteSourceEvent(source: string, notice: LogNoticeKind, message: string): void {
  useSourcesStore.setState((state) => ({
    lastEvents: { ...state.lastEvents, [source]: { notice, message, atMs: Date.now() } },
  }))
}

/** Lists the sources now and every few seconds, until the returned function is called. */
export function followSources(): () => void {
  void refreshSources()
  const timer = setInterval(() => void refreshSources(), sourcesRefreshMs)
  return () => clearInterval(timer)
}

export function resetSourcesStore(): void {
  useSourcesStore.setState(initialState(), true)
}
