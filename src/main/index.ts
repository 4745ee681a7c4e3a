// Electron glue only: single-instance lock, the core, the window, and the few native services.
import { app, BrowserWindow, Notification, session } from 'electron'
import { fileURLToPath } from 'node:url'
import { createCore, type Core } from './core'
import { createSafeStorageCodec } from './safeStorageCodec'
import { createFileSecretStore } from './settings/secretStore'
import { registerDesktopHandlers } from './desktopHandlers'
import { createMainWindow, denyPermissions } from './window'

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const staticDir = fileURLToPath(new URL('../renderer', import.meta.url))

let core: Core | undefined
let mainWindow: BrowserWindow | undefined

async function openWindow(running: Core): Promise<void> {
  mainWindow = await createMainWindow({
    origin: running.origin,
    preloadPath,
    dataDir: app.getPath('userData'),
  })
  mainWindow.on('closed', () => {
    mainWindow = undefined
  })
}

function showNotification(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show()
}

async function start(): Promise<void> {
  denyPermissions(session.defaultSession)
  const dataDir = app.getPath('userData')
  const secrets = createFileSecretStore(dataDir, await createSafeStorageCodec())
  core = await createCore({ dataDir, staticDir, mode: 'desktop', notify: showNotification, secrets })
  registerDesktopHandlers(core.origin, core.token, core.exports)
  await openWindow(core)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (core && !mainWindow) void openWindow(core)
  })
  let isQuitting = false
  app.on('before-quit', (event) => {
    if (isQuitting || !core) return
    // Let the core close its streams and server before the process goes.
    event.preventDefault()
    isQuitting = true
    void core.stop().finally(() => app.quit())
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Vigil could not start:', error)
      app.exit(1)
    })
}
