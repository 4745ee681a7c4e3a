// Alert rules across signals over real HTTP: a rule on the CPU and on the error lines of a real log file
// fires only once both hold, from the real sampler's samples and the lines the core follows, and its
// episode, as the recorder's events route lists it, carries the top processes and the log lines of its start.
import { appendFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { routes, type AlertRule, type AlertsEventData } from '../../src/shared/protocol'
import { recorderRoutes, type LogActivity, type RecorderEvents, type RecorderStatus } from '../../src/shared/recorder'
import { bearer, send } from '../support/http'
import { coreWithLogFile, startBusyLoop, waitUntil } from '../support/recordedLog'
import type { TestCore } from '../support/testCore'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const get = async <T>(running: TestCore, path: string): Promise<T> =>
  (await send(running.core.port, path, { headers: bearer(running.core.token) })).json<T>()

describe('a rule on a series and a log rate', () => {
  it('fires once both hold, and its episode keeps the processes and log lines of its start', async () => {
    const startedAt = Date.now()
    const { running, path, id } = await coreWithLogFile(cleanups)
    const spinner = startBusyLoop(cleanups)

    // The CPU is always above -1 %: only the error lines decide.
    const rule: AlertRule = {
      id: 'cpu-and-errors',
      seriesKey: 'cpu_total_pct',
      operator: 'above',
      threshold: -1,
      forSeconds: 0,
      isEnabled: true,
      logRate: { source: id, sourceName: 'app.log', level: 'error', perMinute: 3 },
    }
    const put = await send(running.core.port, routes.alerts, {
      method: 'PUT',
      headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [rule] }),
    })
    expect(put.status, put.text).toBe(200)

    // Lines of another level are counted, and samples taken after them, with no episode.
    let round = 0
    await waitUntil(async () => {
      await appendFile(path, `${new Date().toISOString()} INFO warming up #${(round += 1)}\n`)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const activity = await get<LogActivity>(
        running,
        `${recorderRoutes.logActivity}?from=${startedAt}&to=${Date.now() + 1000}&source=${id}`,
      )
      return (activity.sources[id]?.levels.info ?? []).some((count) => count > 0)
    })
    const countedAt = Date.now()
    await waitUntil(
      async () => ((await get<RecorderStatus>(running, recorderRoutes.status)).held?.to ?? 0) > countedAt + 500,
    )
    expect((await get<AlertsEventData>(running, routes.alerts)).firing).toEqual([])

    for (let index = 0; index < 5; index += 1)
      await appendFile(path, `${new Date().toISOString()} ERROR payment failed #${index}\n`)
    let firing: AlertsEventData['firing'] = []
    await waitUntil(async () => {
      firing = (await get<AlertsEventData>(running, routes.alerts)).firing
      return firing.length > 0
    })
    expect(firing[0]!.message).toMatch(
      /^CPU total above -1\.0 % and error lines in app\.log above 3 a minute: now \d+\.\d %, [4-9] error lines a minute$/,
    )

    let events: RecorderEvents | undefined
    await waitUntil(async () => {
      events = await get<RecorderEvents>(running, `${recorderRoutes.events}?from=${startedAt}&to=${Date.now() + 1000}`)
      return events.episodes.some((episode) => episode.ruleId === rule.id && episode.context)
    })
    const { context } = events!.episodes.find((episode) => episode.ruleId === rule.id)!
    expect(
      context!.lines.filter((line) => line.source === id && line.level === 'error').map((line) => line.text),
    ).toEqual(
      Array.from({ length: 5 }, (_, index) => expect.stringMatching(new RegExp(`ERROR payment failed #${index}$`))),
    )
    const pids = context!.processes.map((entry) => entry.pid)
    expect(pids.length).toBeGreaterThan(0)
    expect(new Set(pids).size).toBe(pids.length)
    expect(pids).toContain(spinner.pid)
  })
})
