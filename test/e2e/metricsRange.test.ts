// Charts over the whole past in real Chromium at 800×560, against a real core whose recorder holds two hours
// of history from three days ago: 7 d draws those hours from the recorder (no more points than the plot has
// pixels), a drag zooms every chart to the range dragged over, ◀ and a drag with Shift move back, "Back to live" follows live
// again; the time on screen is in the address. And a click at the plot's live edge opens the time cursor.
import type { Page, Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { recorderRoutes, type SeriesRange } from '../../src/shared/recorder'
import { openLiveMetrics, useUiSuite } from '../support/browser'
import { seedRecorderHistory } from '../support/recorderValues'
import { makeDataDir } from '../support/testCore'

const suite = useUiSuite()
const hourMs = 3_600_000
const dayMs = 86_400_000

interface ChartState {
  points: number
  xMin: number
  xMax: number
}

function chartStates(page: Page): Promise<ChartState[]> {
  return page.locator('[data-testid^="chart-"]').evaluateAll((charts) =>
    charts.map((chart) => {
      const data = (chart as HTMLElement).dataset
      return { points: Number(data.points), xMin: Number(data.xMin), xMax: Number(data.xMax) }
    }),
  )
}

function cpuChart(page: Page): Promise<ChartState> {
  return page.getByTestId('chart-cpu').evaluate((chart) => {
    const data = (chart as HTMLElement).dataset
    return { points: Number(data.points), xMin: Number(data.xMin), xMax: Number(data.xMax) }
  })
}

/** The next answer of the recorder's series route that carries the CPU total. */
function nextCpuSeries(page: Page): Promise<Response> {
  return page.waitForResponse((response) => {
    const url = new URL(response.url())
    return url.pathname === recorderRoutes.series && (url.searchParams.get('keys') ?? '').includes('cpu_total_pct')
  })
}

async function openPage(seededFrom: number): Promise<{ page: Page; errors: string[] }> {
  const dataDir = await makeDataDir()
  seedRecorderHistory(dataDir, seededFrom, 2 * 3600)
  const running = await suite.startCore({ dataDir, sampleIntervalMs: 250, recorderFlushIntervalMs: 200 })
  return openLiveMetrics(suite.browser(), running, { width: 800, height: 560 })
}

describe('charts over the whole past', () => {
  it('draws 7 d from the recorder, zooms to a dragged range on every chart, pans, and goes back to live', async () => {
    const seededFrom = Math.floor((Date.now() - 3 * dayMs) / 1000) * 1000
    const { page, errors } = await openPage(seededFrom)
    const plot = page.getByTestId('chart-cpu').locator('.u-over')

    const weekAnswer = nextCpuSeries(page)
    await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '7 d', exact: true }).click()
    const week = (await (await weekAnswer).json()) as SeriesRange
    // The seeded hours come back as steps of whole minutes, each with its lowest and highest value.
    const seeded = week.t.filter((t) => t >= seededFrom - week.stepSeconds * 1000 && t < seededFrom + 2 * hourMs)
    expect(seeded.length).toBeGreaterThan(0)
    expect(week.stepSeconds % 60).toBe(0)
    expect(week.max?.cpu_total_pct).toBeDefined()
    const plotWidth = (await plot.boundingBox())!.width
    await expect.poll(async () => (await cpuChart(page)).points).toBeGreaterThanOrEqual(week.t.length)
    const drawn = await cpuChart(page)
    // No more points than pixels, gap rows included (at most one after each run of steps).
    expect(drawn.points).toBeLessThanOrEqual(plotWidth)
    expect(drawn.xMax - drawn.xMin).toBe(7 * dayMs)
    expect(new URL(page.url()).hash).toContain('window=7d')

    // Drag across the seeded hours, from an hour before them to an hour after.
    const box = (await plot.boundingBox())!
    const xOf = (t: number) => box.x + ((t - drawn.xMin) / (drawn.xMax - drawn.xMin)) * box.width
    const zoomAnswer = nextCpuSeries(page)
    await page.mouse.move(xOf(seededFrom - hourMs), box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(xOf(seededFrom + hourMs), box.y + box.height / 2, { steps: 5 })
    await page.mouse.move(xOf(seededFrom + 3 * hourMs), box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    const zoomed = (await (await zoomAnswer).json()) as SeriesRange
    expect(zoomed.stepSeconds).toBeLessThan(60)
    expect(zoomed.t.some((t) => t >= seededFrom && t < seededFrom + 2 * hourMs)).toBe(true)
    // Every chart shows the range dragged over, to a pixel's worth of time (about 12 minutes at this width).
    const pixelMs = (7 * dayMs) / box.width
    await expect.poll(async () => new Set((await chartStates(page)).map((state) => state.xMin)).size).toBe(1)
    const [first] = await chartStates(page)
    expect(Math.abs(first!.xMin - (seededFrom - hourMs))).toBeLessThan(2 * pixelMs)
    expect(Math.abs(first!.xMax - (seededFrom + 3 * hourMs))).toBeLessThan(2 * pixelMs)
    await expect.poll(async () => (await cpuChart(page)).points).toBeGreaterThan(0)
    expect((await cpuChart(page)).points).toBeLessThanOrEqual(box.width)
    expect(await page.getByTestId('moment-panel').count()).toBe(0)
    expect(await page.getByTestId('metrics-state').textContent()).not.toBe('Live')
    const address = new URLSearchParams(new URL(page.url()).hash.slice(1))
    expect(Number(address.get('from'))).toBe(first!.xMin)
    expect(Number(address.get('to'))).toBe(first!.xMax)

    // ◀ moves back by half the range.
    await page.getByRole('button', { name: 'Earlier' }).click()
    const spanMs = first!.xMax - first!.xMin
    await expect.poll(async () => (await cpuChart(page)).xMin).toBe(first!.xMin - spanMs / 2)

    // Shift and a drag to the right by a quarter of the plot moves the range a quarter of its span earlier.
    const y = box.y + box.height / 2
    await page.keyboard.down('Shift')
    await page.mouse.move(box.x + box.width / 4, y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2, y, { steps: 5 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    const movedTo = first!.xMin - spanMs / 2 - spanMs / 4
    await expect.poll(async () => Math.abs((await cpuChart(page)).xMin - movedTo)).toBeLessThan(spanMs / 100)
    expect((await cpuChart(page)).xMax - (await cpuChart(page)).xMin).toBe(spanMs)

    await page.getByRole('button', { name: 'Back to live' }).click()
    await expect.poll(() => page.getByTestId('metrics-state').textContent()).toBe('Live')
    await expect.poll(async () => (await cpuChart(page)).xMax).toBeGreaterThan(Date.now() - 60_000)
    expect((await cpuChart(page)).xMax - (await cpuChart(page)).xMin).toBe(7 * dayMs)
    expect(new URL(page.url()).hash).not.toContain('from=')
    expect(await page.getByRole('button', { name: 'Back to live' }).count()).toBe(0)
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('opens the time cursor for a click at the live edge of a chart', async () => {
    const { page, errors } = await openPage(Math.floor((Date.now() - dayMs) / 1000) * 1000)
    await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '1 min', exact: true }).click()
    const plot = page.getByTestId('chart-cpu').locator('.u-over')
    const box = (await plot.boundingBox())!
    // Within a pixel of the right edge, where the newest sample is drawn.
    await plot.click({ position: { x: box.width - 0.5, y: box.height / 2 } })
    await expect.poll(() => page.getByTestId('moment-panel').count()).toBe(1)
    const at = Number(await page.getByTestId('chart-cpu').getAttribute('data-cursor-at'))
    expect(at).toBeGreaterThan(Date.now() - 60_000)
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)
})
