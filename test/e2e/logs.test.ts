// The Logs view in real Chromium against a real core in browser mode, with real files the test writes to.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, trackRequestSpans } from '../support/browser'
import { logRoutes } from '../../src/shared/logs'
import { bearer, send } from '../support/http'
import { builtUiDir, startTestCore, type TestCore } from '../support/testCore'

let browser: Browser
let folder: string
const cores: TestCore[] = []

beforeAll(async () => {
  if (!existsSync(join(builtUiDir, 'index.html')))
    throw new Error('The UI is not built: run `electron-vite build` first (npm test does)')
  browser = await launchChromium()
  folder = await mkdtemp(join(tmpdir(), 'vigil-logs-e2e-'))
})
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()))
  await Promise.all(cores.splice(0).map((running) => running.dispose()))
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

interface Opened {
  page: Page
  errors: string[]
  dialogs: string[]
}

/** The app on the Logs view, with what the page reported: errors other than the refused requests, and dialogs. */
async function openLogsView(): Promise<Opened> {
  const running = await startTestCore({ staticDir: builtUiDir })
  cores.push(running)
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  const errors: string[] = []
  const dialogs: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the ones the test provokes are checked on screen instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
  })
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.goto(running.core.launchUrl)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click()
  await expect.poll(() => page.getByTestId('log-state').textContent()).toBe('Live')
  return { page, errors, dialogs }
}

/** Writes a file, adds it by path, and shows it alone; resolves once its lines are on screen. */
async function addFile(page: Page, name: string, contents: string): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, contents)
  await page.getByLabel('Add a log file').fill(path)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByTitle(`Show only ${name}`).click()
  await expect.poll(() => page.getByTestId('log-state').textContent()).toBe('Live')
  return path
}

const numbered = (from: number, count: number, prefix = 'line') =>
  Array.from({ length: count }, (_, index) => `${prefix} ${from + index}\n`).join('')

function rowTexts(page: Page): Promise<string[]> {
  return page.locator('[data-number]').allTextContents()
}

function distanceFromBottom(page: Page): Promise<number> {
  return page
    .getByTestId('log-scroll')
    .evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)
}

