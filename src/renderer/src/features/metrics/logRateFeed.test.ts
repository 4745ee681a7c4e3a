// @vitest-environment happy-dom
// The log-rate feed against a core faked at fetch, on fake timers: what it asks, when, and what it keeps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activityLevels, recorderRoutes, type LogActivity } from '../../../../shared/recorder'
import { fakeCore, refusal, type SentRequest } from '../../testing/fakeCore'
import { followLogRates, logRates, resetLogRates, useLogRateErrors } from './logRateFeed'
import { linesOf } from './logRates'

const t0 = Date.UTC(2026, 0, 5, 10, 0, 0)
const hourMs = 3_600_000

/** The query of a log-activity request, as numbers. */
function queryOf(request: SentRequest): { from: number; to: number; maxPoints: number } {
  const url = new URL(request.path, 'http://core')
  expect(url.pathname).toBe(recorderRoutes.logActivity)
  return {
    from: Number(url.searchParams.get('from')),
    to: Number(url.searchParams.get('to')),
    maxPoints: Number(url.searchParams.get('maxPoints')),
  }
}

/** An answer with `errors` error lines in each of the given buckets of app.log that fall in the range. */
function answerFor(request: SentRequest, buckets: number[], errors = 2, stepSeconds = 1): LogActivity {
  const { from, to } = queryOf(request)
  const t = buckets.filter((bucket) => bucket >= from && bucket <= to)
  const levels = Object.fromEntries(
    activityLevels.map((level) => [level, t.map(() => (level === 'error' ? errors : 0))]),
  ) as LogActivity['sources'][string]['levels']
  const sources: LogActivity['sources'] =
    t.length === 0 ? {} : { app: { t, lines: t.map(() => errors), levels, position: t.map(() => 'p') } }
  return { from, to, stepSeconds, sources }
}

beforeEach(() => {
  vi.useFakeTimers({ now: t0, toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] })
})

afterEach(() => {
  resetLogRates()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('the log-rate feed', () => {
  it('reads the kept hour once, then each second the newest seconds, and stops with its last follower', async () => {
    const sent = fakeCore((request) => Response.json(answerFor(request, [t0 - 10_000, t0 + 1000])))
    const stopFirst = followLogRates('second')
    const stopSecond = followLogRates('second')
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    const first = queryOf(sent[0]!)
    expect(first.from).toBeLessThanOrEqual(t0 - hourMs)
    expect(first.to).toBe(t0)
    expect(first.maxPoints).toBe(Math.ceil((first.to - first.from + 1) / 1000))

    await vi.advanceTimersByTimeAsync(1000)
    expect(sent).toHaveLength(2)
    // The second still being counted at t0 is asked again.
    expect(queryOf(sent[1]!)).toMatchObject({ from: t0 - 2000, to: t0 + 1000 })
    const held = logRates('second')
    expect([...linesOf(held, { source: 'app', level: 'error' })]).toEqual([
      [t0 - 10_000, 2],
      [t0 + 1000, 2],
    ])
    expect(held.toMs).toBe(t0 + 1001)

    stopFirst()
    stopFirst()
    await vi.advanceTimersByTimeAsync(1000)
    expect(sent).toHaveLength(3)
    stopSecond()
    await vi.advanceTimersByTimeAsync(5000)
    expect(sent).toHaveLength(3)
  })

  it('asks for whole minutes at the minute resolution', async () => {
    const sent = fakeCore((request) => Response.json(answerFor(request, [], 0, 60)))
    const stop = followLogRates('minute')
    await vi.advanceTimersByTimeAsync(0)
    const { from, to, maxPoints } = queryOf(sent[0]!)
    expect(from % 60_000).toBe(0)
    expect((to + 1) % 60_000).toBe(0)
    expect(maxPoints).toBe((to + 1 - from) / 60_000)
    stop()
  })

  it('asks a range over the row budget in halves, and puts the halves together', async () => {
    const buckets = [t0 - 3_000_000, t0 - 100_000]
    const sent = fakeCore((request) => {
      const { from, to } = queryOf(request)
      return to - from > 1_000_000
        ? refusal(400, 'bad_request', 'This range holds more than 200000 seconds of log activity: ask for less.')
        : Response.json(answerFor(request, buckets, 3))
    })
    const stop = followLogRates('second')
    await vi.advanceTimersByTimeAsync(0)
    expect(sent.length).toBeGreaterThan(2)
    expect([...linesOf(logRates('second'), { source: 'app', level: 'all' })]).toEqual(
      buckets.map((bucket) => [bucket, 3]),
    )
    expect(useLogRateErrors.getState().second).toBeUndefined()
    stop()
  })

  it('says why the counts cannot be read, until they can', async () => {
    let isRefusing = true
    fakeCore((request) =>
      isRefusing
        ? refusal(503, 'unavailable', 'The recorder could not open its database.')
        : Response.json(answerFor(request, [])),
    )
    const stop = followLogRates('second')
    await vi.advanceTimersByTimeAsync(0)
    expect(useLogRateErrors.getState().second).toBe(
      'Log rates could not be read: The recorder could not open its database.',
    )
    isRefusing = false
    await vi.advanceTimersByTimeAsync(1000)
    expect(useLogRateErrors.getState().second).toBeUndefined()
    stop()
  })
})
