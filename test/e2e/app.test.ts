// The real UI in real Chromium against a real core in browser mode.
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { chatRoutes } from '../../src/shared/chat'
import { routes } from '../../src/shared/protocol'
import type { CoreConfig } from '../../src/main/core'
import { minimumWindowSize } from '../../src/main/windowState'
import { collectPageErrors, countInkedPixels, trackRequestSpans, useUiSuite } from '../support/browser'
import { canMountImages, makeExt4Image } from '../support/diskImages'
import { bearer, callCore, send } from '../support/http'
import { builtUiDir, makeDataDir, startTestCore, type TestCore } from '../support/testCore'

const suite = useUiSuite()

function startUiCore(options: Partial<CoreConfig> = {}): Promise<TestCore> {
  return suite.startCore({ sampleIntervalMs: 250, ...options })
}

async function openApp(running: TestCore, watch: (page: Page) => void = () => {}): Promise<Page> {
  const context = await suite.browser().newContext()
  const page = await context.newPage()
  watch(page)
  const errors = collectPageErrors(page)
  await page.goto(running.core.launchUrl)
  await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
  expect(errors, errors.join('\n')).toEqual([])
  return page
}

describe('the app shell', () => {
  it('renders the sidebar, the status line and every view', async () => {
    const running = await startUiCore()
    const scripts: string[] = []
    const page = await openApp(running, (opened) =>
      opened.on(
        'request',
        (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname),
      ),
    )
    // The chat's code (Markdown, highlighting) comes only once the chat is opened.
    expect(scripts.some((path) => path.includes('ChatView'))).toBe(false)
    // The token left the address bar, and no cookie carries it (credentials.test.ts has the rest).
    expect(page.url()).toBe(`${running.core.origin}/`)
    expect(await page.context().cookies()).toEqual([])
    const nav = page.getByRole('navigation', { name: 'Views' })
    expect(await nav.getByRole('button').allTextContents()).toEqual([
      'Metrics',
      'Hosts',
      'Logs',
      'Chat',
      'Exports',
      'Settings',
    ])
    expect(await page.getByTestId('version').textContent()).toBe(`Vigil ${running.core.info.version}`)
    for (const view of ['Hosts', 'Logs', 'Chat', 'Exports', 'Settings', 'Metrics']) {
      await nav.getByRole('button', { name: view }).click()
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
        .toMatch(new RegExp(`^${view}`))
    }
    expect(scripts.filter((path) => path.includes('ChatView'))).toHaveLength(1)
    await nav.getByRole('button', { name: 'Exports' }).click()
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'New export',
      'Running',
      'History',
    ])
    await page.context().close()
  })

  it('keeps the view in the address: a reload comes back to it, Back returns to the one before', async () => {
    const running = await startUiCore()
    const page = await openApp(running)
    const heading = () => page.getByRole('heading', { level: 1 }).first().textContent()
    const nav = page.getByRole('navigation', { name: 'Views' })
    await nav.getByRole('button', { name: 'Logs' }).click()
    await nav.getByRole('button', { name: 'Exports' }).click()
    expect(page.url()).toBe(`${running.core.origin}/#view=exports`)
    await page.reload()
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    await expect.poll(heading).toMatch(/^Exports/)
    await page.goBack()
    await expect.poll(heading).toMatch(/^Logs/)
    await page.goBack()
    await expect.poll(heading).toMatch(/^Metrics/)
    await page.goForward()
    await expect.poll(heading).toMatch(/^Logs/)
    // A view named in the launch address opens first; the token still leaves the address.
    await page.goto(`${running.core.launchUrl}&view=chat`)
    await expect.poll(heading).toMatch(/^Chat/)
    expect(page.url()).toBe(`${running.core.origin}/#view=chat`)
    await page.context().close()
  })

  it('keeps the conversation and the log sources chosen in the address, through a reload', async () => {
    const running = await startUiCore()
    const created = await callCore(running.core, 'POST', chatRoutes.conversations, { title: 'Named in the address' })
    const { id } = created.json<{ id: string }>()
    const page = await openApp(running)
    await page.goto(`${running.core.launchUrl}&view=chat&conversation=${id}`)
    const title = page.locator('.conversation-heading')
    await expect.poll(() => title.textContent()).toBe('Named in the address')
    await page.reload()
    await expect.poll(() => title.textContent()).toBe('Named in the address')
    const shown = () =>
      page
        .getByTestId('log-source')
        .locator('input[type=checkbox]')
        .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked))
    await page.goto(`${running.core.origin}/#view=logs&sources=ingest`)
    await page.reload()
    await expect.poll(shown).toEqual([false, true])
    await page.getByTestId('log-source').first().locator('input[type=checkbox]').check()
    expect(new URL(page.url()).hash).toBe('#view=logs&sources=vigil%2Cingest')
    await page.reload()
    await expect.poll(shown).toEqual([true, true])
    await page.context().close()
  })

  it.runIf(canMountImages)(
    'keeps a file system with a long mount point inside the smallest window, its path wrapped',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'vigil-e2e-fs-'))
      const image = join(folder, 'disk.img')
      // As long as a volume label under /media can make it.
      const mountPoint = join(folder, `${'Backup-of-the-photo-library-'.repeat(4)}2026`)
      await mkdir(mountPoint)
      makeExt4Image(image)
      execFileSync('mount', ['-o', 'loop', image, mountPoint])
      try {
        const running = await startUiCore()
        const page = await openApp(running)
        await page.setViewportSize(minimumWindowSize)
        // The file systems are read every 5 s.
        await expect
          .poll(() => page.getByTestId('filesystems').getByText(mountPoint).count(), { timeout: 15_000 })
          .toBe(1)
        const [scrollWidth, clientWidth] = await page
          .getByRole('main')
          .evaluate((element) => [element.scrollWidth, element.clientWidth])
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
        await page.context().close()
      } finally {
        execFileSync('umount', [mountPoint])
        await rm(folder, { recursive: true, force: true })
      }
    },
  )

  it('shows CPU and memory changing live, with a drawn CPU chart', async () => {
    const running = await startUiCore()
    const page = await openApp(running)
    const cpu = page.getByTestId('cpu-total')
    await expect.poll(() => cpu.textContent()).toMatch(/^\d+\.\d %$/)
    expect(await page.getByTestId('memory-used').textContent()).toMatch(/^\d+(\.\d+)? (MiB|GiB|TiB)$/)
    // The CPU and memory tiles with their details (user and system shares, percent used): on a machine
    // busy to 100 %, the total alone would read the same every second.
    const tiles = page
      .locator('.stat')
      .filter({ has: page.getByTestId('cpu-total').or(page.getByTestId('memory-used')) })
    const readings = new Set<string>()
    await expect
      .poll(
        async () => {
          readings.add((await tiles.allTextContents()).join(' | '))
          return readings.size
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(2)
    const inkedPixels = await countInkedPixels(page.locator('[data-testid="chart-cpu"] canvas'))
    expect(inkedPixels).toBeGreaterThan(20)
    await mkdir('test-results', { recursive: true })
    await page.setViewportSize({ width: 1280, height: 760 })
    // The README's picture: the last minute, with a few seconds of samples on it.
    await page.getByRole('button', { name: '1 min' }).click()
    await page.waitForTimeout(4000)
    await page.screenshot({ path: 'test-results/vigil.png' })
    if (process.env.VIGIL_UPDATE_SCREENSHOT) await copyFile('test-results/vigil.png', 'docs/screenshot.png')
    await page.context().close()
  })

  it('follows the system theme, toggles, and keeps the choice in the core', async () => {
    const running = await startUiCore()
    const page = await openApp(running)
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme)
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(theme).toBe('dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(theme).toBe('light')
    await page.getByRole('button', { name: 'Theme: system' }).click()
    await page.getByRole('button', { name: 'Theme: light' }).click()
    await expect.poll(theme).toBe('dark')
    // The page shows the choice at once and saves it in the background: wait for the save.
    await expect
      .poll(() =>
        page.evaluate(
          (token) => fetch('/api/settings', { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json()),
          running.core.token,
        ),
      )
      .toEqual({ theme: 'dark' })
    // Another window of the same core follows the change.
    await page.emulateMedia({ colorScheme: 'light' })
    const second = await page.context().newPage()
    await second.goto(running.core.launchUrl)
    await expect.poll(() => second.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.context().close()
  })
})

describe('in the desktop window (its preload stood in for by a script: Electron cannot run here)', () => {
  it('offers close to tray and start at login, kept by the core, and shows the view a notification asks for', async () => {
    const running = await startUiCore()
    const context = await suite.browser().newContext()
    // What src/preload/index.ts exposes, as far as these views use it; the token comes from it, not the address.
    await context.addInitScript((token) => {
      const listeners: ((view: string) => void)[] = []
      Object.assign(window, {
        vigilDesktop: {
          launchToken: async () => token,
          setThemeSource: async () => undefined,
          onShowView(listener: (view: string) => void) {
            listeners.push(listener)
            return () => listeners.splice(listeners.indexOf(listener), 1)
          },
        },
        notificationClicked: (view: string) => listeners.forEach((listener) => listener(view)),
      })
    }, running.core.token)
    const page = await context.newPage()
    await page.goto(`${running.core.origin}/`)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
    const desktop = page.getByRole('group', { name: 'Desktop' })
    const closeToTray = desktop.getByRole('checkbox', { name: /Keep running in the tray/ })
    const startAtLogin = desktop.getByRole('checkbox', { name: /Start Vigil when I log in/ })
    expect([await closeToTray.isChecked(), await startAtLogin.isChecked()]).toEqual([false, false])
    await closeToTray.check()
    await startAtLogin.check()
    await startAtLogin.uncheck()
    const saved = async () =>
      (await send(running.core.port, routes.settings, { headers: bearer(running.core.token) })).json()
    await expect.poll(saved).toEqual({ theme: 'system', closeToTray: true, startAtLogin: false })
    await page.reload()
    await expect.poll(() => closeToTray.isChecked()).toBe(true)

    await page.evaluate(() =>
      (window as unknown as { notificationClicked(view: string): void }).notificationClicked('metrics'),
    )
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toMatch(/^Metrics/)
    await context.close()
  })
})

describe('the connection to the core', () => {
  it('shows reconnecting while the core is down and live again once it is back on the same port', async () => {
    const dataDir = await makeDataDir()
    const first = await startTestCore({ staticDir: builtUiDir, sampleIntervalMs: 250, dataDir })
    const page = await openApp(first)
    const { port, token } = first.core
    await first.core.dispose()
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Reconnecting…')
    const second = await startUiCore({ port, token, dataDir })
    await expect.poll(() => page.getByTestId('connection-state').textContent(), { timeout: 15_000 }).toBe('Live')
    expect(second.core.port).toBe(port)
    await page.context().close()
  })

  it('says plainly when the page has no token, instead of retrying for ever', async () => {
    const running = await startUiCore()
    const context = await suite.browser().newContext()
    const page = await context.newPage()
    await page.goto(running.core.origin)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Offline')
    expect(await page.getByRole('alert').textContent()).toMatch(/no Vigil token/)
    await context.close()
  })

  it('keeps at most two long-lived streams open per window, whichever view is on screen', async () => {
    const running = await startUiCore()
    const context = await suite.browser().newContext()
    const page = await context.newPage()
    const { spans, openNow } = await trackRequestSpans(page, (pathname) => pathname.startsWith('/api/streams/'))
    await page.goto(running.core.launchUrl)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    await expect.poll(openNow).toBe(2)
    const nav = page.getByRole('navigation', { name: 'Views' })
    for (const view of ['Logs', 'Chat', 'Exports', 'Settings', 'Metrics', 'Logs', 'Exports']) {
      await nav.getByRole('button', { name: view }).click()
      await page.waitForTimeout(200)
    }
    // On a view with no stream of its own, only the core stream is left.
    await expect.poll(openNow).toBe(1)
    const edges = [...spans.values()].flatMap((span) => [
      { at: span.start, change: 1 },
      ...(span.end === undefined ? [] : [{ at: span.end, change: -1 }]),
    ])
    // An end at the same instant as a start counts first: the slot was free by then.
    edges.sort((a, b) => a.at - b.at || a.change - b.change)
    let open = 0
    let mostOpen = 0
    for (const edge of edges) mostOpen = Math.max(mostOpen, (open += edge.change))
    expect(spans.size).toBeGreaterThanOrEqual(4)
    expect(
      mostOpen,
      JSON.stringify(
        [...spans.values()].map((span) => [
          new URL(span.url).pathname + new URL(span.url).search.slice(0, 40),
          span.start,
          span.end,
        ]),
      ),
    ).toBeLessThanOrEqual(2)
    await context.close()
  })
})

describe('another local origin', () => {
  let attacker: Server
  afterAll(() => new Promise((resolve) => attacker?.close(resolve)))

  it('cannot read any API, even asking the browser to send its credentials', async () => {
    const running = await startUiCore()
    const page = await openApp(running)
    const target = running.core.origin
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end('<!doctype html><title>attacker</title>')
    })
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
    // The DevTools protocol sees the status of responses the browser then blocks from the page. Its two
    // events may come in either order, so they are joined once the page is done.
    const devtools = await page.context().newCDPSession(page)
    await devtools.send('Network.enable')
    const apiRequestIds = new Set<string>()
    const statusById = new Map<string, number>()
    devtools.on('Network.requestWillBeSent', ({ requestId, request }) => {
      if (request.url.startsWith(`${target}/api/`)) apiRequestIds.add(requestId)
    })
    devtools.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) =>
      statusById.set(requestId, statusCode),
    )
    await page.goto(attackerOrigin)
    const outcome = await page.evaluate(async (origin) => {
      const attempt = async (run: () => Promise<string>) => run().catch((error: Error) => `refused: ${error.name}`)
      return {
        cors: await attempt(() => fetch(`${origin}/api/info`, { credentials: 'include' }).then((r) => r.text())),
        noCors: await attempt(() =>
          fetch(`${origin}/api/info`, { credentials: 'include', mode: 'no-cors' }).then(
            (r) => `opaque:${r.type}:${r.status}`,
          ),
        ),
        put: await attempt(() =>
          fetch(`${origin}/api/settings`, {
            method: 'PUT',
            credentials: 'include',
            mode: 'no-cors',
            body: '{"theme":"light"}',
            headers: { 'Content-Type': 'text/plain' },
          }).then((r) => `opaque:${r.type}`),
        ),
        stream: await new Promise<string>((resolve) => {
          const source = new EventSource(`${origin}/api/streams/metrics`, { withCredentials: true })
          source.onmessage = () => resolve('read an event')
          source.addEventListener('history', () => resolve('read history'))
          source.onerror = () => {
            source.close()
            resolve('refused')
          }
        }),
      }
    }, target)
    expect(outcome.cors).toBe('refused: TypeError')
    // Cross-Origin-Resource-Policy: same-origin stops even an opaque no-cors read.
    expect(outcome.noCors).toBe('refused: TypeError')
    expect(outcome.stream).toBe('refused')
    // The server itself refused every one of them, not just the browser's CORS check.
    await expect.poll(() => [...apiRequestIds].filter((id) => statusById.has(id)).length).toBeGreaterThanOrEqual(3)
    const statuses = [...apiRequestIds].flatMap((id) => (statusById.has(id) ? [statusById.get(id)!] : []))
    expect(new Set(statuses)).toEqual(new Set([403]))
    const settings = await fetch(`${target}/api/settings`, {
      headers: { Authorization: `Bearer ${running.core.token}` },
    }).then((r) => r.json())
    expect(settings).toEqual({ theme: 'system' })
    await page.context().close()
  })
})
