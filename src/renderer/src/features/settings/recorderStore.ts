// Settings → Recorder: the retention and the command-lines choice (kept with the user's settings, so every
// window follows them), the recorder's status from the core stream (disk used, range held), and clearing
// the history. Each change sends only its own field.
import { create } from 'zustand'
import { routes, type Settings } from '../../../../shared/protocol'
import { recorderRetention, recorderRoutes, type RecorderStatus } from '../../../../shared/recorder'
import { api, errorText } from '../../lib/api'

interface RecorderSettingsState {
  retentionDays: number
  recordCommandLines: boolean
  status: RecorderStatus | undefined
  isClearing: boolean
  error: string | undefined
}

const initialState = (): RecorderSettingsState => ({
  retentionDays: recorderRetention.defaultDays,
  recordCommandLines: false,
  status: undefined,
  isClearing: false,
  error: undefined,
})

export const useRecorderSettingsStore = create<RecorderSettingsState>(initialState)

export function resetRecorderSettingsStore(): void {
  useRecorderSettingsStore.setState(initialState(), true)
}

export function applyRecorderSettings(settings: Settings): void {
  useRecorderSettingsStore.setState({
    retentionDays: settings.recorderRetentionDays ?? recorderRetention.defaultDays,
    recordCommandLines: settings.recordCommandLines === true,
  })
}

export function applyRecorderStatus(status: RecorderStatus): void {
  useRecorderSettingsStore.setState({ status })
}

/** Reads the status now: the disk used grows between the stream's events, which come only on changes. */
export async function loadRecorderStatus(): Promise<void> {
  try {
    applyRecorderStatus(await api.get<RecorderStatus>(recorderRoutes.status))
  } catch (error) {
    useRecorderSettingsStore.setState({ error: `The recorder's status could not be read: ${errorText(error)}` })
  }
}

/** Saves one recorder setting; the core applies it at once (a shorter retention deletes older history). */
export async function saveRecorderSetting(
  change: Pick<Settings, 'recorderRetentionDays'> | Pick<Settings, 'recordCommandLines'>,
): Promise<void> {
  useRecorderSettingsStore.setState({ error: undefined })
  try {
    applyRecorderSettings(await api.put<Settings>(routes.settings, change))
  } catch (error) {
    useRecorderSettingsStore.setState({ error: `The setting could not be saved: ${errorText(error)}` })
  }
}

/** Deletes every recorded row (the caller asked the user first). */
export async function clearHistory(): Promise<void> {
  useRecorderSettingsStore.setState({ isClearing: true, error: undefined })
  try {
    applyRecorderStatus(await api.post<RecorderStatus>(recorderRoutes.clear))
  } catch (error) {
    useRecorderSettingsStore.setState({ error: `The history could not be cleared: ${errorText(error)}` })
  } finally {
    useRecorderSettingsStore.setState({ isClearing: false })
  }
}
