// Exports in real Chromium against a real core in browser mode: started from the views where the data is
// shown and from the Exports view, downloaded by the browser and read back with csv-parse. Longer than
// most files: the export paths share one set-up and helpers, and read best side by side.
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/chat'
import { collectPageErrors, downloadFrom, useUiSuite } from '../support/browser'
import { makeDataDir, type TestCore } from '../support/testCore'

const suite = useUiSuite()
let folder: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-exports-e2e-'))
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function openApp(running: TestCore): Promise<{ page: Page; errors: string[] }> {
  const context = await suite.browser().newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  // The browser logs every 4xx answer; the ones a test provokes are checked on screen instead.
  const errors = collectPageErrors(page, (text) => text.startsWith('Failed to load resource'))
  await page.goto(running.core.launchUrl)
  await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Live')
  return { page, errors }
}

async function showView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click()
}

/** The whole downloaded file as text. */
async function contentsOf(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8')
}

const parsed = (text: string, delimiter = ','): string[][] => parse(text, { delimiter, bom: true }) as string[][]

function rowTexts(page: Page): Promise<string[]> {
  return page.locator('[data-number]').allTextContents()
}

/** Writes a file, adds it in the Logs view by its path and shows it alone; resolves once it is live. */
async function addLogFile(page: Page, name: string, contents: string | (() => Promise<void>)): Promise<string> {
  const path = join(folder, name)
  if (typeof contents === 'string') await writeFile(path, contents)
  else await contents()
  await page.getByLabel('Add a log file').fill(path)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByTitle(`Show only ${name}`).click()
  await expect.poll(() => page.getByTestId('log-state').textContent()).toBe('Live')
  return path
}

async function chooseFromMenu(page: Page, menu: string, item: string): Promise<void> {
  await page.locator('summary', { hasText: menu }).click()
  await page.getByRole('menuitem', { name: item }).click()
}

function historyStates(page: Page): Promise<string[]> {
  return page
    .getByTestId('export-history-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')!))
}

