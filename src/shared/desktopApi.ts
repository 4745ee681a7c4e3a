// What the preload script exposes to the renderer in the desktop app, as `window.vigilDesktop`.
// Browser mode has no such object; the renderer checks for it before use.
import type { ThemeMode } from './protocol'

export interface VigilDesktopApi {
  /** Makes the native window frame and menus follow the app's theme choice. */
  setThemeSource(mode: ThemeMode): Promise<void>
  /** The native open dialog for a log file: its path, or undefined when the user cancelled. */
  chooseLogFile(): Promise<string | undefined>
}

export const desktopChannels = {
  setThemeSource: 'vigil:set-theme-source',
  chooseLogFile: 'vigil:choose-log-file',
} as const
