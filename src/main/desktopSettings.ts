// The desktop settings as the system sees them. Start at login: the login items of macOS and Windows
// (Electron's setLoginItemSettings), an XDG autostart entry on Linux, which Electron does not handle; a
// launch at login starts in the tray, without a window. Close to tray: closing the window hides it while
// the setting is on, until the user quits. Plain functions over a small host, so tests need no Electron.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Settings } from '../shared/protocol'

/** The argument a launch at login carries: start in the tray. */
export const hiddenArgument = '--hidden'

export interface LoginItemHost {
  platform: NodeJS.Platform
  /** What the autostart entry runs: the AppImage when there is one, else the executable. */
  executable: string
  /** $XDG_CONFIG_HOME/autostart (by default ~/.config/autostart). */
  autostartDir: string
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void
}

/** The XDG desktop entry that starts Vigil in the tray when the user logs in. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Vigil',
    'Comment=Watch this machine: live metrics, logs and an AI that can look',
    `Exec=${quoted} ${hiddenArgument}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

export async function applyStartAtLogin(isOn: boolean, host: LoginItemHost): Promise<void> {
  if (host.platform !== 'linux') {
    host.setLoginItemSettings({ openAtLogin: isOn, args: [hiddenArgument] })
    return
  }
  const entry = join(host.autostartDir, 'vigil.desktop')
  if (!isOn) {
    await rm(entry, { force: true })
    return
  }
  await mkdir(host.autostartDir, { recursive: true })
  await writeFile(entry, autostartEntry(host.executable), { mode: 0o644 })
}

/** Whether this launch starts in the tray: launched at login (the argument, or macOS's own flag). */
export function startsInTray(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(hiddenArgument) || wasOpenedAtLogin
}

export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): void
  hide(): void
}

/** Closing the window hides it while close-to-tray is on, unless the app is quitting. */
export function keepInTrayOnClose(window: ClosableWindow, settings: () => Settings, isQuitting: () => boolean): void {
  window.on('close', (event) => {
    if (settings().closeToTray !== true || isQuitting()) return
    event.preventDefault()
    window.hide()
  })
}
