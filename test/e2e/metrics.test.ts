// The Metrics dashboard in real Chromium against a real core sampling every 250 ms. Longer than most files:
// the view's behaviours share one set-up and helpers, and read best side by side.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { countInkedPixels, openLiveMetrics, useUiSuite } from '../support/browser'
import type { TestCore } from '../support/testCore'

const suite = useUiSuite()

/** A clock time with seconds as the browser's locale writes it, 24-hour or 12-hour (lib/timeFormat.ts). */
const clockTime = /^\d{1,2}:\d\d:\d\d(\s[AP]M)?$/

async function openMetrics(): Promise<{ running: TestCore; page: Page }> {
  const running = await suite.startCore({ sampleIntervalMs: 250 })
  const { page, errors } = await openLiveMetrics(suite.browser(), running, { width: 1400, height: 900 })
  await expect.poll(() => chartIds(page)).toContain('chart-cpu')
  expect(errors).toEqual([])
  return { running, page }
}

interface ChartState {
  points: number
  xMin: number
  xMax: number
}

function chartIds(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid^="chart-"]')
    .evaluateAll((charts) => charts.map((chart) => chart.getAttribute('data-testid')!))
}

function chartStates(page: Page): Promise<Record<string, ChartState>> {
  return page.locator('[data-testid^="chart-"]').evaluateAll((charts) =>
    Object.fromEntries(
      charts.map((chart) => {
        const data = (chart as HTMLElement).dataset
        return [
          chart.getAttribute('data-testid')!,
          { points: Number(data.points), xMin: Number(data.xMin), xMax: Number(data.xMax) },
        ]
      }),
    ),
  )
}

/** The next sample's values, from the core's own sampler. */
function nextValues(running: TestCore): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    const stop = running.core.metrics.sampler.onSample((sample) => {
      stop()
      resolve(sample.values)
    })
  })
}

/** Series keys the core is sending. */
async function seriesKeysOf(running: TestCore): Promise<Set<string>> {
  return new Set(Object.keys(await nextValues(running)))
}

const binaryUnits: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }
function parseBytes(text: string): number {
  const [number, unit] = text.trim().split(' ')
  return Number(number) * binaryUnits[unit!]!
}

async function chooseWindow(page: Page, label: string): Promise<void> {
  await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: label, exact: true }).click()
}

