// The Electron glue's security decisions, with electron mocked (its binary cannot run in tests).
import { rm } from 'node:fs/promises'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeDataDir } from '../../test/support/testCore'

type Listener = (...args: unknown[]) => void

const electron = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener>()
    openHandler: ((details: { url: string }) => { action: string }) | undefined
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener)
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = []
    webContents = new FakeWebContents()
    loadedUrl: string | undefined
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this)
    }
    maximize() {}
    once() {}
    on() {}
    async loadURL(url: string) {
      this.loadedUrl = url
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    FakeWebContents,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    // The user's answer to "Open an unencrypted link?": 1 opens it, 0 cancels.
    dialog: { showMessageBox: vi.fn(async (_options: { detail: string }) => ({ response: 0 })) },
  }
})

vi.mock('electron', () => electron)

const { createMainWindow, denyPermissions, hardenWebContents } = await import('./window')

const origin = 'http://127.0.0.1:4321'
let dataDir: string

beforeEach(async () => {
  electron.shell.openExternal.mockClear()
  electron.dialog.showMessageBox.mockClear()
  dataDir ??= await makeDataDir()
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('the main window', () => {
  it('is built sandboxed and isolated, with no Node in the page, and loads the UI with no token in its address', async () => {
    await createMainWindow({ origin, preloadPath: '/app/preload.cjs', dataDir })
    const window = electron.BrowserWindow.created.at(-1)!
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/preload.cjs',
    })
    expect(window.loadedUrl).toBe(`${origin}/`)
  })
})

describe('web contents', () => {
  function hardened() {
    const contents = new electron.FakeWebContents()
    hardenWebContents(contents as never, origin)
    return contents
  }

  const opened = () => electron.shell.openExternal.mock.calls.map(([url]) => url)
  const asked = () => electron.dialog.showMessageBox.mock.calls.map(([options]) => options.detail.split('\n')[0])
  /** Lets the handlers' promises (dialog, then openExternal) settle. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

  function navigateVia(contents: InstanceType<typeof electron.FakeWebContents>, name: string, url: string): boolean {
    const details = { url, isMainFrame: false, preventDefault: vi.fn() }
    contents.listeners.get(name)!(details, url)
    return details.preventDefault.mock.calls.length > 0
  }

  it('stays on the core’s origin and opens other web links in the system browser', async () => {
    const contents = hardened()
    const navigate = (url: string) => navigateVia(contents, 'will-navigate', url)
    expect(navigate(`${origin}/`)).toBe(false)
    expect(navigate('https://example.org/docs')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    await settle()
    expect(opened()).toEqual(['https://example.org/docs'])
  })

  it('never opens a new window, and hands only web links to the system', async () => {
    const contents = hardened()
    for (const url of ['https://example.org/', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' })
    }
    await settle()
    expect(opened()).toEqual(['https://example.org/'])
    expect(asked()).toEqual([])
  })

  it('asks before opening an http link, and opens it only when the user agrees', async () => {
    const contents = hardened()
    contents.openHandler!({ url: 'http://example.org/refused' })
    await settle()
    expect(asked()).toEqual(['http://example.org/refused'])
    expect(opened()).toEqual([])
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 })
    expect(navigateVia(contents, 'will-navigate', 'http://127.0.0.1:9999/agreed')).toBe(true)
    await settle()
    expect(opened()).toEqual(['http://127.0.0.1:9999/agreed'])
  })

  it.each(['will-frame-navigate', 'will-redirect'])('refuses %s away from the core’s origin', async (name) => {
    const contents = hardened()
    expect(navigateVia(contents, name, `${origin}/assets/x.js`)).toBe(false)
    for (const url of ['https://example.org/', 'http://127.0.0.1:9999/', 'file:///etc/passwd', 'not a url'])
      expect(navigateVia(contents, name, url), url).toBe(true)
    await settle()
    expect(opened()).toEqual([])
  })

  it('refuses webviews', () => {
    const contents = hardened()
    const event = { preventDefault: vi.fn() }
    contents.listeners.get('will-attach-webview')!(event)
    expect(event.preventDefault).toHaveBeenCalled()
  })
})

describe('permissions', () => {
  it('are all denied', () => {
    let requestHandler:
      ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined
    let checkHandler: (() => boolean) | undefined
    denyPermissions({
      setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    } as never)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn()
      requestHandler!(undefined, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(checkHandler!()).toBe(false)
  })
})
