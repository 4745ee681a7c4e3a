// Electron glue only: single-instance lock, the core, the window, and the few native services.
import { app, BrowserWindow, session } from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore, type Core } from './core'
import { desktopChannels } from '../shared/desktopApi'
import type { ViewId } from '../shared/protocol'
import { createDesktopShell, type DesktopShell } from './desktopShell'
import { applyStartAtLogin, keepInTrayOnClose, startsInTray } from './desktopSettings'
import { createSafeStorageCodec } from './safeStorageCodec'
import { createFileSecretStore } from './settings'
import { registerDesktopHandlers } from './desktopHandlers'
import { createMainWindow, denyPermissions } from './window'

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const staticDir = fileURLToPath(new URL('../renderer', import.meta.url))
const trayIconPath = fileURLToPath(new URL('../renderer/tray.png', import.meta.url))
// The installers carry the README beside the app (electron-builder.yml, extraResources).
const readmePath = app.isPackaged
  ? join(process.resourcesPath, 'README.md')
  : fileURLToPath(new URL('../../README.md', import.meta.url))

let core: Core | undefined
let mainWindow: BrowserWindow | undefined
let desktopShell: DesktopShell | undefined
let isQuitting = false

async function openWindow(running: Core): Promise<void> {
  mainWindow = await createMainWindow({
    origin: running.origin,
    preloadPath,
    dataDir: app.getPath('userData'),
  })
  mainWindow.on('closed', () => {
    mainWindow = undefined
  })
  keepInTrayOnClose(mainWindow, running.settings.get, () => isQuitting)
}

function showWindow(): void {
  if (!mainWindow) {
    if (core) void openWindow(core)
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

function showView(view: ViewId): void {
  showWindow()
  mainWindow?.webContents.send(desktopChannels.showView, view)
}

function applyLoginItem(isOn: boolean): void {
  applyStartAtLogin(isOn, {
    platform: process.platform,
    executable: process.env['APPIMAGE'] ?? process.execPath,
    autostartDir: join(process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'autostart'),
    setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
  }).catch((error: unknown) => console.error('Vigil could not change its start at login:', error))
}

async function start(): Promise<void> {
  denyPermissions(session.defaultSession)
  const dataDir = app.getPath('userData')
  const secrets = createFileSecretStore(dataDir, await createSafeStorageCodec())
  core = await createCore({
    dataDir,
    staticDir,
    mode: 'desktop',
    notify: (title, body, view) => desktopShell?.notify(title, body, view),
    secrets,
  })
  registerDesktopHandlers(core.origin, core.token, core.exports)
  desktopShell = createDesktopShell({
    alerts: core.alerts,
    trayIconPath,
    dataDir,
    readmePath,
    showWindow,
    showView,
    quit: () => app.quit(),
  })
  let startAtLogin = core.settings.get().startAtLogin === true
  applyLoginItem(startAtLogin)
  core.settings.onChange((settings) => {
    if ((settings.startAtLogin === true) === startAtLogin) return
    startAtLogin = settings.startAtLogin === true
    applyLoginItem(startAtLogin)
  })
  // A launch at login starts in the tray; the tray's Show opens the window.
  if (!startsInTray(process.argv, app.getLoginItemSettings().wasOpenedAtLogin)) await openWindow(core)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (core && !mainWindow) void openWindow(core)
  })
  app.on('before-quit', (event) => {
    if (isQuitting || !core) return
    // Let the core close its streams and server before the process goes.
    event.preventDefault()
    isQuitting = true
    desktopShell?.dispose()
    void core.dispose().finally(() => app.quit())
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Vigil could not start:', error)
      app.exit(1)
    })
}
