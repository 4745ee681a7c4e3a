// The theme: the user's choice (system, light or dark, kept by the core so every window agrees) and the
// system's preference, which decides when the choice is "system".
import { create } from 'zustand'
import { routes, type Settings, type ThemeMode } from '../../../../shared/protocol'
import { api } from '../../lib/api'

interface ThemeState {
  mode: ThemeMode
  systemPrefersDark: boolean
  saveError: string | undefined
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)')

const initialState = (): ThemeState => ({ mode: 'system', systemPrefersDark: darkQuery.matches, saveError: undefined })

export const useThemeStore = create<ThemeState>(initialState)

/** Back to "system" with the system's preference as it is now. */
export function resetThemeStore(): void {
  useThemeStore.setState(initialState(), true)
}

darkQuery.addEventListener('change', (event) => useThemeStore.setState({ systemPrefersDark: event.matches }))

export function effectiveTheme(state: Pick<ThemeState, 'mode' | 'systemPrefersDark'>): 'light' | 'dark' {
  if (state.mode === 'system') return state.systemPrefersDark ? 'dark' : 'light'
  return state.mode
}

export function applyServerTheme(settings: Settings): void {
  useThemeStore.setState({ mode: settings.theme })
  void window.vigilDesktop?.setThemeSource(settings.theme)
}

export async function chooseTheme(mode: ThemeMode): Promise<void> {
  const previous = useThemeStore.getState().mode
  useThemeStore.setState({ mode, saveError: undefined })
  try {
    await api.put<Settings>(routes.settings, { theme: mode })
  } catch (error) {
    useThemeStore.setState({ mode: previous, saveError: `The theme could not be saved: ${(error as Error).message}` })
  }
}

const nextMode: Record<ThemeMode, ThemeMode> = { system: 'light', light: 'dark', dark: 'system' }

export function cycleTheme(): Promise<void> {
  return chooseTheme(nextMode[useThemeStore.getState().mode])
}
