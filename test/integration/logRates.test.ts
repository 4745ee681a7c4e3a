// The live log rates over real HTTP: the recorder's log-activity route answers the newest seconds of a real
// file before the recorder has written them (a core that writes once an hour), per source and level; what
// the charts of the Metrics view poll each second.
import { appendFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { recorderRoutes, type LogActivity } from '../../src/shared/recorder'
import { bearer, send } from '../support/http'
import { addLogFile, waitUntil } from '../support/recordedLog'
import { startTestCore } from '../support/testCore'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('log rates', () => {
  it('answers the lines of the last seconds per level before the recorder writes them', async () => {
    const running = await startTestCore({ sampleIntervalMs: 250, recorderFlushIntervalMs: 3_600_000 })
    cleanups.push(() => running.dispose())
    const { core } = running
    const { path, id, remove } = await addLogFile(running)
    cleanups.push(remove)
    const startedAt = Math.floor(Date.now() / 1000) * 1000
    const activity = async (query: string) =>
      (
        await send(core.port, `${recorderRoutes.logActivity}?from=${startedAt}&to=${Date.now() + 1000}${query}`, {
          headers: bearer(core.token),
        })
      ).json<LogActivity>()
    const errorsOf = (answer: LogActivity) =>
      answer.sources[id]?.levels.error.reduce((sum, count) => sum + count, 0) ?? 0
    // The file is followed once the registry announces it: lines written before that are not counted.
    await waitUntil(async () => {
      await appendFile(path, 'ERROR first\nERROR second\nWARN third\n')
      await new Promise((resolve) => setTimeout(resolve, 200))
      return errorsOf(await activity(`&source=${id}`)) >= 2
    }, 30_000)
    const answer = await activity('&maxPoints=3600')
    expect(answer.stepSeconds).toBe(1)
    const counted = answer.sources[id]!
    expect(errorsOf(answer)).toBe(2 * counted.levels.warn.reduce((sum, count) => sum + count, 0))
    expect(counted.t.every((t) => t % 1000 === 0 && t >= startedAt)).toBe(true)
  }, 40_000)
})
