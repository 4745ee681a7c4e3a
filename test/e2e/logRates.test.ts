// Log rates end to end in real Chromium against a real core following a real log file: lines with ERROR in
// them make the Log lines chart draw a non-zero error rate (all logs, then app.log picked); "errors in app.log"
// laid over the CPU chart shows its legend entry and value, and is still there after a reload. Screenshots of
// the grid at 1280×800 and 800×560 go to /tmp (vigil-log-rates-<width>.png).
import { appendFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { collectPageErrors, countInkedPixels, useUiSuite } from '../support/browser'
import { addLogFile, quickRecording } from '../support/recordedLog'

const suite = useUiSuite()
const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Appends a few ERROR, WARN and INFO lines to `path` every 150 ms until the returned stop is called. */
function keepWriting(path: string): () => Promise<void> {
  let isWriting = true
  let round = 0
  const writing = (async () => {
    while (isWriting) {
      round += 1
      const at = new Date().toISOString()
      await appendFile(
        path,
        `${at} ERROR payment ${round} failed\n${at} ERROR retry ${round}\n${at} WARN slow\n${at} INFO ok\n`,
      )
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
  })()
  return async () => {
    isWriting = false
    await writing
  }
}

/** A legend value as a number of lines a second ("12 lines/s"), or 0 for "–". */
async function linesPerSecond(page: Page, chartId: string, legendId: string): Promise<number> {
  const text = await page.getByTestId(chartId).getByTestId(legendId).textContent()
  const match = /^([\d.]+) lines\/s$/.exec(text ?? '')
  return match ? Number(match[1]) : 0
}

describe('log rates', () => {
  it('draws the error rate of a log file, and lays errors in app.log over the CPU chart', async () => {
    const running = await suite.startCore(quickRecording)
    const { path, remove } = await addLogFile(running)
    cleanups.push(remove)
    const context = await suite.browser().newContext({ viewport: { width: 1280, height: 800 } })
    cleanups.push(() => context.close())
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    await expect.poll(() => page.getByTestId('metrics-state').textContent()).toBe('Live')
    const logChart = page.getByTestId('chart-log-lines')
    await expect.poll(() => logChart.count(), { timeout: 30_000 }).toBe(1)
    cleanups.push(keepWriting(path))

    // The Log lines chart, brought to the top of the grid with its own "move up" like any chart.
    const moveUp = page.getByRole('button', { name: 'Move Log lines up' })
    while (await moveUp.isEnabled()) await moveUp.click()
    await expect
      .poll(() => linesPerSecond(page, 'chart-log-lines', 'legend-log_error'), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(await linesPerSecond(page, 'chart-log-lines', 'legend-log_warn')).toBeGreaterThan(0)
    expect(await countInkedPixels(logChart.locator('canvas'))).toBeGreaterThan(300)
    await logChart.getByRole('combobox', { name: 'Log lines of' }).selectOption({ label: 'app.log' })
    await expect
      .poll(() => linesPerSecond(page, 'chart-log-lines', 'legend-log_error'), { timeout: 30_000 })
      .toBeGreaterThan(0)

    // Errors in app.log over CPU, on a second axis, with a legend entry of its own.
    const cpu = page.getByTestId('chart-cpu')
    await page.getByRole('button', { name: 'Overlay log rate on CPU', exact: true }).click()
    const form = page.getByRole('dialog', { name: 'Log rate over CPU' })
    await expect.poll(() => form.getByLabel('Source').locator('option').allTextContents()).toContain('app.log')
    await form.getByLabel('Source').selectOption({ label: 'app.log' })
    await form.getByLabel('Level').selectOption('error')
    await form.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => cpu.locator('.legend-overlay .legend-label').textContent()).toBe('errors in app.log')
    await expect
      .poll(() => linesPerSecond(page, 'chart-cpu', 'legend-log-overlay'), { timeout: 30_000 })
      .toBeGreaterThan(0)
    // The shortest window, so the few seconds recorded fill some of the width; the grid's top at the top.
    await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '1 min' }).click()
    for (const width of [1280, 800]) {
      await page.setViewportSize(width === 1280 ? { width, height: 800 } : { width, height: 560 })
      // Just under the sticky toolbar.
      await logChart.evaluate((element) => {
        element.scrollIntoView({ block: 'start' })
        let scroller = element.parentElement
        while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement
        const toolbar = document.querySelector('.toolbar')!.getBoundingClientRect().bottom
        scroller?.scrollBy(0, element.getBoundingClientRect().top - toolbar - 8)
      })
      await page.waitForTimeout(1000)
      await page.screenshot({ path: `/tmp/vigil-log-rates-${width}.png` })
    }
    await page.getByRole('button', { name: 'Overlay log rate on CPU', exact: true }).click()
    await page.screenshot({ path: '/tmp/vigil-log-rates-form.png' })
    await page.keyboard.press('Escape')

    // The 24-hour window draws both from the per-minute counts (a fresh core has few whole minutes yet).
    const windows = page.getByRole('group', { name: 'Time window' })
    await windows.getByRole('button', { name: '24 h', exact: true }).click()
    await expect
      .poll(() =>
        logChart.evaluate(
          (element) => Number((element as HTMLElement).dataset.xMax) - Number((element as HTMLElement).dataset.xMin),
        ),
      )
      .toBe(86_400_000)
    expect(await cpu.locator('.legend-overlay .legend-label').textContent()).toBe('errors in app.log')
    await windows.getByRole('button', { name: '5 min', exact: true }).click()

    // Remembered in this window: after a reload the overlay and the picked source are back.
    await page.reload()
    await expect
      .poll(() => cpu.locator('.legend-overlay .legend-label').textContent(), { timeout: 30_000 })
      .toBe('errors in app.log')
    await expect
      .poll(() => linesPerSecond(page, 'chart-cpu', 'legend-log-overlay'), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(await logChart.getByRole('combobox', { name: 'Log lines of' }).inputValue()).not.toBe('')

    // Taken away again: the legend entry goes.
    await page.getByRole('button', { name: 'Overlay log rate on CPU', exact: true }).click()
    await page
      .getByRole('dialog', { name: 'Log rate over CPU' })
      .getByRole('button', { name: 'Remove overlay' })
      .click()
    await expect.poll(() => cpu.locator('.legend-overlay').count()).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)
})
