// The log viewer under load, in Debian's Chromium: frames per second (from requestAnimationFrame
// timestamps) and input delay (a pointer event's handling time minus its creation time), with 10,000
// lines per second arriving, against the same page with nothing arriving.
// The lines go to the built-in Ingest source, which the Logs view follows by default.
import type { Page } from 'playwright-core'
import { launchChromium } from '../test/support/browser'
import { median, percentile } from './stats'
import type { Benchmark, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'

const linesPerSecond = 10_000
const batchesPerSecond = 20
const measureSeconds = 5

interface PageFigures {
  framesPerSecond: number
  longestFrameMs: number
  inputDelaysMs: number[]
}

/** Posts `linesPerSecond` lines to the ingest route in batches until stopped; returns the stopper. */
function feedIngest(vigil: VigilProcess): { stop(): Promise<number> } {
  let sent = 0
  let isRunning = true
  const loop = (async () => {
    const startedAt = performance.now()
    for (let batch = 0; isRunning; batch += 1) {
      const lines = Array.from({ length: linesPerSecond / batchesPerSecond }, (_, index) => {
        const number = sent + index
        return `2026-11-24T06:00:00Z ${number % 10 === 0 ? 'WARN' : 'INFO'} bench line ${number} ${'x'.repeat(60)}`
      })
      await fetch(`http://127.0.0.1:${vigil.port}/api/logs/ingest`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'text/plain' },
        body: lines.join('\n'),
      })
      sent += lines.length
      const nextAt = startedAt + ((batch + 1) * 1000) / batchesPerSecond
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())))
    }
  })()
  return {
    async stop() {
      isRunning = false
      await loop
      return sent
    },
  }
}

// The probe runs in the page; as a script string it needs no DOM types in this Node program.
const installProbe = `(() => {
  const state = { frames: [], inputDelays: [] }
  window.benchState = state
  const onFrame = (time) => { state.frames.push(time); requestAnimationFrame(onFrame) }
  requestAnimationFrame(onFrame)
  window.addEventListener('pointerdown', (event) => state.inputDelays.push(performance.now() - event.timeStamp), { capture: true })
})()`

const readProbe = `(() => {
  const state = window.benchState
  const frames = state.frames.filter((time) => time >= state.frames.at(-1) - ${measureSeconds * 1000})
  const gaps = frames.slice(1).map((time, index) => time - frames[index])
  return { framesPerSecond: (frames.length - 1) / ((frames.at(-1) - frames[0]) / 1000), longestFrameMs: Math.max(...gaps), inputDelaysMs: state.inputDelays }
})()`

async function measure(page: Page): Promise<PageFigures> {
  await page.evaluate(installProbe)
  const box = (await page.locator('main').boundingBox())!
  for (let click = 0; click < measureSeconds * 4; click += 1) {
    await page.waitForTimeout(250)
    // The header of the view: a click there changes nothing, it only has to be handled.
    await page.mouse.click(box.x + box.width - 20, box.y + 10)
  }
  return page.evaluate<PageFigures>(readProbe)
}

async function run(): Promise<Table> {
  const vigil = await startVigil()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`http://127.0.0.1:${vigil.port}/#token=${vigil.token}`)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click()
    await page.waitForTimeout(1000)
    const idle = await measure(page)
    const feeder = feedIngest(vigil)
    await page.waitForTimeout(1000)
    const loaded = await measure(page)
    const sent = await feeder.stop()
    const shown = await page.evaluate<number>('document.body.innerText.match(/bench line \\d+/g)?.length ?? 0')
    return {
      oursHeading: `${linesPerSecond.toLocaleString('en-US')} lines/s arriving`,
      peerHeading: 'nothing arriving',
      rows: [
        { label: 'frames per second (rAF)', ours: loaded.framesPerSecond, peer: idle.framesPerSecond, decimals: 1 },
        { label: 'longest frame (ms)', ours: loaded.longestFrameMs, peer: idle.longestFrameMs, decimals: 1 },
        {
          label: 'input delay p50 (ms)',
          ours: median(loaded.inputDelaysMs),
          peer: median(idle.inputDelaysMs),
          decimals: 1,
        },
        {
          label: 'input delay max (ms)',
          ours: percentile(loaded.inputDelaysMs, 100),
          peer: percentile(idle.inputDelaysMs, 100),
          decimals: 1,
        },
      ],
      targets: [
        {
          description: `≥ 55 frames per second with ${linesPerSecond} lines/s arriving (measured ${loaded.framesPerSecond.toFixed(1)})`,
          isMet: loaded.framesPerSecond >= 55,
        },
        {
          description: `input stays responsive: input delay max < 100 ms (our threshold; measured ${percentile(loaded.inputDelaysMs, 100).toFixed(1)} ms)`,
          isMet: percentile(loaded.inputDelaysMs, 100) < 100,
        },
      ],
      notes: [
        `${sent.toLocaleString('en-US')} lines posted to the Ingest source in ${batchesPerSecond} batches a second; ${shown} bench lines on screen at the end (the viewer is virtualized)`,
        `${measureSeconds} s windows, idle first; headless Chromium paces frames at 60 per second; input delay from ${measureSeconds * 4} clicks per window`,
      ],
    }
  } finally {
    await browser.close()
    await vigil.stop()
  }
}

export const viewerFps: Benchmark = {
  name: 'viewer',
  description: 'Log viewer: frames per second and input delay in Chromium with 10,000 lines per second arriving',
  run,
}