describe('the Metrics dashboard', () => {
  it('draws every chart with live data, the headline numbers and the machine header', async () => {
    const { running, page } = await openMetrics()
    await expect.poll(() => page.getByTestId('cpu-total').textContent()).toMatch(/^\d+\.\d %$/)
    expect(await page.getByTestId('memory-used').textContent()).toMatch(/^\d+(\.\d+)? (MiB|GiB|TiB)$/)
    expect(await page.locator('.hostname').textContent()).toBe(running.core.info.hostname)
    const uptime = (await page.getByTestId('uptime').textContent())!
    await expect.poll(() => page.getByTestId('uptime').textContent()).not.toBe(uptime)

    const ids = await chartIds(page)
    expect(ids).toEqual(
      expect.arrayContaining(['chart-cpu', 'chart-cores', 'chart-load', 'chart-memory', 'chart-net-total']),
    )
    expect(ids.some((id) => id.startsWith('chart-disk-'))).toBe(true)
    const before = await chartStates(page)
    await expect
      .poll(
        async () => {
          const after = await chartStates(page)
          return ids.filter((id) => !(after[id]!.xMax > before[id]!.xMax && after[id]!.points > before[id]!.points))
        },
        { timeout: 10_000 },
      )
      .toEqual([])

    // Every line of the CPU chart (total, user, system, iowait): on a machine busy to 100 %, the total
    // alone would read the same every second.
    const cpuLegend = page.locator('[data-testid="chart-cpu"] [data-legend-value]')
    const legendValues = new Set<string>()
    await expect
      .poll(async () => legendValues.add((await cpuLegend.allTextContents()).join(' | ')).size, { timeout: 10_000 })
      .toBeGreaterThan(2)
    const inkedPixels = await countInkedPixels(page.locator('[data-testid="chart-cpu"] canvas'))
    expect(inkedPixels).toBeGreaterThan(500)
    await page.context().close()
  })

  it('hides sensors, swap and GPUs the machine does not have, and shows those it has', async () => {
    const { running, page } = await openMetrics()
    const keys = [...(await seriesKeysOf(running))]
    await page.waitForTimeout(500)
    const ids = await chartIds(page)
    const expectations: [string, boolean][] = [
      ['chart-temperature', keys.some((key) => /^temp_.+_c$|^gpu\d+_temp_c$/.test(key))],
      ['chart-battery', keys.includes('battery_pct')],
      ['chart-gpu', keys.some((key) => /^gpu\d+_util_pct$/.test(key))],
      ['chart-swap', keys.includes('swap_used_bytes')],
    ]
    for (const [id, isPresent] of expectations) expect(ids.includes(id), id).toBe(isPresent)
    await page.context().close()
  })

  it('lists the file systems with size, used, free and a usage bar', async () => {
    const { page } = await openMetrics()
    const table = page.getByTestId('filesystems')
    const root = table.locator('tbody tr', { has: page.locator('td.mount', { hasText: /^\/$/ }) })
    await expect.poll(() => root.count(), { timeout: 10_000 }).toBe(1)
    const cells = await root.locator('td').allTextContents()
    for (const bytes of cells.slice(3, 6)) expect(parseBytes(bytes)).toBeGreaterThan(0)
    expect(cells[6]).toMatch(/^\d+\.\d %$/)
    const barWidth = await root.locator('.usage-fill').evaluate((bar) => (bar as HTMLElement).style.width)
    expect(barWidth).toMatch(/^\d+(\.\d+)?%$/)
    await page.context().close()
  })

  it('moves the time axis of every chart to the chosen window, 24 h from the recorder', async () => {
    const { page } = await openMetrics()
    const spans = async () => Object.values(await chartStates(page)).map((state) => state.xMax - state.xMin)
    for (const [label, seconds] of [
      ['1 min', 60],
      ['15 min', 900],
      ['1 h', 3600],
      ['5 min', 300],
    ] as const) {
      await chooseWindow(page, label)
      await expect.poll(spans).toEqual(Array((await spans()).length).fill(seconds * 1000))
    }
    const recorderRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/recorder/series')
    await chooseWindow(page, '24 h')
    await recorderRequest
    await expect.poll(async () => new Set(await spans())).toEqual(new Set([86_400_000]))
    await page.context().close()
  })

  it('holds still while paused, samples keep arriving, and Back to live jumps to live', async () => {
    const { running, page } = await openMetrics()
    await chooseWindow(page, '1 min')
    await page.waitForTimeout(1000)
    await page.getByRole('button', { name: 'Pause' }).click()
    await expect
      .poll(() => page.getByTestId('metrics-state').textContent())
      .toMatch(new RegExp(`${clockTime.source.slice(1, -1)} – ${clockTime.source.slice(1)}`))
    const paused = await chartStates(page)
    const pausedLegend = await page.getByTestId('legend-cpu_total_pct').textContent()
    const pausedCpu = await page.getByTestId('cpu-total').textContent()
    let samplesWhilePaused = 0
    const stop = running.core.metrics.sampler.onSample(() => (samplesWhilePaused += 1))
    await page.waitForTimeout(2000)
    stop()
    expect(samplesWhilePaused).toBeGreaterThanOrEqual(5)
    expect(await chartStates(page)).toEqual(paused)
    expect(await page.getByTestId('legend-cpu_total_pct').textContent()).toBe(pausedLegend)
    expect(await page.getByTestId('cpu-total').textContent()).toBe(pausedCpu)

    await page.getByRole('button', { name: 'Back to live' }).click()
    // Everything sampled during the pause is there at once, in the first frame after Back to live.
    const resumed = await page.evaluate(
      () =>
        new Promise<{ points: number; xMax: number }>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const data = document.querySelector<HTMLElement>('[data-testid="chart-cpu"]')!.dataset
              resolve({ points: Number(data.points), xMax: Number(data.xMax) })
            }),
          ),
        ),
    )
    expect(resumed.xMax - paused['chart-cpu']!.xMax).toBeGreaterThanOrEqual(1750)
    expect(resumed.points - paused['chart-cpu']!.points).toBeGreaterThanOrEqual(6)
    expect(await page.getByTestId('metrics-state').textContent()).toBe('Live')
    await page.context().close()
  })

  it('shows exact values under the crosshair on every chart at once', async () => {
    const { page } = await openMetrics()
    await page.waitForTimeout(1500)
    await page.getByRole('button', { name: 'Pause' }).click()
    const plot = page.locator('[data-testid="chart-cpu"] .u-over')
    const box = (await plot.boundingBox())!
    await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2)
    await expect
      .poll(() => page.locator('[data-testid="chart-cpu"] [data-legend-time]').textContent())
      .toMatch(clockTime)
    const cpuTime = await page.locator('[data-testid="chart-cpu"] [data-legend-time]').textContent()
    expect(await page.locator('[data-testid="chart-memory"] [data-legend-time]').textContent()).toBe(cpuTime)
    expect(await page.getByTestId('legend-cpu_total_pct').textContent()).toMatch(/^\d+\.\d %$/)
    expect(await page.getByTestId('legend-mem_used_bytes').textContent()).toMatch(/^\d+(\.\d+)? (KiB|MiB|GiB)$/)
    expect(await page.getByTestId('legend-net_total_rx_bytes_per_s').textContent()).toMatch(
      /^\d+(\.\d+)? (B|KiB|MiB|GiB)\/s$/,
    )
    await page.context().close()
  })

  it('re-lays the charts when the window is resized', async () => {
    const { page } = await openMetrics()
    const canvasWidth = () =>
      page
        .locator('[data-testid="chart-cpu"] canvas')
        .evaluate((canvas: HTMLCanvasElement) => canvas.getBoundingClientRect().width)
    const plotWidth = () =>
      page.locator('[data-testid="chart-cpu"] .chart-plot').evaluate((plot) => plot.getBoundingClientRect().width)
    const wide = await canvasWidth()
    await page.setViewportSize({ width: 900, height: 900 })
    await expect.poll(canvasWidth).not.toBe(wide)
    expect(Math.abs((await canvasWidth()) - (await plotWidth()))).toBeLessThan(80)
    await page.context().close()
  })

  it('redraws the charts in the colours of the theme chosen', async () => {
    const { page } = await openMetrics()
    const canvas = page.locator('[data-testid="chart-cpu"] canvas')
    await canvas.evaluate((element) => element.setAttribute('data-drawn-in', 'light'))
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    // A new canvas, drawn with the dark palette read from the CSS variables.
    await expect.poll(() => canvas.getAttribute('data-drawn-in')).toBeNull()
    const darkColours = await page.evaluate(() =>
      [1, 2, 3, 4].map((index) =>
        getComputedStyle(document.documentElement).getPropertyValue(`--series-${index}`).trim(),
      ),
    )
    expect(darkColours[0]).toBe('#6ea1ff')
    const lightColours = ['#2364d2', '#d03b3b', '#c98a0b', '#1f9d55']
    const inkIn = (colours: string[]) =>
      canvas.evaluate((element: HTMLCanvasElement, wanted) => {
        const rgb = wanted.map((colour) => [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16)))
        const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data
        let count = 0
        for (let index = 0; index < pixels.length; index += 4) {
          const isMatch = rgb.some(
            ([red, green, blue]) =>
              Math.abs(pixels[index]! - red!) +
                Math.abs(pixels[index + 1]! - green!) +
                Math.abs(pixels[index + 2]! - blue!) <
              12,
          )
          if (isMatch && pixels[index + 3] === 255) count += 1
        }
        return count
      }, colours)
    await expect.poll(() => inkIn(darkColours)).toBeGreaterThan(20)
    expect(await inkIn(lightColours)).toBe(0)
    await page.context().close()
  })
})

