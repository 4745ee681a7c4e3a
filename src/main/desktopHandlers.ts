// The preload's few functions, answered in the main process. Each request must come from a frame of
// the core's own origin; anything else (an embedded page, a navigation that slipped through) is refused.
import { BrowserWindow, dialog, ipcMain, nativeTheme, type IpcMainInvokeEvent } from 'electron'
import { desktopChannels } from '../shared/desktopApi'
import { themeModeSchema } from '../shared/schemas'

function assertOwnPage(event: IpcMainInvokeEvent, origin: string): void {
  const url = event.senderFrame?.url
  if (!url || !URL.canParse(url) || new URL(url).origin !== origin) throw new Error('Refused: this request does not come from Vigil’s own page.')
}

export function registerDesktopHandlers(origin: string): void {
  ipcMain.handle(desktopChannels.setThemeSource, (event, mode: unknown) => {
    assertOwnPage(event, origin)
    nativeTheme.themeSource = themeModeSchema.parse(mode)
  })
  ipcMain.handle(desktopChannels.chooseLogFile, async (event) => {
    assertOwnPage(event, origin)
    const window = BrowserWindow.fromWebContents(event.sender)
    const options = { title: 'Follow a log file', properties: ['openFile' as const, 'showHiddenFiles' as const] }
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    return result.canceled ? undefined : result.filePaths[0]
  })
}
