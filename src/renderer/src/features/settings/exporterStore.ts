// Settings → Prometheus: the /metrics endpoint's status as the core reports it, saving its settings and
// renewing the scrape token. A token the core just created is kept here until the user dismisses it:
// the core shows it in that one answer and never again.
import { create } from 'zustand'
import {
  exporterRoutes,
  type ExporterChange,
  type ExporterSettings,
  type ExporterStatus,
} from '../../../../shared/exporter'
import { api, errorText } from '../../lib/api'

interface ExporterState {
  status: ExporterStatus | undefined
  /** The scrape token from the latest answer that created one, until dismissed. */
  shownToken: string | undefined
  isSaving: boolean
  error: string | undefined
}

const initialState = (): ExporterState => ({
  status: undefined,
  shownToken: undefined,
  isSaving: false,
  error: undefined,
})

export const useExporterStore = create<ExporterState>(initialState)

export function resetExporterStore(): void {
  useExporterStore.setState(initialState(), true)
}

export async function loadExporter(): Promise<void> {
  try {
    useExporterStore.setState({ status: await api.get<ExporterStatus>(exporterRoutes.settings), error: undefined })
  } catch (error) {
    useExporterStore.setState({ error: `The Prometheus settings could not be read: ${errorText(error)}` })
  }
}

async function change(send: () => Promise<ExporterChange>, failure: string): Promise<void> {
  useExporterStore.setState({ isSaving: true, error: undefined })
  try {
    const { status, token } = await send()
    useExporterStore.setState((state) => ({ status, shownToken: token ?? state.shownToken }))
  } catch (error) {
    useExporterStore.setState({ error: `${failure}: ${errorText(error)}` })
  } finally {
    useExporterStore.setState({ isSaving: false })
  }
}

export function saveExporter(settings: ExporterSettings): Promise<void> {
  return change(() => api.put<ExporterChange>(exporterRoutes.settings, settings), 'Not saved')
}

export function renewScrapeToken(): Promise<void> {
  return change(() => api.post<ExporterChange>(exporterRoutes.token), 'No new token')
}

export function dismissScrapeToken(): void {
  useExporterStore.setState({ shownToken: undefined })
}
