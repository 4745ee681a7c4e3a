// The preload's functions in the main process, with electron mocked (its binary cannot run in tests).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { desktopChannels } from '../shared/desktopApi'
import type { Exports } from './export'

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        handlers.set(channel, handler),
    },
    nativeTheme: { themeSource: 'system' },
    BrowserWindow: { fromWebContents: () => undefined },
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/var/log/syslog'] })),
      showSaveDialog: vi.fn(async (_options: { defaultPath: string }) => ({
        canceled: false,
        filePath: '/home/me/chosen.csv',
      })),
    },
    app: { getPath: (name: string) => `/home/me/${name}` },
    shell: { showItemInFolder: vi.fn() },
  }
})
vi.mock('electron', () => electron)

const { registerDesktopHandlers } = await import('./desktopHandlers')
const origin = 'http://127.0.0.1:4321'
const job = { id: 'x0123456789ab', fileName: 'vigil-metrics-2026-11-24T10-15.csv' }
const exports = {
  ready: vi.fn(() => ({ job, contentType: 'text/csv' })),
  cancel: vi.fn(),
  saveToFile: vi.fn(async (_id: string, path: string) => ({ id: job.id, state: 'done', savedPath: path })),
  savedPathOf: vi.fn((id: string) => (id === job.id ? '/home/me/chosen.csv' : undefined)),
}
const fromPage = (url: string) => ({ senderFrame: { url }, sender: {} })

beforeEach(() => {
  electron.handlers.clear()
  vi.clearAllMocks()
  registerDesktopHandlers(origin, 'launch-token', exports as unknown as Exports)
})

describe('desktop handlers', () => {
  it('hand the launch token to the core’s own page only', async () => {
    const launchToken = electron.handlers.get(desktopChannels.launchToken)!
    expect(await launchToken(fromPage(`${origin}/`))).toBe('launch-token')
    for (const url of ['http://127.0.0.1:9999/', 'https://example.org/', 'file:///app/index.html'])
      await expect(async () => launchToken(fromPage(url)), url).rejects.toThrow(/own page/)
  })

  it('open the system dialog for a log file and return the chosen path, or nothing when cancelled', async () => {
    const choose = electron.handlers.get(desktopChannels.chooseLogFile)!
    expect(await choose(fromPage(`${origin}/`))).toBe('/var/log/syslog')
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await choose(fromPage(`${origin}/`))).toBeUndefined()
  })

  it('set the native theme only to a known mode', async () => {
    const setTheme = electron.handlers.get(desktopChannels.setThemeSource)!
    await setTheme(fromPage(`${origin}/`), 'dark')
    expect(electron.nativeTheme.themeSource).toBe('dark')
    await expect(async () => setTheme(fromPage(`${origin}/`), 'purple')).rejects.toThrow()
  })

  it('refuse requests from any other page', async () => {
    for (const url of ['https://example.org/', 'http://127.0.0.1:9999/', 'file:///etc/passwd', 'not a url']) {
      await expect(async () => electron.handlers.get(desktopChannels.chooseLogFile)!(fromPage(url))).rejects.toThrow(
        /does not come from Vigil/,
      )
    }
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled()
  })

  it('save an export where the save dialog says, named as the job is, and drop the job when the dialog is closed', async () => {
    const save = electron.handlers.get(desktopChannels.saveExport)!
    expect(await save(fromPage(`${origin}/`), job.id)).toEqual({
      id: job.id,
      state: 'done',
      savedPath: '/home/me/chosen.csv',
    })
    expect(electron.dialog.showSaveDialog.mock.calls[0]![0].defaultPath).toBe(`/home/me/downloads/${job.fileName}`)
    expect(exports.saveToFile).toHaveBeenCalledWith(job.id, '/home/me/chosen.csv')
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await save(fromPage(`${origin}/`), job.id)).toBeUndefined()
    expect(exports.cancel).toHaveBeenCalledWith(job.id)
    expect(exports.saveToFile).toHaveBeenCalledTimes(1)
  })

  it('show a saved export in its folder, by history entry, never by a path from the page', async () => {
    const show = electron.handlers.get(desktopChannels.showExportInFolder)!
    await show(fromPage(`${origin}/`), job.id)
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/home/me/chosen.csv')
    await expect(async () => show(fromPage(`${origin}/`), 'x000000000000')).rejects.toThrow(
      /not saved by the desktop app/,
    )
    await expect(async () => show(fromPage('https://example.org/'), job.id)).rejects.toThrow(/does not come from Vigil/)
  })
})