describe('the chart layout', () => {
  it('hides a chart and moves another, both kept across a reload, until Show all charts', async () => {
    const { page } = await openMetrics()
    await page.getByRole('button', { name: 'Hide Load average' }).click()
    await expect.poll(() => chartIds(page)).not.toContain('chart-load')
    // With Load average hidden, Memory follows CPU per core: one step up puts it right after CPU.
    await page.getByRole('button', { name: 'Move Memory up' }).click()
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 3))
      .toEqual(['chart-cpu', 'chart-memory', 'chart-cores'])
    await page.reload()
    await expect.poll(() => page.getByTestId('metrics-state').textContent()).toBe('Live')
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 3))
      .toEqual(['chart-cpu', 'chart-memory', 'chart-cores'])
    expect(await chartIds(page)).not.toContain('chart-load')
    expect(await page.getByText('1 chart hidden.').count()).toBe(1)
    await page.getByRole('button', { name: 'Show all charts' }).click()
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 4))
      .toEqual(['chart-cpu', 'chart-cores', 'chart-load', 'chart-memory'])
    await page.context().close()
  })

  it('moves a chart dragged by its handle onto another chart’s place, kept across a reload', async () => {
    const { page } = await openMetrics()
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 4))
      .toEqual(['chart-cpu', 'chart-cores', 'chart-load', 'chart-memory'])
    await page.getByTestId('drag-memory').dragTo(page.getByTestId('chart-cpu'))
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 4))
      .toEqual(['chart-memory', 'chart-cpu', 'chart-cores', 'chart-load'])
    await page.screenshot({ path: 'test-results/metrics-dragged-chart.png' })
    // Dropped back below Load average, where it came from.
    await page.getByTestId('drag-memory').dragTo(page.getByTestId('chart-load'))
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 4))
      .toEqual(['chart-cpu', 'chart-cores', 'chart-load', 'chart-memory'])
    await page.getByTestId('drag-load').dragTo(page.getByTestId('chart-cores'))
    await page.reload()
    await expect.poll(() => page.getByTestId('metrics-state').textContent()).toBe('Live')
    await expect
      .poll(async () => (await chartIds(page)).slice(0, 4))
      .toEqual(['chart-cpu', 'chart-load', 'chart-cores', 'chart-memory'])
    await page.context().close()
  })

  it('folds the interfaces with no traffic into one row that opens on demand', async ({ skip }) => {
    const { running, page } = await openMetrics()
    // Totals since the core started only grow: an interface idle in a later sample was idle on screen before.
    const idleIn = (values: Record<string, number>) =>
      Object.keys(values)
        .filter((key) => /^net_.+_rx_bytes$/.test(key) && !key.startsWith('net_total_'))
        .map((key) => key.slice('net_'.length, -'_rx_bytes'.length))
        .filter((iface) => values[`net_${iface}_rx_bytes`] === 0 && values[`net_${iface}_tx_bytes`] === 0)
    if (idleIn(await nextValues(running)).length === 0) skip('this machine has no interface without traffic')
    const fold = page.getByRole('button', { name: /idle interface/ })
    await expect.poll(() => fold.count()).toBe(1)
    const folded = (await fold.locator('.caption').textContent())!.trim().split(', ')
    expect(folded).toEqual(expect.arrayContaining(idleIn(await nextValues(running))))
    expect(await fold.textContent()).toMatch(new RegExp(`^▸ ${folded.length} idle interfaces? `))
    for (const iface of folded) expect(await chartIds(page)).not.toContain(`chart-net-${iface}`)
    expect(await chartIds(page)).toContain('chart-net-total')
    await fold.click()
    await expect.poll(() => chartIds(page)).toEqual(expect.arrayContaining(folded.map((iface) => `chart-net-${iface}`)))
    expect(await fold.getAttribute('aria-expanded')).toBe('true')
    await page.context().close()
  })
})