describe('exports from where the data is shown', () => {
  it('exports the metrics chart window: the series on screen as columns, rows within the window', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const { page, errors } = await openApp(running)
    await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '1 min', exact: true }).click()
    await page.waitForTimeout(2000)
    await page.getByRole('button', { name: 'Pause' }).click()
    const chart = await page.getByTestId('chart-cpu').evaluate((element) => ({ ...(element as HTMLElement).dataset }))
    const [xMin, xMax, points] = [Number(chart.xMin), Number(chart.xMax), Number(chart.points)]
    // The Log lines chart draws the recorder's log counts, not series of the sampler: not in a metrics export.
    const seriesOnScreen = await page
      .locator('[data-testid^="chart-"]:not([data-testid="chart-log-lines"]) [data-testid^="legend-"]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-testid')!.slice('legend-'.length)))
    expect(seriesOnScreen).toEqual(expect.arrayContaining(['cpu_total_pct', 'mem_used_bytes', 'load_1']))

    const download = await downloadFrom(page, () => page.getByRole('button', { name: 'Export CSV' }).click())
    expect(download.suggestedFilename()).toMatch(/^vigil-metrics-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv$/)
    const [header, ...rows] = parsed(await contentsOf(download))
    expect(header).toEqual(['time_utc', 'time_epoch_ms', ...seriesOnScreen])
    const times = rows.map((row) => Number(row[1]))
    expect(times.every((time) => time >= xMin && time <= xMax)).toBe(true)
    // The view was paused at its newest sample: the file ends there, and holds every sample the core kept
    // in the window (the chart's points may add a gap marker for each sample a loaded machine missed).
    expect(times.at(-1)).toBe(xMax)
    const kept = running.core.metrics.history.seqsBetween(xMin, xMax)!
    expect(rows.length).toBe(kept.last - kept.first + 1)
    expect(rows.length).toBeLessThanOrEqual(points)
    for (const row of rows) expect(Number(row[header!.indexOf('cpu_total_pct')])).toBeGreaterThanOrEqual(0)

    await expect
      .poll(() => page.getByTestId('export-outcome').textContent())
      .toMatch(/^vigil-metrics-.*\.csv: Done \(\d+ rows\)$/)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('exports the filtered log view: exactly the lines on screen, and the whole file through the same filter', async () => {
    const running = await suite.startCore()
    const { page, errors } = await openApp(running)
    await showView(page, 'Logs')
    const lines = Array.from({ length: 400 }, (_, index) =>
      index % 5 === 0
        ? `2026-11-24T05:00:${String(index % 60).padStart(2, '0')}Z ERROR alpha ${index}, "quoted"`
        : `INFO beta ${index}`,
    )
    await addLogFile(page, 'app.log', lines.join('\n') + '\n')
    await page.getByLabel('Lines to start with').selectOption('100')
    await page.getByLabel('Filter').fill('alpha')
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('20 matching lines')
    const shown = await rowTexts(page)
    expect(shown).toEqual(lines.slice(300).filter((line) => line.includes('alpha')))

    const download = await downloadFrom(page, () => chooseFromMenu(page, 'Export', 'Lines shown (CSV)'))
    const [header, ...rows] = parsed(await contentsOf(download))
    // Each line's own time first, as the remembered Timestamps choice writes it (ISO 8601 UTC and epoch ms).
    expect(header).toEqual(['time_utc', 'time_epoch_ms', 'source', 'offset', 'level', 'text'])
    expect(rows.map((row) => row[5])).toEqual(shown)
    expect(rows.map((row) => row[0])).toEqual(shown.map((line) => new Date(line.split(' ')[0]!).toISOString()))
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['app.log']))
    expect(new Set(rows.map((row) => row[4]))).toEqual(new Set(['error']))

    const whole = await downloadFrom(page, () => chooseFromMenu(page, 'Export', 'Whole files through the filter (CSV)'))
    const wholeRows = parsed(await contentsOf(whole)).slice(1)
    expect(wholeRows.map((row) => row[5])).toEqual(lines.filter((line) => line.includes('alpha')))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('exports the open conversation as CSV and as Markdown', async () => {
    const conversation: Conversation = {
      id: 'c00e2e0000001',
      title: 'Disk, "full" again',
      model: 'test-model',
      systemPrompt: '',
      createdAt: 1_790_000_000_000,
      updatedAt: 1_790_000_060_000,
      messages: [
        { id: 'm0', role: 'user', content: 'Why is /var full?\nIt was fine, yesterday.', createdAt: 1_790_000_000_000 },
        {
          id: 'm1',
          role: 'assistant',
          content: '=Check the logs: `du -sh /var/log`',
          createdAt: 1_790_000_030_000,
          answer: { model: 'test-model', state: 'done' },
        },
      ],
    }
    const dataDir = await makeDataDir()
    await mkdir(join(dataDir, 'conversations'))
    await writeFile(join(dataDir, 'conversations', `${conversation.id}.json`), JSON.stringify(conversation))
    const running = await suite.startCore({ dataDir })
    const { page, errors } = await openApp(running)
    await showView(page, 'Chat')
    await page.locator('.conversation-row', { hasText: conversation.title }).click()
    await expect.poll(() => page.locator('.conversation-heading').textContent()).toBe(conversation.title)

    const csv = await downloadFrom(page, () => chooseFromMenu(page, 'Export', 'CSV'))
    expect(csv.suggestedFilename()).toMatch(/^vigil-chat-.*\.csv$/)
    const [header, ...rows] = parsed(await contentsOf(csv))
    expect(header!.slice(2, 6)).toEqual(['conversation_id', 'conversation_title', 'message_index', 'role'])
    expect(rows.map((row) => [row[3], row[5], row.at(-1)])).toEqual([
      [conversation.title, 'user', conversation.messages[0]!.content],
      [conversation.title, 'assistant', `'${conversation.messages[1]!.content}`],
    ])

    const markdown = await downloadFrom(page, () => chooseFromMenu(page, 'Export', 'Markdown'))
    expect(markdown.suggestedFilename()).toMatch(/^vigil-chat-.*\.md$/)
    const text = await contentsOf(markdown)
    expect(text.startsWith(`# ${conversation.title}\n`)).toBe(true)
    for (const message of conversation.messages) expect(text).toContain(message.content)
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('progress, cancel and the history', () => {
  it('cancels a whole-file export of a large log from the UI, and the history says cancelled', async () => {
    const running = await suite.startCore()
    const { page, errors } = await openApp(running)
    await showView(page, 'Logs')
    const block = Buffer.from(
      Array.from(
        { length: 8192 },
        (_, index) => `2026-11-24T05:00:00Z INFO request ${index} served in 12 ms, nothing unusual here\n`,
      ).join(''),
    )
    const path = join(folder, 'big.log')
    await addLogFile(page, 'big.log', async () => {
      const file = await open(path, 'w')
      for (let written = 0; written < 200 * 1024 * 1024; written += block.length) await file.write(block)
      await file.close()
    })

    const download = await downloadFrom(page, () =>
      chooseFromMenu(page, 'Export', 'Whole files through the filter (CSV)'),
    )
    const tray = page.getByTestId('export-tray')
    await expect.poll(() => tray.getByTestId('export-job').getAttribute('data-state')).toBe('running')
    await expect
      .poll(() => tray.getByTestId('export-job-progress').textContent())
      .toMatch(/^read [\d.]+ [KMG]?i?B of 20\d MiB · /)
    await tray.getByRole('button', { name: 'Cancel' }).click()
    expect(await download.failure()).not.toBeNull()
    await expect.poll(() => tray.getByTestId('export-outcome').textContent()).toMatch(/^vigil-logs-.*\.csv: Cancelled$/)

    await showView(page, 'Exports')
    await expect.poll(() => historyStates(page)).toEqual(['cancelled'])
    expect(await page.getByTestId('export-history-row').locator('.export-state').textContent()).toMatch(/^Cancelled/)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('starts exports from the Exports view with the options remembered, lists them, and exports one again', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const { page, errors } = await openApp(running)
    await page.waitForTimeout(1500)
    await showView(page, 'Exports')
    const form = page.locator('.export-form')
    await form.getByRole('group', { name: 'What to export' }).getByRole('button', { name: 'Metrics' }).click()
    await form.getByRole('group', { name: 'Range' }).getByRole('button', { name: 'Last 1 min' }).click()
    // Choosing starts from every series, listed by name and unit in groups; none are then picked one by one.
    const seriesCount = Number((await form.getByText(/^All \d+ series$/).textContent())!.split(' ')[1])
    await form.getByLabel('Only these').check()
    expect(await form.getByText(/^Only these/).textContent()).toBe(`Only these (${seriesCount} chosen):`)
    await form.getByRole('button', { name: 'Select none' }).click()
    expect(await form.getByText(/^Only these/).textContent()).toBe('Only these (0 chosen):')
    await form.getByRole('checkbox', { name: 'CPU total (%)', exact: true }).check()
    await form.getByRole('checkbox', { name: 'memory used (bytes)', exact: true }).check()
    expect(await form.getByRole('checkbox', { name: /^Memory/ }).isChecked()).toBe(false)
    expect(await form.getByRole('checkbox', { name: 'cpu_total_pct' }).count()).toBe(0)
    await form.getByLabel('Delimiter').selectOption('semicolon')
    await form.getByLabel('Timestamps').selectOption('epoch')

    const first = await downloadFrom(page, () => form.getByRole('button', { name: 'Export', exact: true }).click())
    const [header, ...rows] = parsed(await contentsOf(first), ';')
    expect(header).toEqual(['time_epoch_ms', 'cpu_total_pct', 'mem_used_bytes'])
    expect(rows.length).toBeGreaterThanOrEqual(4)
    await expect.poll(() => historyStates(page)).toEqual(['done'])
    const entry = page.getByTestId('export-history-row')
    expect(await entry.locator('.export-what').textContent()).toMatch(/^Metrics, 2 series, /)
    expect(await entry.locator('td.number').last().textContent()).toBe(`${rows.length} rows`)

    const again = await downloadFrom(page, () => entry.getByRole('button', { name: 'Export again' }).click())
    const [againHeader, ...againRows] = parsed(await contentsOf(again), ';')
    expect(againHeader).toEqual(header)
    expect(againRows.length).toBeGreaterThanOrEqual(rows.length)
    await expect.poll(() => historyStates(page)).toEqual(['done', 'done'])
    await page
      .getByTestId('export-history-row')
      .first()
      .getByRole('button', { name: /^Remove / })
      .click()
    await expect.poll(() => historyStates(page)).toEqual(['done'])

    // A refusal is shown in the core's words; the options are still there after a reload.
    await form.getByRole('group', { name: 'Range' }).getByRole('button', { name: 'From … to' }).click()
    await form.getByLabel('From', { exact: true }).fill('2001-01-01T10:00')
    await form.getByLabel('To', { exact: true }).fill('2001-01-01T11:00')
    await form.getByRole('button', { name: 'Export', exact: true }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^The history holds no one-second samples from 2001-01-01/)
    await page.reload()
    await showView(page, 'Exports')
    expect(await form.getByLabel('Delimiter').inputValue()).toBe('semicolon')
    expect(await form.getByLabel('Timestamps').inputValue()).toBe('epoch')
    expect(
      await form
        .getByRole('group', { name: 'Range' })
        .getByRole('button', { name: 'From … to' })
        .getAttribute('aria-pressed'),
    ).toBe('true')
    expect(errors).toEqual([])
    await page.context().close()
  })
})
