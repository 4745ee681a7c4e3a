// The time cursor end to end in real Chromium at 800×560 against a real core recording every few hundred
// ms: a busy loop makes a CPU spike while a log line is written; a click on the CPU chart at that moment
// opens the panel with the busy process (by its pid) and the line, and every chart marks the moment. A
// click on a log line's timestamp in the Logs view shows its moment on the charts.
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecorderMoment } from '../../src/shared/recorder'
import { openLiveMetrics, useUiSuite } from '../support/browser'
import { addLogFile, getMoment, quickRecording, waitUntil } from '../support/recordedLog'
import type { TestCore } from '../support/testCore'

const suite = useUiSuite()
const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A core recording often, with a log file it follows. */
async function startRecording(): Promise<{ running: TestCore; path: string; id: string }> {
  const running = await suite.startCore(quickRecording)
  const { path, id, remove } = await addLogFile(running)
  cleanups.push(remove)
  return { running, path, id }
}

function spinBusyLoop(): ChildProcess {
  const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
  cleanups.push(() => void spinner.kill('SIGKILL'))
  return spinner
}

/** The moment the core answers for `at`. */
async function momentAt(running: TestCore, at: number): Promise<RecorderMoment> {
  return (await getMoment(running, `at=${at}`)).json<RecorderMoment>()
}

/**
 * Writes a line with a marker until the recorder has it for the moment it was written (the file is
 * followed once the registry announces it) and the process snapshots of that moment and of 3 s before
 * hold `pid` (a click lands within a pixel or two of the moment, a few hundred ms either way).
 */
async function writeRecordedLine(running: TestCore, path: string, id: string, pid: number) {
  let marker = ''
  let writtenAt = 0
  let round = 0
  const holdsPid = (moment: RecorderMoment) => moment.snapshot?.processes.some((entry) => entry.pid === pid) === true
  await waitUntil(async () => {
    marker = `spike line ${(round += 1)}`
    writtenAt = Date.now()
    await appendFile(path, `${new Date(writtenAt).toISOString()} ERROR ${marker}\n`)
    await new Promise((resolve) => setTimeout(resolve, 400))
    const moment = await momentAt(running, writtenAt)
    return (
      moment.logs.some((source) => source.source === id && source.lines.some((line) => line.text.includes(marker))) &&
      holdsPid(moment) &&
      holdsPid(await momentAt(running, writtenAt - 3000))
    )
  })
  return { marker, writtenAt }
}

const openPage = (running: TestCore) => openLiveMetrics(suite.browser(), running, { width: 800, height: 560 })

/** Clicks a chart's plot where its x axis shows `at`. */
async function clickChartAt(page: Page, chartId: string, at: number): Promise<void> {
  const chart = page.getByTestId(chartId)
  const xMaxOf = () => chart.evaluate((element) => Number((element as HTMLElement).dataset.xMax))
  // The moment is clicked once the chart has moved on past it, not at the plot's very edge.
  await expect.poll(xMaxOf, { timeout: 30_000 }).toBeGreaterThan(at + 5000)
  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  const over = chart.locator('.u-over')
  const box = (await over.boundingBox())!
  const { xMin, xMax } = await chart.evaluate((element) => ({
    xMin: Number((element as HTMLElement).dataset.xMin),
    xMax: Number((element as HTMLElement).dataset.xMax),
  }))
  expect(at).toBeGreaterThan(xMin)
  expect(at).toBeLessThan(xMax)
  // Clicked through the element, so the sticky toolbar can never be what receives the click.
  await over.click({ position: { x: ((at - xMin) / (xMax - xMin)) * box.width, y: box.height / 2 } })
}

function cursorMarks(page: Page): Promise<(string | null)[]> {
  return page
    .locator('[data-testid^="chart-"]')
    .evaluateAll((charts) => charts.map((chart) => (chart as HTMLElement).dataset.cursorAt ?? null))
}

describe('the time cursor', () => {
  it('shows the busy process and the log line of a CPU spike clicked on the chart, and marks every chart', async () => {
    const { running, path, id } = await startRecording()
    const { page, errors } = await openPage(running)
    const spinner = spinBusyLoop()
    const panel = page.getByTestId('moment-panel')
    const shows = async (marker: string) =>
      (await panel.locator(`[data-pid="${spinner.pid}"]`).count()) === 1 &&
      (await panel.getByTestId('moment-logs').allTextContents()).join('').includes(marker)
    // On a loaded machine a click can land a few hundred ms off the moment, where the busy loop was not
    // yet among the top processes: then the spike is written and clicked again, live.
    let writtenAt = 0
    await waitUntil(async () => {
      if ((await page.getByTestId('metrics-state').textContent()) !== 'Live')
        await page.getByRole('button', { name: 'Back to live', exact: true }).click()
      const written = await writeRecordedLine(running, path, id, spinner.pid!)
      writtenAt = written.writtenAt
      await clickChartAt(page, 'chart-cpu', writtenAt)
      const deadline = Date.now() + 5000
      while (Date.now() < deadline) {
        if (await shows(written.marker)) return true
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      return false
    }, 90_000)
    const marks = await cursorMarks(page)
    expect(marks.length).toBeGreaterThan(1)
    expect(new Set(marks).size).toBe(1)
    expect(Math.abs(Number(marks[0]) - writtenAt)).toBeLessThan(5000)

    await panel.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => cursorMarks(page)).toEqual(marks.map(() => null))
    expect(errors).toEqual([])
  }, 120_000)

  it('shows the moment of a log line whose timestamp is clicked in the Logs view', async () => {
    const { running, path, id } = await startRecording()
    const { page, errors } = await openPage(running)
    const spinner = spinBusyLoop()
    const { marker, writtenAt } = await writeRecordedLine(running, path, id, spinner.pid!)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click()
    await page.getByTitle('Show only app.log').click()
    const row = page.locator('[data-number]').filter({ hasText: marker })
    await row.locator('.log-time-link').click()

    const panel = page.getByTestId('moment-panel')
    await expect.poll(() => panel.getByTestId('moment-logs').textContent(), { timeout: 30_000 }).toContain(marker)
    // The timestamp names the moment to the millisecond: the cursor is at it, and the charts are paused around it.
    expect(await cursorMarks(page)).toContain(String(writtenAt))
    expect(await page.getByTestId('metrics-state').textContent()).not.toBe('Live')
    expect(errors).toEqual([])
  }, 120_000)
})