describe('the process list', () => {
  it('is fetched only while on screen, and sorts by column and by the CPU / memory toggle', async () => {
    const { page } = await openMetrics()
    const processRequests: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/metrics/processes') processRequests.push(request.url())
    })
    await page.waitForTimeout(3500)
    expect(processRequests).toEqual([])

    const section = page.getByTestId('processes')
    await section.scrollIntoViewIfNeeded()
    const rows = section.locator('tbody tr')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(5)
    expect(await page.getByTestId('process-total').textContent()).toMatch(/^top \d+ of \d+$/)
    const column = async (index: number) => section.locator(`tbody tr td:nth-child(${index})`).allTextContents()
    const cpu = (await column(4)).map(Number)
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a))

    await section.getByRole('button', { name: 'Name' }).click()
    const names = await column(2)
    expect(names).toEqual(
      [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })),
    )
    expect(await section.locator('th[aria-sort="ascending"]').textContent()).toMatch(/^Name/)
    await section.getByRole('button', { name: 'Name' }).click()
    expect(await section.locator('th[aria-sort="descending"]').textContent()).toMatch(/^Name/)

    const memoryRequest = page.waitForRequest((request) =>
      /\/api\/metrics\/processes\?sort=memory&/.test(request.url()),
    )
    await section.getByRole('button', { name: 'By memory' }).click()
    await memoryRequest
    await expect
      .poll(async () => {
        const memory = (await column(5)).map(parseBytes)
        return memory.length > 5 && memory.every((bytes, index) => index === 0 || bytes <= memory[index - 1]!)
      })
      .toBe(true)
    expect(await section.locator('th[aria-sort="descending"]').textContent()).toMatch(/^Memory/)

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click()
    await page.waitForTimeout(300)
    const countAfterLeaving = processRequests.length
    await page.waitForTimeout(3500)
    expect(processRequests.length).toBe(countAfterLeaving)
    await page.context().close()
  })

  it('filters the whole table, shows a tree, opens a process and ends it with TERM after a confirmation', async () => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' })
    try {
      const { page } = await openMetrics()
      const section = page.getByTestId('processes')
      await section.scrollIntoViewIfNeeded()
      await section.getByRole('searchbox', { name: 'Filter processes' }).fill('sleep')
      const row = section.locator(`tbody tr[data-pid="${sleeper.pid}"]`)
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1)
      await expect
        .poll(() => page.getByTestId('process-total').textContent())
        .toMatch(/^\d+ of \d+ matching, \d+ in all$/)
      const names = await section.locator('tbody tr td:nth-child(2)').allTextContents()
      expect(names.every((name) => /sleep/i.test(name))).toBe(true)

      // In the tree, unfiltered, the sleeper hangs under the test process that started it.
      await section.getByRole('searchbox', { name: 'Filter processes' }).fill('')
      await section.getByRole('checkbox', { name: 'Tree' }).check()
      await expect.poll(() => page.getByTestId('process-total').textContent()).toMatch(/^all \d+ of \d+$/)
      await expect.poll(() => row.locator('.tree-mark').count()).toBe(1)
      const order = await section
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((each) => each.getAttribute('data-pid')))
      expect(order.indexOf(String(sleeper.pid))).toBeGreaterThan(order.indexOf(String(process.pid)))

      await row.click()
      const details = page.getByTestId('process-details')
      await expect.poll(() => details.getByTestId('process-command').textContent()).toBe('sleep 600')
      await details.getByRole('button', { name: 'End (TERM)' }).click()
      const question = details.getByRole('alertdialog', { name: 'Confirm the signal' })
      expect(await question.textContent()).toMatch(new RegExp(`Send TERM to sleep \\(${sleeper.pid}\\)\\?`))
      const ended = once(sleeper, 'exit')
      await question.getByRole('button', { name: 'Send TERM' }).click()
      expect((await ended)[1]).toBe('SIGTERM')
      await expect.poll(() => section.getByRole('status').textContent()).toBe(`Sent TERM to sleep (${sleeper.pid}).`)
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0)
      await page.context().close()
    } finally {
      if (sleeper.exitCode === null && sleeper.signalCode === null) sleeper.kill('SIGKILL')
    }
  })
})

