// A window's summary over real HTTP against a real core: a log file it follows gets an ERROR line and a
// busy child process spins, then /api/recorder/summary?from&to answers the series, the spinner among the
// top processes, the line read back from the file, and the activity by level; bad input is a 400.
import { appendFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { recorderRoutes, type RecorderSummary } from '../../src/shared/recorder'
import { bearer, send, type TestResponse } from '../support/http'
import { coreWithLogFile, quickRecording, startBusyLoop, waitUntil } from '../support/recordedLog'
import { startTestCore, type TestCore } from '../support/testCore'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function getSummary(running: TestCore, query: string): Promise<TestResponse> {
  return send(running.core.port, `${recorderRoutes.summary}?${query}`, { headers: bearer(running.core.token) })
}

describe('the window summary route', () => {
  it('sums up a window: series, the busy process, the error line read back from the file, activity by level', async () => {
    const { running, path, id } = await coreWithLogFile(cleanups)
    const spinner = startBusyLoop(cleanups)
    const from = Date.now()
    let summary: RecorderSummary | undefined
    let round = 0
    // The file is followed once the registry announces it: lines written before may not be counted, so
    // a line is written each round until the summary holds one.
    await waitUntil(async () => {
      round += 1
      await appendFile(
        path,
        `${new Date().toISOString()} INFO fine ${round}\n${new Date().toISOString()} ERROR disk on fire ${round}\n`,
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      const answer = await getSummary(running, `from=${from}&to=${Date.now()}`)
      expect(answer.status, answer.text).toBe(200)
      summary = answer.json<RecorderSummary>()
      return (
        summary.notableLines.some((line) => line.source === id && line.text.includes('disk on fire')) &&
        summary.processes.byCpu.some((entry) => entry.pid === spinner.pid) &&
        summary.series.cpu_total_pct !== undefined
      )
    })
    const result = summary!
    expect(result.resolution).toBe('second')
    const cpu = result.series.cpu_total_pct!
    expect(cpu.min).toBeLessThanOrEqual(cpu.avg)
    expect(cpu.avg).toBeLessThanOrEqual(cpu.max)
    expect(cpu.samples).toBeGreaterThan(0)
    const line = result.notableLines.find((entry) => entry.source === id)!
    expect(line).toMatchObject({ name: expect.stringContaining('app.log'), level: 'error' })
    expect(line.t).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000)
    expect(result.notableLines.every((entry) => entry.level !== 'info')).toBe(true)
    const activity = result.logs.sources[id]!
    expect(activity.levels.error).toBeGreaterThanOrEqual(1)
    expect(activity.levels.info).toBeGreaterThanOrEqual(1)
    expect(activity.lines).toBe(Object.values(activity.levels).reduce((sum, count) => sum + count, 0))
  })

  it('sums up only the series asked for', async () => {
    const running = await startTestCore(quickRecording)
    cleanups.push(() => running.dispose())
    const from = Date.now() - 1000
    await waitUntil(async () => {
      const summary = (
        await getSummary(running, `from=${from}&to=${Date.now()}&keys=mem_used_bytes`)
      ).json<RecorderSummary>()
      return summary.series.mem_used_bytes !== undefined
    })
    const summary = (
      await getSummary(running, `from=${from}&to=${Date.now()}&keys=mem_used_bytes`)
    ).json<RecorderSummary>()
    expect(Object.keys(summary.series)).toEqual(['mem_used_bytes'])
  })

  it('refuses bad input with the reason', async () => {
    const running = await startTestCore()
    cleanups.push(() => running.dispose())
    const day = 86_400_000
    const cases: [string, RegExp][] = [
      ['to=1000', /from/],
      ['from=noon&to=1000', /from must be a whole number/],
      ['from=5000&to=1000', /to must be later than from/],
      [`from=0&to=${401 * day}`, /must not be longer than 400 days/],
      ['from=0&to=1000&keys=nosuch', /keys must be known series/],
      ['from=0&to=1000&colour=red', /colour/],
    ]
    for (const [query, reason] of cases) {
      const answer = await getSummary(running, query)
      expect({ query, status: answer.status }).toEqual({ query, status: 400 })
      expect(answer.json<{ message: string }>().message).toMatch(reason)
    }
  })
})
