// The time cursor's route over real HTTP against a real core: a log file written at known times and
// followed by the core, a busy child process, then /api/recorder/moment?at= answers that moment's
// lines (read back from the file by the recorded offsets) and process snapshot; bad input is a 400.
import { appendFile, truncate } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecorderMoment } from '../../src/shared/recorder'
import { coreWithLogFile, getMoment, startBusyLoop, waitUntil } from '../support/recordedLog'
import { startTestCore, type TestCore } from '../support/testCore'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * Writes a line with a marker until the recorder has counted it (it follows the file once the registry
 * announces it: lines before are not counted), and returns the marker and when its line was written.
 */
async function writeCountedLine(running: TestCore, path: string, id: string, text: string) {
  let writtenAt = 0
  let marker = ''
  let round = 0
  await waitUntil(async () => {
    marker = `${text} #${(round += 1)}`
    writtenAt = Date.now()
    await appendFile(path, `${new Date(writtenAt).toISOString()} ERROR ${marker}\n`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const moment = (await getMoment(running, `at=${writtenAt}`)).json<RecorderMoment>()
    return moment.logs.some((source) => source.source === id && source.lines.some((line) => line.text.includes(marker)))
  })
  return { marker, writtenAt }
}

describe('the time cursor route', () => {
  it('answers the log lines written around a moment, read back from the file, and the processes then', async () => {
    const { running, path, id } = await coreWithLogFile(cleanups)
    const spinner = startBusyLoop(cleanups)
    const isSpinning = (moment: RecorderMoment) =>
      moment.snapshot?.processes.some((entry) => entry.pid === spinner.pid) === true
    // The line is written once the busy process leads the snapshots (a loaded machine may take a while to
    // rank it): the moment after the line then holds both.
    await waitUntil(async () => isSpinning((await getMoment(running, `at=${Date.now()}`)).json<RecorderMoment>()))
    const { marker, writtenAt } = await writeCountedLine(running, path, id, 'disk on fire')
    let moment: RecorderMoment | undefined
    await waitUntil(async () => {
      moment = (await getMoment(running, `at=${writtenAt + 1000}&seconds=3`)).json<RecorderMoment>()
      return isSpinning(moment)
    })
    const source = moment!.logs.find((entry) => entry.source === id)!
    expect(source.name).toContain('app.log')
    const line = source.lines.find((entry) => entry.text.includes(marker))!
    expect(line.level).toBe('error')
    expect(Math.abs(line.t - writtenAt)).toBeLessThanOrEqual(3000)
    expect(moment!.snapshot!.t).toBeLessThanOrEqual(writtenAt + 1000)
  }, 150_000)

  it('says the lines are no longer in the file once it was truncated', async () => {
    const { running, path, id } = await coreWithLogFile(cleanups)
    const { writtenAt } = await writeCountedLine(running, path, id, 'soon gone')
    await truncate(path, 0)
    let source: RecorderMoment['logs'][number] | undefined
    await waitUntil(async () => {
      source = (await getMoment(running, `at=${writtenAt}`))
        .json<RecorderMoment>()
        .logs.find((entry) => entry.source === id)
      return source?.gap !== undefined
    })
    expect(source).toMatchObject({ lines: [], gap: expect.stringMatching(/no longer in the file/) })
  })

  it('refuses bad input with the reason', async () => {
    const running = await startTestCore()
    cleanups.push(() => running.dispose())
    const cases: [string, RegExp][] = [
      ['', /at/],
      ['at=noon', /at must be a whole number/],
      ['at=-5', /at must not be negative/],
      ['at=1000&seconds=61', /seconds must be at most 60/],
      ['at=1000&seconds=1.5', /seconds must be a whole number/],
      ['at=1000&colour=red', /colour/],
    ]
    for (const [query, reason] of cases) {
      const answer = await getMoment(running, query)
      expect({ query, status: answer.status }).toEqual({ query, status: 400 })
      expect(answer.json<{ message: string }>().message).toMatch(reason)
    }
  })
})