describe('the Logs view', () => {
  it('adds a file by its path, says plainly why a path cannot be added, and shows new lines live', async () => {
    const { page, errors } = await openLogsView()
    const missing = join(folder, 'missing.log')
    await page.getByLabel('Add a log file').fill(missing)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => page.locator('.log-add-problem').textContent()).toBe(`There is no file at ${missing}.`)
    await page.getByLabel('Add a log file').fill('relative.log')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect
      .poll(() => page.locator('.log-add-problem').textContent())
      .toMatch(/^Give the full path of the log file/)

    const path = await addFile(page, 'app.log', '2026-11-24T05:00:00Z INFO started\n')
    const source = page.getByTestId('log-source').filter({ hasText: 'app.log' })
    await expect.poll(() => source.locator('.log-source-status').textContent()).toBe('following')
    await expect.poll(() => rowTexts(page)).toEqual(['2026-11-24T05:00:00Z INFO started'])
    await appendFile(path, '2026-11-24T05:00:01Z ERROR disk full\n')
    await expect
      .poll(() => rowTexts(page))
      .toEqual(['2026-11-24T05:00:00Z INFO started', '2026-11-24T05:00:01Z ERROR disk full'])
    expect(await page.locator('[data-number]').last().getAttribute('class')).toContain('level-error')
    expect(await page.locator('[data-number] .log-level').allTextContents()).toEqual(['INFO', 'ERROR'])
    expect(await page.locator('[data-number] .log-timestamp').first().textContent()).toBe('2026-11-24T05:00:00Z')
    expect(errors).toEqual([])
  })

  it('shows the time an ingested line came, as a link to that moment on the charts', async () => {
    const { page, errors } = await openLogsView()
    const running = cores.at(-1)!
    const before = Date.now()
    const posted = await send(running.core.port, logRoutes.ingest, {
      method: 'POST',
      headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify([
        { level: 'warn', message: 'backup is late', source: 'cron' },
        { message: '2026-11-24T05:00:00Z a line with its own time' },
      ]),
    })
    expect(posted.status).toBe(200)
    await page.getByTitle('Show only Ingest').click()
    await expect.poll(() => page.locator('[data-number]').count()).toBe(2)
    const stamps = await page.locator('[data-number] .log-timestamp').allTextContents()
    expect(stamps[1]).toBe('2026-11-24T05:00:00Z')
    expect(Date.parse(stamps[0]!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(Date.parse(stamps[0]!)).toBeLessThanOrEqual(Date.now())
    expect(await page.locator('[data-number] .log-timestamp').first().getAttribute('title')).toBe(
      'Show this moment on the charts',
    )
    await page.screenshot({ path: 'test-results/logs-ingested-time.png' })
    expect(errors).toEqual([])
  })

  it('keeps each source’s colour when another source is removed, and after a reload', async () => {
    const { page, errors } = await openLogsView()
    for (const name of ['first.log', 'second.log', 'third.log']) await addFile(page, name, `${name} line\n`)
    const swatches = () =>
      page
        .getByTestId('log-source')
        .evaluateAll((items) =>
          Object.fromEntries(
            items.map((item) => [
              item.querySelector('.log-source-name')!.textContent,
              getComputedStyle(item.querySelector('.log-swatch')!).backgroundColor,
            ]),
          ),
        )
    await expect.poll(async () => Object.keys(await swatches())).toHaveLength(5)
    const before = await swatches()
    expect(new Set(Object.values(before)).size).toBe(5)
    await page.getByRole('button', { name: 'Remove first.log' }).click()
    await expect.poll(async () => Object.keys(await swatches())).toHaveLength(4)
    const { ['first.log']: removed, ...kept } = before
    expect(removed).toBeDefined()
    expect(await swatches()).toEqual(kept)
    await page.reload()
    await expect.poll(async () => Object.keys(await swatches())).toHaveLength(4)
    expect(await swatches()).toEqual(kept)
    expect(errors).toEqual([])
  })

  it('filters on the server by text, case and level, highlights the matches and counts them', async () => {
    const { page } = await openLogsView()
    const path = await addFile(page, 'mixed.log', 'INFO alpha one\nWARN beta two\nERROR Alpha three\nno level alpha\n')
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('4 lines')
    await page.getByLabel('Filter').fill('ALPHA')
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('3 matching lines')
    expect(await rowTexts(page)).toEqual(['INFO alpha one', 'ERROR Alpha three', 'no level alpha'])
    expect(await page.locator('.log-match').allTextContents()).toEqual(['alpha', 'Alpha', 'alpha'])
    await page.getByRole('group', { name: 'Level at or above' }).getByRole('button', { name: 'Warn' }).click()
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('1 matching line')
    await appendFile(path, 'ERROR alpha four\nERROR beta five\nINFO alpha six\n')
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('2 matching lines')
    expect(await rowTexts(page)).toEqual(['ERROR Alpha three', 'ERROR alpha four'])

    await page.getByRole('group', { name: 'Level at or above' }).getByRole('button', { name: 'All' }).click()
    await page.getByLabel('Filter').fill('Alpha')
    await page.getByRole('button', { name: 'Match case' }).click()
    await expect.poll(() => rowTexts(page)).toEqual(['ERROR Alpha three'])
    expect(await page.locator('.log-match').allTextContents()).toEqual(['Alpha'])
    await page.getByRole('button', { name: 'Match case' }).click()
    await page.getByRole('button', { name: 'Regular expression' }).click()
    await page.getByLabel('Filter').fill('(unclosed')
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Not a valid regular expression: Unterminated group')
    await page.getByLabel('Filter').fill('(one|six)$')
    await expect.poll(() => rowTexts(page)).toEqual(['INFO alpha one', 'INFO alpha six'])
    expect(await page.getByTestId('log-count').textContent()).toBe('2 matching lines')
  })

  it('stops following when scrolled up, counts what arrives, and jumps back to live', async () => {
    const { page } = await openLogsView()
    const path = await addFile(page, 'busy.log', numbered(0, 300))
    await expect.poll(() => rowTexts(page).then((texts) => texts.at(-1))).toBe('line 299')
    expect(await distanceFromBottom(page)).toBeLessThanOrEqual(1)
    await page.getByTestId('log-scroll').hover()
    await page.mouse.wheel(0, -1500)
    await expect.poll(() => distanceFromBottom(page)).toBeGreaterThan(1000)
    const firstShown = (await rowTexts(page))[0]
    await appendFile(path, numbered(300, 25))
    const jump = page.getByRole('button', { name: /^Jump to live/ })
    await expect.poll(() => jump.textContent()).toBe('Jump to live (25 new lines)')
    expect((await rowTexts(page))[0]).toBe(firstShown)
    await jump.click()
    await expect.poll(() => distanceFromBottom(page)).toBeLessThanOrEqual(1)
    expect((await rowTexts(page)).at(-1)).toBe('line 324')
    expect(await jump.count()).toBe(0)
    await appendFile(path, numbered(325, 5))
    await expect.poll(() => rowTexts(page).then((texts) => texts.at(-1))).toBe('line 329')
    expect(await distanceFromBottom(page)).toBeLessThanOrEqual(1)
  })

  it('holds the view still while paused and shows what waited on Resume', async () => {
    const { page } = await openLogsView()
    const path = await addFile(page, 'paused.log', numbered(0, 3))
    await expect.poll(() => rowTexts(page)).toHaveLength(3)
    await page.getByRole('button', { name: 'Pause', exact: true }).click()
    await appendFile(path, numbered(3, 4))
    const waiting = page.getByRole('button', { name: /^Paused: / })
    await expect.poll(() => waiting.textContent()).toBe('Paused: 4 new lines waiting. Resume')
    expect(await rowTexts(page)).toEqual(['line 0', 'line 1', 'line 2'])
    await waiting.click()
    await expect.poll(() => rowTexts(page)).toEqual(numbered(0, 7).trim().split('\n'))
  })

  it('takes a storm of lines: each once and in order, while the page still answers clicks', async () => {
    const { page, errors } = await openLogsView()
    const path = await addFile(page, 'storm.log', '')
    const total = 60_000
    // 64 lines per write, as fast as the machine allows, in a few bursts.
    const script = `
      const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'a'); let n = 0
      const burst = () => {
        for (let writes = 0; writes < 100 && n < ${total}; writes += 1) {
          let block = ''
          for (let i = 0; i < 64 && n < ${total}; i += 1, n += 1) block += 'storm ' + n + ' ' + 'w'.repeat(60) + '\\n'
          fs.writeSync(fd, block)
        }
        if (n < ${total}) setTimeout(burst, 20)
      }
      burst()`
    const writer = spawn(process.execPath, ['-e', script, path], { stdio: 'inherit' })
    const written = once(writer, 'close')
    await page.getByRole('button', { name: 'Pause', exact: true }).click()
    await expect.poll(() => page.getByTestId('log-state').textContent()).toBe('Paused')
    await page.getByRole('button', { name: /^Paused: / }).click()
    await written
    await expect
      .poll(() => page.getByTestId('log-count').textContent(), { timeout: 30_000 })
      .toBe(`${total.toLocaleString('en-US')} lines`)
    const numbersShown = async () => (await rowTexts(page)).map((text) => Number(text.split(' ')[1]))
    // The viewer follows to the last line once it draws again: a wait, given a loaded machine's time.
    await expect.poll(async () => (await numbersShown()).at(-1), { timeout: 30_000 }).toBe(total - 1)
    const bottom = await numbersShown()
    expect(bottom).toEqual(bottom.map((_, index) => bottom[0]! + index))
    await page.getByTestId('log-scroll').evaluate((element) => element.scrollTo({ top: 0 }))
    await expect.poll(async () => (await numbersShown())[0]).toBe(0)
    const top = await numbersShown()
    expect(top).toEqual(top.map((_, index) => index))
    expect(errors).toEqual([])
  }, 90_000)

  it('shows markup in a line as text: no element is made from it and no script runs', async () => {
    const { page, errors, dialogs } = await openLogsView()
    const markup = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>']
    await addFile(page, 'hostile.log', markup.join('\n') + '\n')
    await expect.poll(() => rowTexts(page)).toEqual(markup)
    await page.getByLabel('Filter').fill('img')
    await expect.poll(() => page.locator('.log-match').allTextContents()).toEqual(['img'])
    expect(await page.locator('.log-rows img, .log-rows script, .log-rows svg').count()).toBe(0)
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0)
    await page.waitForTimeout(300)
    expect(dialogs).toEqual([])
    expect(errors).toEqual([])
  })

  it('copies the selected lines and hands them to the chat with "Ask AI about these lines"', async () => {
    const { page } = await openLogsView()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await addFile(page, 'app.log', numbered(0, 10, 'event'))
    await expect.poll(() => rowTexts(page)).toHaveLength(10)
    const rows = page.locator('[data-number]')
    await rows.nth(2).click()
    await rows.nth(4).click({ modifiers: ['Shift'] })
    await expect.poll(() => page.locator('.log-row.is-selected').count()).toBe(3)
    expect(await page.getByRole('status').filter({ hasText: 'selected' }).textContent()).toBe('3 lines selected')

    await page.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('event 2\nevent 3\nevent 4')

    await page.getByRole('button', { name: 'Ask AI about these lines' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Chat')
    const attachment = page.getByTestId('chat-attachment')
    expect(await attachment.getByRole('heading').textContent()).toBe('3 lines from app.log')
    await attachment.getByRole('button', { name: 'Open' }).click()
    expect(await attachment.getByRole('textbox').inputValue()).toBe('event 2\nevent 3\nevent 4')
  })

  it('keeps every action of its header in sight in a narrow window, wrapping rather than overflowing', async () => {
    const { page, errors } = await openLogsView()
    await page.setViewportSize({ width: 900, height: 600 })
    const view = (await page.getByRole('region', { name: 'Logs' }).boundingBox())!
    const actions = {
      Export: page.locator('summary', { hasText: 'Export' }),
      Copy: page.getByRole('button', { name: 'Copy', exact: true }),
      'Ask AI': page.getByRole('button', { name: 'Ask AI about these lines' }),
    }
    for (const [name, action] of Object.entries(actions)) {
      const box = (await action.boundingBox())!
      expect(box.x + box.width, name).toBeLessThanOrEqual(view.x + view.width)
    }
    expect(errors).toEqual([])
  })

  it('keeps at most one logs stream open, only while the view is on screen, even as the filter changes', async () => {
    const { page } = await openLogsView()
    // Network-level start and end of every logs stream request: a new one must not start before the old one ended.
    const { spans, openNow } = await trackRequestSpans(page, (pathname) => pathname === '/api/streams/logs')

    await addFile(page, 'one.log', 'x1\nx2\ny\n')
    for (const filter of ['x1', 'x2', 'y']) {
      await page.getByLabel('Filter').fill(filter)
      await expect.poll(() => rowTexts(page)).toEqual([filter])
    }
    await expect.poll(openNow).toBe(1)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Metrics' }).click()
    await expect.poll(openNow).toBe(0)
    const ordered = [...spans.values()].sort((first, second) => first.start - second.start)
    expect(ordered.length).toBeGreaterThanOrEqual(4)
    for (let index = 1; index < ordered.length; index += 1)
      expect(ordered[index]!.start).toBeGreaterThanOrEqual(ordered[index - 1]!.end!)
  })
})