describe('Ask AI about this window', () => {
  it('attaches a summary of the window to the chat and shows it there, removable', async () => {
    const { running, page } = await openMetrics()
    await page.waitForTimeout(1500)
    await page.getByRole('button', { name: 'Ask AI about this window' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Chat')
    const attachment = page.getByTestId('chat-attachment')
    expect(await attachment.getByRole('heading').textContent()).toMatch(
      new RegExp(`^Metrics: ${running.core.info.hostname}, 5 min to ${clockTime.source.slice(1)}`),
    )
    // The card opens on the exact text that will be sent.
    await attachment.getByRole('button', { name: 'Open' }).click()
    const text = await attachment.getByRole('textbox').inputValue()
    expect(text).toMatch(new RegExp(`^Metrics of ${running.core.info.hostname} over 5 min, from \\S+Z to \\S+Z\\.`))
    // A machine loaded to 100 % by other work reads the same value throughout.
    expect(text).toMatch(/\n {4}CPU total: (\d+\.\d % \/ \d+\.\d % \/ \d+\.\d %|\d+\.\d % throughout)\n/)
    expect(text).toMatch(/\n {4}memory used: .+ (MiB|GiB)/)
    // From the recorder: its figures, and the processes of the window (or, before its first snapshot, those now).
    expect(text).toContain("Figures from Vigil's recorder (one-second samples).")
    expect(text).toMatch(
      /\nTop processes by (CPU at \S+ \(\d+ processes in all\)\n {2}pid +name +user +CPU +memory +state|peak CPU \(from \d+ of the \d+ snapshots of the top processes in this window\)\n {2}pid +name +user +peak CPU +avg CPU +peak memory)\n/,
    )
    expect(text).toMatch(/\n(Log lines by source and level|No log lines were recorded in this window\.)\n/)
    expect(text).toMatch(/\n(Alerts and marks|No alerts or marks in this window\.)/)
    await attachment.getByRole('button', { name: /^Remove/ }).click()
    await expect.poll(() => attachment.count()).toBe(0)
    await page.context().close()
  })
})
