// Start at login and close to tray, as the system sees them: a real autostart entry in a temporary
// folder on Linux, Electron's login items elsewhere, and a window that hides on close while the setting is on.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Settings } from '../shared/protocol'
import { applyStartAtLogin, autostartEntry, hiddenArgument, keepInTrayOnClose, startsInTray } from './desktopSettings'

let folder: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-autostart-'))
})
afterEach(() => rm(folder, { recursive: true, force: true }))

function host(platform: NodeJS.Platform) {
  return {
    platform,
    executable: '/opt/Vigil/vigil app',
    autostartDir: join(folder, 'autostart'),
    setLoginItemSettings: vi.fn(),
  }
}

describe('start at login', () => {
  it('on Linux writes an XDG autostart entry that starts in the tray, and removes it when turned off', async () => {
    const linux = host('linux')
    await applyStartAtLogin(true, linux)
    const entry = await readFile(join(folder, 'autostart', 'vigil.desktop'), 'utf8')
    expect(entry).toBe(autostartEntry('/opt/Vigil/vigil app'))
    expect(entry).toContain(`Exec="/opt/Vigil/vigil app" ${hiddenArgument}\n`)
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true)
    expect((await stat(join(folder, 'autostart', 'vigil.desktop'))).mode & 0o777).toBe(0o644)
    await applyStartAtLogin(false, linux)
    await expect(stat(join(folder, 'autostart', 'vigil.desktop'))).rejects.toThrow(/ENOENT/)
    await applyStartAtLogin(false, linux)
    expect(linux.setLoginItemSettings).not.toHaveBeenCalled()
  })

  it('quotes an executable path with characters the Exec key reserves', () => {
    expect(autostartEntry('/home/a "b"/$x`y`\\z')).toContain('Exec="/home/a \\"b\\"/\\$x\\`y\\`\\\\z" --hidden')
  })

  it('on macOS and Windows uses the system’s login items, with the argument that starts in the tray', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const other = host(platform)
      await applyStartAtLogin(true, other)
      await applyStartAtLogin(false, other)
      expect(other.setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, args: [hiddenArgument] }],
        [{ openAtLogin: false, args: [hiddenArgument] }],
      ])
    }
    await expect(stat(join(folder, 'autostart'))).rejects.toThrow(/ENOENT/)
  })

  it('starts in the tray when launched at login, with a window otherwise', () => {
    expect(startsInTray(['/opt/Vigil/vigil', hiddenArgument], false)).toBe(true)
    expect(startsInTray(['/opt/Vigil/vigil'], true)).toBe(true)
    expect(startsInTray(['/opt/Vigil/vigil'], false)).toBe(false)
  })
})

describe('close to tray', () => {
  function fakeWindow() {
    let onClose: ((event: { preventDefault(): void }) => void) | undefined
    const window = { on: vi.fn((_event: 'close', listener: typeof onClose) => (onClose = listener)), hide: vi.fn() }
    const close = () => {
      const event = { preventDefault: vi.fn() }
      onClose!(event)
      return event.preventDefault.mock.calls.length > 0
    }
    return { window, close }
  }

  it('hides the window instead of closing it while the setting is on, and closes it when quitting', () => {
    let settings: Settings = { theme: 'system' }
    let isQuitting = false
    const { window, close } = fakeWindow()
    keepInTrayOnClose(
      window,
      () => settings,
      () => isQuitting,
    )
    expect(close()).toBe(false)
    expect(window.hide).not.toHaveBeenCalled()

    settings = { theme: 'system', closeToTray: true }
    expect(close()).toBe(true)
    expect(window.hide).toHaveBeenCalledOnce()

    isQuitting = true
    expect(close()).toBe(false)
    expect(window.hide).toHaveBeenCalledOnce()
  })
})
