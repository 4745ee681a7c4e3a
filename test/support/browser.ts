// Debian's Chromium driven by playwright-core (no browser download), with the flags this machine needs.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Download, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import type { CoreConfig } from '../../src/main/core'
import { launchChromium } from './chromium'

export { launchChromium }
import { builtUiDir, startTestCore, type TestCore } from './testCore'

/**
 * The browser and cores of one end-to-end test file: Chromium starts once before the file's tests, and
 * closes after them with every core the file started.
 */
export function useUiSuite(): { browser(): Browser; startCore(config?: Partial<CoreConfig>): Promise<TestCore> } {
  let browser: Browser | undefined
  const cores: TestCore[] = []
  beforeAll(async () => {
    if (!existsSync(join(builtUiDir, 'index.html')))
      throw new Error('The UI is not built: run `electron-vite build` first (npm test does)')
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all(cores.splice(0).map((running) => running.dispose()))
  })
  return {
    browser: () => browser!,
    async startCore(config = {}) {
      const running = await startTestCore({ staticDir: builtUiDir, ...config })
      cores.push(running)
      return running
    },
  }
}

/** Errors the page reports (uncaught exceptions and console errors); `ignore` leaves out expected ones. */
export function collectPageErrors(page: Page, ignore: (text: string) => boolean = () => false): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && !ignore(message.text())) errors.push(message.text())
  })
  return errors
}

/** How many pixels of a canvas hold something: a chart that was drawn on, rather than left blank. */
/** The little of a canvas element the count needs: typed here so this file needs no DOM types. */
interface CanvasLike {
  width: number
  height: number
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null
}

export function countInkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const drawn = element as unknown as CanvasLike
    const pixels = drawn.getContext('2d')!.getImageData(0, 0, drawn.width, drawn.height).data
    let count = 0
    for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) count += 1
    return count
  })
}

export interface RequestSpan {
  url: string
  start: number
  /** Undefined while the request is still open. */
  end?: number
}

/**
 * Network-level start and end times of the page's requests whose path passes `isTracked`, from the
 * DevTools protocol: event delivery to the test may lag, these timestamps do not.
 */
export async function trackRequestSpans(
  page: Page,
  isTracked: (pathname: string) => boolean,
): Promise<{ spans: Map<string, RequestSpan>; openNow(): number }> {
  const devtools = await page.context().newCDPSession(page)
  await devtools.send('Network.enable')
  const spans = new Map<string, RequestSpan>()
  devtools.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => {
    if (isTracked(new URL(request.url).pathname)) spans.set(requestId, { url: request.url, start: timestamp })
  })
  const ended = ({ requestId, timestamp }: { requestId: string; timestamp: number }) => {
    const span = spans.get(requestId)
    if (span) span.end = timestamp
  }
  devtools.on('Network.loadingFailed', ended)
  devtools.on('Network.loadingFinished', ended)
  return { spans, openNow: () => [...spans.values()].filter((span) => span.end === undefined).length }
}

/** Runs `start` and waits for the download it causes. */
export async function downloadFrom(page: Page, start: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()])
  return download
}

/** Opens the app of `running` in a fresh context `viewport` big, once its Metrics view is live; with the page's errors. */
export async function openLiveMetrics(
  browser: Browser,
  running: TestCore,
  viewport: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport })).newPage()
  const errors = collectPageErrors(page)
  await page.goto(running.core.launchUrl)
  await expect.poll(() => page.getByTestId('metrics-state').textContent()).toBe('Live')
  return { page, errors }
}
