// The desktop app's own options, kept by the core with the other settings: close to tray and start at
// login. Each change sends only its own field, so a change made in another window is not undone.
import { create } from 'zustand'
import { routes, type Settings } from '../../../../shared/protocol'
import { api } from '../../lib/api'

export type DesktopOption = 'closeToTray' | 'startAtLogin'

interface DesktopOptionsState {
  closeToTray: boolean
  startAtLogin: boolean
  saveError: string | undefined
}

const initialState = (): DesktopOptionsState => ({ closeToTray: false, startAtLogin: false, saveError: undefined })

export const useDesktopOptionsStore = create<DesktopOptionsState>(initialState)

export function resetDesktopOptionsStore(): void {
  useDesktopOptionsStore.setState(initialState(), true)
}

export function applyDesktopOptions(settings: Settings): void {
  useDesktopOptionsStore.setState({
    closeToTray: settings.closeToTray === true,
    startAtLogin: settings.startAtLogin === true,
  })
}

export async function setDesktopOption(option: DesktopOption, isOn: boolean): Promise<void> {
  const previous = useDesktopOptionsStore.getState()[option]
  useDesktopOptionsStore.setState({ [option]: isOn, saveError: undefined })
  try {
    applyDesktopOptions(await api.put<Settings>(routes.settings, { [option]: isOn }))
  } catch (error) {
    useDesktopOptionsStore.setState({
      [option]: previous,
      saveError: `The option could not be saved: ${(error as Error).message}`,
    })
  }
}
