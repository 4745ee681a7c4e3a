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
  }
})

vi.mock('electron', () => electron)

const { createMainWindow, denyPermissions, hardenWebContents } = await import('./window')

const origin = 'http://127.0.0.1:4321'
let dataDir: string

beforeEach(async () => {
  electron.shell.openExternal.mockClear()
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

  it('stays on the core’s origin and opens other web links in the system browser', () => {
    const contents = hardened()
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() }
      contents.listeners.get('will-navigate')!(event, url)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(navigate(`${origin}/`)).toBe(false)
    expect(navigate('https://example.org/docs')).toBe(true)
    expect(navigate('http://127.0.0.1:9999/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(electron.shell.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://example.org/docs',
      'http://127.0.0.1:9999/',
    ])
  })

  it('never opens a new window, and hands only http(s) links to the system', () => {
    const contents = hardened()
    for (const url of ['https://example.org/', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.shell.openExternal.mock.calls.map(([url]) => url)).toEqual(['https://example.org/'])
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
