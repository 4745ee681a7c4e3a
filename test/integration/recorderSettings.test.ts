// The recorder's settings over real HTTP against a real core: a shorter retention deletes older history,
// clearing empties it and leaves a mark, the disk used is reported, bad settings answer 400 with the
// reason, and the core stream carries the recorder's status.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { routes, type Settings } from '../../src/shared/protocol'
import { recorderRoutes, type RecorderEvents, type RecorderStatus, type SeriesRange } from '../../src/shared/recorder'
import { bearer, send } from '../support/http'
import { recordedValueAt, seedRecorderHistory } from '../support/recorderValues'
import { connectSse, type SseConnection } from '../support/sseClient'
import { makeDataDir, startTestCore, type TestCore } from '../support/testCore'

const dayMs = 86_400_000
let running: TestCore | undefined
let stream: SseConnection | undefined
afterEach(async () => {
  stream?.close()
  stream = undefined
  await running?.dispose()
  running = undefined
})

/** A core on a data folder that already holds a minute of samples from five days ago. */
async function coreWithOldHistory() {
  const dataDir = await makeDataDir()
  const oldT = Math.floor((Date.now() - 5 * dayMs) / 1000) * 1000
  seedRecorderHistory(dataDir, oldT, 60)
  running = await startTestCore({ dataDir, sampleIntervalMs: 50, recorderFlushIntervalMs: 100 })
  const { core } = running
  const headers = bearer(core.token)
  const request = (method: string, path: string, body?: unknown) =>
    send(core.port, path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const oldSeries = async () =>
    (
      await request('GET', `${recorderRoutes.series}?from=${oldT}&to=${oldT + 59_000}&keys=cpu_total_pct&stepSeconds=1`)
    ).json<SeriesRange>()
  const status = async () => (await request('GET', recorderRoutes.status)).json<RecorderStatus>()
  return { core, oldT, request, oldSeries, status }
}

describe('recorder settings', () => {
  it('deletes what a shorter retention leaves out, and tells the core stream', async () => {
    const { core, oldT, request, oldSeries, status } = await coreWithOldHistory()
    stream = await connectSse(core.port, routes.coreStream, bearer(core.token))
    const first = await stream.waitForEvent((event) => event.event === 'recorder')
    expect(first.data).toMatchObject({ state: 'recording', retentionDays: 7, recordCommandLines: false })
    const before = await oldSeries()
    expect(before.t).toHaveLength(60)
    expect(before.values.cpu_total_pct).toEqual(before.t.map(recordedValueAt))
    expect((await status()).held?.from).toBe(oldT)

    const changed = await request('PUT', routes.settings, { recorderRetentionDays: 3 })
    expect(changed.status).toBe(200)
    expect(changed.json<Settings>().recorderRetentionDays).toBe(3)

    await stream.waitForEvent(
      (event) => event.event === 'recorder' && (event.data as RecorderStatus).retentionDays === 3,
    )
    await vi.waitFor(async () => expect((await oldSeries()).t).toEqual([]), { timeout: 15_000, interval: 100 })
    // What is held now starts within the 3 days, once the core's own new samples are written.
    await vi.waitFor(async () => expect((await status()).held?.from).toBeGreaterThan(Date.now() - 3 * dayMs), {
      timeout: 15_000,
      interval: 100,
    })
    const after = await status()
    expect(after.retentionDays).toBe(3)
    expect(after.databaseBytes).toBeGreaterThan(0)
  })

  it('clears the history on request: the series empty, the mark there, recording going on', async () => {
    const { oldT, request, oldSeries, status } = await coreWithOldHistory()
    expect((await oldSeries()).t).toHaveLength(60)
    const clearedAt = Date.now()

    const cleared = await request('POST', recorderRoutes.clear)
    expect(cleared.status).toBe(200)
    expect(cleared.json<RecorderStatus>()).toMatchObject({ state: 'recording' })
    expect(cleared.json<RecorderStatus>().databaseBytes).toBeGreaterThan(0)

    expect((await oldSeries()).t).toEqual([])
    const events = (
      await request('GET', `${recorderRoutes.events}?from=${oldT - 1000}&to=${Date.now() + 1000}`)
    ).json<RecorderEvents>()
    expect(events.marks.filter((mark) => mark.t < clearedAt - 1000)).toEqual([])
    expect(events.marks).toContainEqual(expect.objectContaining({ kind: 'cleared', detail: 'History cleared.' }))
    // New samples are recorded after it, and the range held starts after the clearing.
    await vi.waitFor(async () => expect((await status()).held?.from).toBeGreaterThanOrEqual(clearedAt), {
      timeout: 15_000,
      interval: 100,
    })
  })

  it('refuses settings out of range with the reason, and keeps the one it had', async () => {
    const { request, status } = await coreWithOldHistory()
    const cases: [unknown, RegExp][] = [
      [{ recorderRetentionDays: 0 }, /recorderRetentionDays must be at least 1/],
      [{ recorderRetentionDays: 31 }, /recorderRetentionDays must be at most 30/],
      [{ recorderRetentionDays: 2.5 }, /whole number/],
      [{ recorderRetentionDays: 'week' }, /recorderRetentionDays must be a number/],
      [{ recordCommandLines: 'yes' }, /recordCommandLines must be true or false/],
    ]
    for (const [body, reason] of cases) {
      const answer = await request('PUT', routes.settings, body)
      expect({ body, status: answer.status }).toEqual({ body, status: 400 })
      expect(answer.json<{ message: string }>().message).toMatch(reason)
    }
    expect((await status()).retentionDays).toBe(7)
  })
})
