// The preload's functions in the main process, with electron mocked (its binary cannot run in tests).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { desktopChannels } from '../shared/desktopApi'

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  return {
    handlers,
    ipcMain: { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, handler) },
    nativeTheme: { themeSource: 'system' },
    BrowserWindow: { fromWebContents: () => undefined },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/var/log/syslog'] })) },
  }
})
vi.mock('electron', () => electron)

const { registerDesktopHandlers } = await import('./desktopHandlers')
const origin = 'http://127.0.0.1:4321'
const fromPage = (url: string) => ({ senderFrame: { url }, sender: {} })

beforeEach(() => {
  electron.handlers.clear()
  electron.dialog.showOpenDialog.mockClear()
  registerDesktopHandlers(origin)
})

describe('desktop handlers', () => {
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
      await expect(async () => electron.handlers.get(desktopChannels.chooseLogFile)!(fromPage(url))).rejects.toThrow(/does not come from Vigil/)
    }
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled()
  })
})
