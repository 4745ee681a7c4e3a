// The preload's few functions, answered in the main process. Each request must come from a frame of
// the core's own origin; anything else (an embedded page, a navigation that slipped through) is refused.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, shell, type IpcMainInvokeEvent } from 'electron'
import { join } from 'node:path'
import { desktopChannels } from '../shared/desktopApi'
import { idQuerySchema, themeModeSchema } from '../shared/schemas'
import type { Exports } from './export'

function assertOwnPage(event: IpcMainInvokeEvent, origin: string): void {
  const url = event.senderFrame?.url
  if (!url || !URL.canParse(url) || new URL(url).origin !== origin)
    throw new Error('Refused: this request does not come from Vigil’s own page.')
}

const exportFilters = {
  csv: { name: 'CSV', extensions: ['csv'] },
  md: { name: 'Markdown', extensions: ['md'] },
  json: { name: 'JSON', extensions: ['json'] },
}

function ownWindow(event: IpcMainInvokeEvent): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(event.sender) ?? undefined
}

export function registerDesktopHandlers(origin: string, token: string, exports: Exports): void {
  // Only a frame of the core's own origin gets the token; the page keeps it in memory.
  ipcMain.handle(desktopChannels.launchToken, (event) => {
    assertOwnPage(event, origin)
    return token
  })
  ipcMain.handle(desktopChannels.setThemeSource, (event, mode: unknown) => {
    assertOwnPage(event, origin)
    nativeTheme.themeSource = themeModeSchema.parse(mode)
  })
  ipcMain.handle(desktopChannels.chooseLogFile, async (event) => {
    assertOwnPage(event, origin)
    const window = ownWindow(event)
    const options = { title: 'Follow a log file', properties: ['openFile' as const, 'showHiddenFiles' as const] }
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    return result.canceled ? undefined : result.filePaths[0]
  })
  // The path chosen here goes straight to the core in this process: it never crosses HTTP or the renderer.
  ipcMain.handle(desktopChannels.saveExport, async (event, jobId: unknown) => {
    assertOwnPage(event, origin)
    const { id } = idQuerySchema.parse({ id: jobId })
    const { job } = exports.ready(id)
    const extension = job.fileName.split('.').at(-1) as keyof typeof exportFilters
    const options = {
      title: 'Save the export',
      defaultPath: join(app.getPath('downloads'), job.fileName),
      filters: [exportFilters[extension]],
    }
    const window = ownWindow(event)
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) {
      exports.cancel(id)
      return undefined
    }
    return exports.saveToFile(id, result.filePath)
  })
  ipcMain.handle(desktopChannels.showExportInFolder, (event, entryId: unknown) => {
    assertOwnPage(event, origin)
    const path = exports.savedPathOf(idQuerySchema.parse({ id: entryId }).id)
    if (!path) throw new Error('This export was not saved by the desktop app.')
    shell.showItemInFolder(path)
  })
}
