// The one place that builds a BrowserWindow and decides what its web contents may do.
import { BrowserWindow, screen, shell, type Session, type WebContents } from 'electron'
import { fitToDisplays, loadWindowState, minimumWindowSize, saveWindowState } from './windowState'

export interface MainWindowOptions {
  /** The core's origin: the window shows its UI, and no other origin. The token comes through the preload. */
  origin: string
  preloadPath: string
  dataDir: string
}

export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const saved = fitToDisplays(await loadWindowState(options.dataDir), workAreas)
  const window = new BrowserWindow({
    ...(saved?.bounds ?? { width: 1280, height: 800 }),
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    title: 'Vigil',
    backgroundColor: '#101418',
    // Written out here, not spread from a constant, so that static checkers (Electronegativity) see them.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would otherwise ask for a new window; the open handler denies it anyway.
      disableBlinkFeatures: 'Auxclick',
      preload: options.preloadPath,
    },
  })
  hardenWebContents(window.webContents, options.origin)
  if (saved?.isMaximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  // Saved on close only: moving and resizing fire many events, and the last bounds are the ones that matter.
  window.on('close', () => {
    const state = { bounds: window.getNormalBounds(), isMaximized: window.isMaximized() }
    saveWindowState(options.dataDir, state).catch(() => {
      // Losing the window position is harmless; the next start uses the default size.
    })
  })
  await window.loadURL(`${options.origin}/`)
  return window
}

/** Navigation stays on the core's origin; other http(s) links open in the system browser; nothing else opens. */
export function hardenWebContents(contents: WebContents, origin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin === origin) return
    event.preventDefault()
    openExternally(url)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

function openExternally(url: string): void {
  const protocol = URL.canParse(url) ? new URL(url).protocol : ''
  if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url)
}
