// The log sources: Vigil's own log, the ingest route and the files the user added, each with its state
// (following, waiting for the file, permission denied, idle) and the last thing that happened to it
// (rotated, truncated, …) as the logs stream told it.
// Lifecycle: followSources() polls the list while the Logs view is on screen; the store lives for the page.
import { create } from 'zustand'
import { logRoutes, type LogNoticeKind, type LogSourceInfo } from '../../../../shared/logs'
import { api } from '../../lib/api'
import { assignColours, loadColourSlots, saveColourSlots, type ColourSlots } from './sourceColours'

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
  /** Each source's colour, kept from when it appears until it is removed. */
  colours: ColourSlots
  loadError: string | undefined
}

const initialState = (): SourcesState => ({
  sources: [],
  lastEvents: {},
  colours: loadColourSlots(),
  loadError: undefined,
})

export const useSourcesStore = create<SourcesState>(initialState)

export function sourceName(id: string): string {
  return useSourcesStore.getState().sources.find((source) => source.id === id)?.name ?? id
}

export async function refreshSources(): Promise<void> {
  try {
    const sources = await api.get<LogSourceInfo[]>(logRoutes.sources)
    // Polled every few seconds: publish only a change, so nothing re-renders for an identical list.
    const isSame = JSON.stringify(sources) === JSON.stringify(useSourcesStore.getState().sources)
    if (!isSame) {
      const colours = assignColours(
        useSourcesStore.getState().colours,
        sources.map((source) => source.id),
      )
      saveColourSlots(colours)
      useSourcesStore.setState({ sources, colours })
    }
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
