// What the preload script exposes to the renderer in the desktop app, as `window.vigilDesktop`.
// Browser mode has no such object; the renderer checks for it before use.
import type { ExportHistoryEntry } from './export'
import type { ThemeMode, ViewId } from './protocol'

export interface VigilDesktopApi {
  /** This launch's token, for the page to send as a bearer header (no cookie ever carries it). */
  launchToken(): Promise<string>
  /** Makes the native window frame and menus follow the app's theme choice. */
  setThemeSource(mode: ThemeMode): Promise<void>
  /** The native open dialog for a log file: its path, or undefined when the user cancelled. */
  chooseLogFile(): Promise<string | undefined>
  /**
   * The native save dialog for a ready export job, then the core writes the file whole or not at all.
   * Resolves with the history entry (done, failed with the reason, cancelled), or undefined when the
   * user closed the dialog (the job is then dropped).
   */
  saveExport(jobId: string): Promise<ExportHistoryEntry | undefined>
  /** Shows a saved export in the system's file manager. */
  showExportInFolder(entryId: string): Promise<void>
  /** Calls the listener when the app asks for a view (a notification clicked); returns the unsubscribe. */
  onShowView(listener: (view: ViewId) => void): () => void
}

export const desktopChannels = {
  launchToken: 'vigil:launch-token',
  setThemeSource: 'vigil:set-theme-source',
  chooseLogFile: 'vigil:choose-log-file',
  saveExport: 'vigil:save-export',
  showExportInFolder: 'vigil:show-export-in-folder',
  showView: 'vigil:show-view',
} as const
