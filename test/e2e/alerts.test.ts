// Alerts in the real UI: a rule edited in the Metrics view, evaluated by the core, raising the banner.
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { collectPageErrors, downloadFrom, useUiSuite } from '../support/browser'
import { defaultCsvOptions, exportRoutes } from '../../src/shared/export'
import { minimumWindowSize } from '../../src/main/windowState'
import { bearer, send } from '../support/http'

const suite = useUiSuite()

/** Adds "CPU total above -1 % for 0 s" in the Metrics view's Alerts panel: it holds from the next sample on. */
async function addRuleThatHolds(page: Page): Promise<{ panel: Locator; banner: Locator }> {
  const panel = page.getByRole('region', { name: 'Alerts' })
  await expect.poll(() => panel.getByRole('combobox', { name: 'Series' }).locator('option').count()).toBeGreaterThan(10)
  await panel.getByRole('combobox', { name: 'Series' }).selectOption('cpu_total_pct')
  await panel.getByRole('textbox', { name: 'Threshold' }).fill('-1')
  await panel.getByRole('textbox', { name: 'Seconds' }).fill('0')
  await panel.getByRole('button', { name: 'Add rule' }).click()
  return { panel, banner: page.getByTestId('alert-banner') }
}

describe('alerts', () => {
  it('offers series by name and unit, grouped, once each, and none that cannot change', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const page = await (await suite.browser().newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    await page.goto(running.core.launchUrl)
    const picker = page.getByRole('region', { name: 'Alerts' }).getByRole('combobox', { name: 'Series' })
    await expect.poll(() => picker.locator('option').count()).toBeGreaterThan(10)
    const labels = await picker.locator('option').allTextContents()
    expect(labels.filter((label) => /_/.test(label))).toEqual([])
    expect(labels.filter((label) => label.startsWith('memory used'))).toEqual(['memory used (%)'])
    expect(labels.filter((label) => /total \(bytes\)|size/.test(label))).toEqual([])
    expect(
      await picker.locator('optgroup').evaluateAll((groups) => groups.map((group) => group.getAttribute('label'))),
    ).toEqual(expect.arrayContaining(['CPU', 'Memory', 'Network']))
    await page.context().close()
  })

  it('a rule with a low threshold raises the banner, is kept by the core, and ends when disabled', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const page = await (await suite.browser().newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    const { panel, banner } = await addRuleThatHolds(page)
    await expect.poll(() => banner.textContent()).toMatch(/CPU total above -1\.0 %: now \d+\.\d %/)
    expect(await panel.getByRole('listitem').first().textContent()).toMatch(/^CPU total above -1\.0 %/)
    const saved = JSON.parse(await readFile(`${running.dataDir}/alerts.json`, 'utf8')) as {
      seriesKey: string
      threshold: number
    }[]
    expect(saved).toEqual([
      expect.objectContaining({
        seriesKey: 'cpu_total_pct',
        operator: 'above',
        threshold: -1,
        forSeconds: 0,
        isEnabled: true,
      }),
    ])
    expect(
      running.logs.some(
        (entry) => entry.component === 'alerts' && entry.message.startsWith('alert: CPU total above -1.0 %'),
      ),
    ).toBe(true)
    // The checkbox shows the core's state: it changes once the save is answered.
    const enabled = panel.locator('.alert-rules').getByRole('checkbox')
    await enabled.click()
    await expect.poll(() => enabled.isChecked()).toBe(false)
    await expect.poll(() => banner.count()).toBe(0)
    // Switched on again, the rule starts a new episode; Hide puts the banner away while it lasts.
    await enabled.click()
    await expect.poll(() => banner.count()).toBe(1)
    await banner.getByRole('button', { name: 'Hide' }).click()
    await expect.poll(() => banner.count()).toBe(0)
    await panel.getByRole('button', { name: 'Remove' }).click()
    await expect
      .poll(() => readFile(`${running.dataDir}/alerts.json`, 'utf8').then((text) => JSON.parse(text)))
      .toEqual([])
    expect(errors).toEqual([])
  })

  it('the banner and the export tray sit below the view, side by side in a narrow window, and cover none of it', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const page = await (
      await suite.browser().newContext({ viewport: { width: 820, height: 600 }, acceptDownloads: true })
    ).newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    const { banner } = await addRuleThatHolds(page)
    await expect.poll(() => banner.count()).toBe(1)
    await (await downloadFrom(page, () => page.getByRole('button', { name: 'Export CSV' }).click())).path()
    const tray = page.getByTestId('export-tray')
    await expect.poll(() => tray.getByTestId('export-outcome').textContent()).toMatch(/: Done \(\d+ rows?\)$/)

    const content = page.getByRole('main')
    await content.evaluate((element) => element.scrollTo(0, element.scrollHeight))
    const view = (await content.boundingBox())!
    const [bannerBox, trayBox] = [(await banner.boundingBox())!, (await tray.boundingBox())!]
    for (const box of [bannerBox, trayBox]) expect(box.y).toBeGreaterThanOrEqual(view.y + view.height)
    const isApart =
      bannerBox.x >= trayBox.x + trayBox.width ||
      trayBox.x >= bannerBox.x + bannerBox.width ||
      bannerBox.y >= trayBox.y + trayBox.height ||
      trayBox.y >= bannerBox.y + bannerBox.height
    expect(isApart).toBe(true)
    // Scrolled to its end, every point along the view's lowest band is the view's own.
    const lowestBand = Array.from({ length: 9 }, (_, index) => ({
      x: view.x + ((index + 0.5) * view.width) / 9,
      y: view.y + view.height - 4,
    }))
    const owners = await content.evaluate(
      (element, points) => points.map(({ x, y }) => element.contains(document.elementFromPoint(x, y))),
      lowestBand,
    )
    expect(owners).toEqual(lowestBand.map(() => true))
    expect(errors).toEqual([])
  })

  it('folds the banner and the export tray to one line, so the smallest window still shows a chart', async () => {
    const running = await suite.startCore({ sampleIntervalMs: 250 })
    const page = await (await suite.browser().newContext({ viewport: minimumWindowSize })).newPage()
    const errors = collectPageErrors(page)
    await page.goto(running.core.launchUrl)
    const { banner } = await addRuleThatHolds(page)
    await addRuleThatHolds(page)
    await expect.poll(() => banner.locator('p').count()).toBe(2)
    // Two exports started elsewhere (no download yet): this window lists them as they wait.
    for (const series of [['cpu_total_pct'], ['load_1']]) {
      const request = {
        kind: 'metrics',
        from: Date.now() - 60_000,
        to: Date.now(),
        series,
        resolution: 'raw',
        csv: defaultCsvOptions,
      }
      const answer = await send(running.core.port, exportRoutes.exports, {
        method: 'POST',
        headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      })
      expect(answer.status, answer.text).toBe(200)
    }
    const tray = page.getByTestId('export-tray')
    await expect.poll(() => tray.getByTestId('export-job').count()).toBe(2)

    const shelf = page.getByTestId('shelf')
    const rows = async () => {
      const boxes = await Promise.all(
        [banner, tray, shelf.getByRole('button', { name: 'Open the whole shelf' })].map((part) => part.boundingBox()),
      )
      return new Set(boxes.map((box) => Math.round(box!.y + box!.height / 2))).size
    }
    expect(await rows()).toBe(1)
    expect(await shelf.getByText('+1 more').count()).toBe(2)
    // The view above keeps room for the CPU chart's plot, whole, once scrolled to it.
    const view = (await page.getByRole('main').boundingBox())!
    const plot = (await page.locator('[data-testid="chart-cpu"] .chart-plot').boundingBox())!
    expect(plot.height).toBeLessThanOrEqual(view.height)
    await page.locator('[data-testid="chart-cpu"]').scrollIntoViewIfNeeded()
    const shown = (await page.locator('[data-testid="chart-cpu"] .chart-plot').boundingBox())!
    expect(shown.y + shown.height).toBeLessThanOrEqual(view.y + view.height)

    // Opened, the shelf shows every alert and job.
    await shelf.getByRole('button', { name: 'Open the whole shelf' }).click()
    await expect.poll(() => banner.locator('p').nth(1).isVisible()).toBe(true)
    expect(await tray.getByTestId('export-job').nth(1).isVisible()).toBe(true)
    expect(errors).toEqual([])
  })
})
