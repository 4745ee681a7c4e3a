// The one place that builds a BrowserWindow and decides what its web contents may do.
import { BrowserWindow, dialog, screen, shell, type Session, type WebContents } from 'electron'
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

/**
 * Every frame stays on the core's origin: navigations and redirects elsewhere are refused. A link the
 * user follows out of the app opens in the system browser (https at once, http after asking); nothing
 * else opens, and no window is ever created.
 */
export function hardenWebContents(contents: WebContents, origin: string): void {
  const isOwn = (url: string) => URL.canParse(url) && new URL(url).origin === origin
  contents.setWindowOpenHandler(({ url }) => {
    void openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (isOwn(url)) return
    event.preventDefault()
    void openExternally(url)
  })
  // will-navigate sees only the main frame; this sees every frame, embedded ones included.
  contents.on('will-frame-navigate', (details) => {
    if (!isOwn(details.url)) details.preventDefault()
  })
  // A server-side redirect is no navigation the page asked for: it may not lead out either.
  contents.on('will-redirect', (details) => {
    if (!isOwn(details.url)) details.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** https opens in the system browser; http only once the user agrees (it travels unencrypted); nothing else. */
export async function openExternally(url: string): Promise<void> {
  const protocol = URL.canParse(url) ? new URL(url).protocol : ''
  if (protocol === 'https:') return shell.openExternal(url)
  if (protocol !== 'http:') return
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    message: 'Open an unencrypted link?',
    detail: `${url}\n\nThis link uses http: what you send and receive there can be read and changed on the way.`,
  })
  if (response === 1) await shell.openExternal(url)
}
