// Every view in the smallest window the desktop app allows and in a common laptop one, each filled with data
// first (a log with long lines, a long chat answer, export history, an alert firing, an export running):
// nothing sticks out sideways, tables scroll inside their cards, the log's messages and the chat's actions show.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { chatRoutes, type Conversation, type ProviderView } from '../../src/shared/chat'
import { defaultCsvOptions, exportRoutes, type ExportJob } from '../../src/shared/export'
import { minimumWindowSize } from '../../src/main/windowState'
import { collectPageErrors, useUiSuite } from '../support/browser'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { bearer, send } from '../support/http'
import type { TestCore } from '../support/testCore'

const suite = useUiSuite()
let provider: FakeProvider | undefined
let folder: string | undefined
afterAll(async () => {
  await provider?.close()
  if (folder) await rm(folder, { recursive: true, force: true })
})

async function call<T>(running: TestCore, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await send(running.core.port, path, {
    method,
    headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(answer.status, answer.text).toBeLessThan(300)
  return answer.json<T>()
}

function startMetricsExport(running: TestCore, series: string[]): Promise<ExportJob> {
  const request = { kind: 'metrics', from: Date.now() - 60_000, to: Date.now(), series, resolution: 'raw' }
  return call<ExportJob>(running, 'POST', exportRoutes.exports, { ...request, csv: defaultCsvOptions })
}

async function showView(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click()
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toMatch(new RegExp(`^${view}`))
}

/**
 * What sticks out of the view sideways: elements reaching past its right edge that no box of theirs clips or
 * scrolls, tables wider than their card that no box scrolls, and buttons whose label broke over two lines.
 */
function misfits(page: Page): Promise<string[]> {
  return page.getByRole('main').evaluate((main) => {
    const right = main.getBoundingClientRect().right + 1
    const name = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`
    const boxesOf = (element: Element) => {
      const boxes: Element[] = []
      for (let box = element.parentElement; box && box !== main; box = box.parentElement) boxes.push(box)
      return boxes
    }
    const found: string[] = []
    for (const element of main.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect()
      if (rect.width === 0 || rect.right <= right) continue
      if (boxesOf(element).some((box) => getComputedStyle(box).overflowX !== 'visible')) continue
      found.push(`sticks out: ${name(element)}`)
    }
    for (const table of main.querySelectorAll('table')) {
      if (table.getBoundingClientRect().right <= right) continue
      const scroller = boxesOf(table).find((box) => ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
      if (!scroller || scroller.getBoundingClientRect().right > right) found.push(`table not scrolled: ${name(table)}`)
    }
    // A button laid out in lines on purpose (a conversation's title above its date) is not a broken label.
    const isInLines = (button: Element) =>
      [...button.children].some((child) => ['block', 'flex', 'grid'].includes(getComputedStyle(child).display))
    for (const button of [...main.querySelectorAll('button')].filter((button) => !isInLines(button))) {
      const range = document.createRange()
      range.selectNodeContents(button)
      const boxes = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0)
      if (boxes.some((box) => boxes.some((other) => other.top >= box.bottom - 1)))
        found.push(`label broken: ${button.textContent}`)
    }
    if (main.scrollWidth > main.clientWidth) found.push(`view scrolls sideways: ${main.scrollWidth}`)
    return found
  })
}

/**
 * The controls (and headings) inside `selector` that something else covers: the element found at the middle of
 * each is neither it nor inside it.
 */
function coveredControls(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((box) =>
    [...box.querySelectorAll('button, input, select, summary, h2')].flatMap((control) => {
      const rect = control.getBoundingClientRect()
      if (rect.width === 0 || !control.checkVisibility()) return []
      const found = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
      return found && (found === control || control.contains(found)) ? [] : [control.textContent ?? control.tagName]
    }),
  )
}

/** How many pixels of the last test line's message (what follows its time and level) the viewer shows. */
function visibleMessageWidth(page: Page): Promise<number> {
  return page.locator('.log-row', { hasText: 'request 39 failed' }).evaluate((row) => {
    const level = row.querySelector('.log-level')!.getBoundingClientRect()
    const viewer = row.parentElement!.getBoundingClientRect()
    return Math.min(viewer.right, window.innerWidth) - level.right
  })
}

describe('every view with data', () => {
  // Filling six views and checking them twice takes a while on a loaded machine (hence its time limit); every step
  // polls for its state.
  it('fits 800 x 560 and 1280 x 800: nothing sideways, tables scroll in their cards, messages and actions show', async () => {
    provider = await startFakeProvider()
    const answer = [
      'The disk is filling because of the journal. ',
      ...Array.from({ length: 60 }, (_, index) => `Point ${index}: rotate the logs and vacuum the journal. `),
      '\n\n```\njournalctl --vacuum-size=200M --rotate && find /var/log -name "*.gz" -mtime +30 -delete',
      ' # and a very long comment that keeps going well past the width of any window this app may have\n```\n',
    ]
    provider.defaultScenario = { kind: 'answer', tokens: answer }
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const view = await call<ProviderView>(running, 'POST', chatRoutes.providers, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl: provider.baseUrl,
      defaultModel: 'test-model',
    })
    await call<Conversation>(running, 'POST', chatRoutes.conversations, {
      title: 'Why is the disk of the build server filling up every night since the upgrade',
      providerId: view.id,
    })
    // Three exports in the history, of samples the core has taken.
    await expect.poll(() => running.core.metrics.history.size).toBeGreaterThan(2)
    for (const series of [['cpu_total_pct'], ['load_1', 'load_5'], ['mem_used_pct']]) {
      const job = await startMetricsExport(running, series)
      const file = await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, {
        headers: bearer(running.core.token),
      })
      expect(file.status).toBe(200)
    }
    folder = await mkdtemp(join(tmpdir(), 'vigil-e2e-fit-'))
    const logPath = join(folder, 'application-server-with-a-long-name.log')
    const longLine = (index: number) =>
      `2026-12-04T10:00:0${index % 10}Z ERROR request ${index} failed: ${'upstream connection reset by peer '.repeat(12)}`
    await writeFile(logPath, Array.from({ length: 40 }, (_, index) => longLine(index)).join('\n') + '\n')

    const context = await suite.browser().newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const errors = collectPageErrors(page, (text) => text.startsWith('Failed to load resource'))
    await page.goto(running.core.launchUrl)
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
    await expect.poll(() => page.getByTestId('filesystems').locator('tbody tr').count()).toBeGreaterThan(0)

    // An alert firing.
    const alerts = page.getByRole('region', { name: 'Alerts' })
    await expect
      .poll(() => alerts.getByRole('combobox', { name: 'Series' }).locator('option').count())
      .toBeGreaterThan(5)
    await alerts.getByRole('combobox', { name: 'Series' }).selectOption('cpu_total_pct')
    await alerts.getByRole('textbox', { name: 'Threshold' }).fill('-1')
    await alerts.getByRole('textbox', { name: 'Seconds' }).fill('0')
    await alerts.getByRole('button', { name: 'Add rule' }).click()
    await expect.poll(() => page.getByTestId('alert-banner').count()).toBe(1)

    // A log with long lines.
    await showView(page, 'Logs')
    await page.getByLabel('Add a log file').fill(logPath)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => page.locator('.log-text').filter({ hasText: 'request 39 failed' }).count()).toBe(1)

    // A conversation with a long answer.
    await showView(page, 'Chat')
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /build server/ })
      .click()
    await page.getByRole('textbox', { name: 'Message' }).fill('Why is the disk full?')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect
      .poll(() => page.getByTestId('message-assistant').last().textContent(), { timeout: 15_000 })
      .toContain('long comment')

    // An export waiting for its download, shown as running on every view but Exports' own list.
    await startMetricsExport(running, ['cpu_user_pct'])
    await expect.poll(() => page.getByTestId('export-tray').getByTestId('export-job').count()).toBe(1)

    for (const size of [minimumWindowSize, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size)
      for (const name of ['Metrics', 'Hosts', 'Logs', 'Chat', 'Exports', 'Settings']) {
        await showView(page, name)
        if (name === 'Exports') await expect.poll(() => page.getByTestId('export-history-row').count()).toBe(3)
        expect(await misfits(page), `${name} at ${size.width} x ${size.height}`).toEqual([])
        await page.screenshot({ path: `test-results/fit-${name.toLowerCase()}-${size.width}.png` })
      }
      await showView(page, 'Logs')
      expect(await visibleMessageWidth(page), `log messages at ${size.width}`).toBeGreaterThan(100)
      // Wrapped or not, the toolbar never leaves Pause alone on a row.
      const pauseRow = await page.locator('.logs-toolbar').evaluate((toolbar) => {
        const tops = [...toolbar.children].map((item) => Math.round(item.getBoundingClientRect().top))
        const pause = [...toolbar.children].findIndex((item) => item.textContent === 'Pause')
        return tops.filter((top) => Math.abs(top - tops[pause]!) < 8).length
      })
      expect(pauseRow, `controls beside Pause at ${size.width}`).toBeGreaterThan(1)
      // A regular expression that is not valid says why on a row of its own, covering no control.
      await page.getByRole('button', { name: 'Regular expression' }).click()
      await page.getByLabel('Filter').fill('request (')
      await expect
        .poll(() => page.locator('.log-filter-problem').textContent())
        .toMatch(/^Not a valid regular expression/)
      await page.screenshot({ path: `test-results/fit-logs-regex-error-${size.width}.png` })
      expect(await coveredControls(page, '.logs-toolbar'), `controls covered at ${size.width}`).toEqual([])
      await page.getByLabel('Filter').fill('')
      await page.getByRole('button', { name: 'Regular expression' }).click()
      await expect.poll(() => page.locator('.log-filter-problem').count()).toBe(0)
      await showView(page, 'Chat')
      // The title shows (cut with an ellipsis at worst) and every action can be reached: side by side in a wide
      // pane (Export a menu), folded into one "⋯" menu in the smallest window.
      const header = page.locator('.conversation-header')
      expect(await coveredControls(page, '.conversation-header'), `header covered at ${size.width}`).toEqual([])
      const title = await header.locator('.conversation-heading').boundingBox()
      expect(title && title.width > 150 && title.x + title.width <= size.width, `title at ${size.width}`).toBe(true)
      const isFolded = size.width === minimumWindowSize.width
      expect(await header.getByTitle('Conversation actions').isVisible()).toBe(isFolded)
      if (isFolded) {
        await header.getByTitle('Conversation actions').click()
        await page.screenshot({ path: `test-results/fit-chat-actions-${size.width}.png` })
      }
      const actions = isFolded
        ? ['Settings', 'Rename', 'Export as CSV', 'Export as Markdown', 'Export as JSON', 'Delete']
        : ['Settings', 'Rename', 'Export', 'Delete']
      for (const action of actions) {
        const box = await header.locator('button, summary', { hasText: action }).filter({ visible: true }).boundingBox()
        expect(box && box.x >= 0 && box.x + box.width <= size.width + 1, `${action} at ${size.width}`).toBe(true)
      }
      if (isFolded) await page.keyboard.press('Escape')
    }
    expect(errors).toEqual([])
    await context.close()
  }, 180_000)
})
