// The log counts behind the Metrics view's log-rate charts and overlays, read from the recorder's log-activity
// route (which answers the newest seconds before it writes them). Two resolutions, like the charts: per second
// for the live hour, polled each second for the newest seconds; per minute for 24 h, read again each minute.
// Why polling: the counts exist only in the recorder, one small answer a second costs the core less than a
// stream of its own, and nothing is asked while no log chart or overlay is on screen or the page is hidden.
// A range holding more rows than one query may read (many busy sources over 24 h) is asked in halves.
// Lifecycle: followLogRates() starts its resolution's timer for the first chart that needs it and stops it
// with the last; the counts stay for the next look. Each answer asks charts for a frame.
import { create } from 'zustand'
import { recorderRoutes, type LogActivity } from '../../../../shared/recorder'
import { api, ApiRequestError, errorText } from '../../lib/api'
import { requestFrame } from './frameLoop'
import { emptyRates, mergeActivity, type HeldRates } from './logRates'

export type RateResolution = 'second' | 'minute'

interface Plan {
  bucketMs: number
  keepMs: number
  refreshMs: number
  /** Already-held time asked again with each refresh: the bucket still being counted comes again whole. */
  overlapMs: number
}

const plans: Record<RateResolution, Plan> = {
  second: { bucketMs: 1000, keepMs: 3_600_000 + 60_000, refreshMs: 1000, overlapMs: 2000 },
  minute: { bucketMs: 60_000, keepMs: 86_400_000 + 3_600_000, refreshMs: 60_000, overlapMs: 60_000 },
}

/** Halvings of a range whose rows exceed the route's budget, at most (2^5 = 32 queries). */
const maxSplits = 5

/** Why the last read at each resolution failed (absent once one succeeds): what the charts show. */
export const useLogRateErrors = create<Partial<Record<RateResolution, string>>>(() => ({}))

interface Feed {
  held: HeldRates
  users: number
  timer: ReturnType<typeof setInterval> | undefined
  isFetching: boolean
}

const feeds: Record<RateResolution, Feed> = {
  second: newFeed('second'),
  minute: newFeed('minute'),
}

function newFeed(resolution: RateResolution): Feed {
  return { held: emptyRates(plans[resolution].bucketMs), users: 0, timer: undefined, isFetching: false }
}

/** The counts held at `resolution` (none before the first answer). */
export function logRates(resolution: RateResolution): HeldRates {
  return feeds[resolution].held
}

function isOverBudget(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 400 && /seconds of log activity/.test(error.message)
}

/** [fromMs, toMs] in buckets of `bucketMs` (from a bucket's start), halved while it holds too many rows. */
async function fetchActivity(fromMs: number, toMs: number, bucketMs: number, splits = 0): Promise<LogActivity> {
  const maxPoints = Math.ceil((toMs - fromMs + 1) / bucketMs)
  try {
    return await api.get<LogActivity>(`${recorderRoutes.logActivity}?from=${fromMs}&to=${toMs}&maxPoints=${maxPoints}`)
  } catch (error) {
    if (!isOverBudget(error) || splits >= maxSplits || maxPoints < 2) throw error
    const middle = fromMs + Math.floor(maxPoints / 2) * bucketMs
    const [early, late] = await Promise.all([
      fetchActivity(fromMs, middle - 1, bucketMs, splits + 1),
      fetchActivity(middle, toMs, bucketMs, splits + 1),
    ])
    return { from: fromMs, to: toMs, stepSeconds: early.stepSeconds, sources: joinSources(early, late) }
  }
}

function joinSources(early: LogActivity, late: LogActivity): LogActivity['sources'] {
  const sources = { ...early.sources }
  for (const [id, activity] of Object.entries(late.sources)) {
    const before = sources[id]
    if (!before) {
      sources[id] = activity
      continue
    }
    const levels = { ...before.levels }
    for (const level of Object.keys(levels) as (keyof typeof levels)[])
      levels[level] = [...before.levels[level], ...activity.levels[level]]
    sources[id] = {
      t: [...before.t, ...activity.t],
      lines: [...before.lines, ...activity.lines],
      levels,
      position: [...before.position, ...activity.position],
    }
  }
  return sources
}

async function refresh(resolution: RateResolution): Promise<void> {
  const feed = feeds[resolution]
  if (feed.isFetching || document.visibilityState === 'hidden') return
  const { bucketMs, keepMs, overlapMs } = plans[resolution]
  const now = Date.now()
  const keepFromMs = Math.floor((now - keepMs) / bucketMs) * bucketMs
  const held = feed.held
  const fromMs = Math.max(keepFromMs, Math.floor((held.toMs - overlapMs) / bucketMs) * bucketMs)
  // Per second, up to now (the second being counted comes again next time); per minute, whole minutes only.
  const toMs = resolution === 'second' ? now : Math.floor(now / bucketMs) * bucketMs - 1
  if (toMs <= fromMs) return
  feed.isFetching = true
  try {
    const answer = await fetchActivity(fromMs, toMs, bucketMs)
    if (feeds[resolution] === feed) feed.held = mergeActivity(feed.held, answer, keepFromMs)
    useLogRateErrors.setState({ [resolution]: undefined })
  } catch (error) {
    useLogRateErrors.setState({ [resolution]: `Log rates could not be read: ${errorText(error)}` })
  } finally {
    feed.isFetching = false
  }
  requestFrame()
}

/** Keeps the counts at `resolution` current while the returned stop is not called (counted per caller). */
export function followLogRates(resolution: RateResolution): () => void {
  const feed = feeds[resolution]
  feed.users += 1
  if (feed.users === 1) {
    void refresh(resolution)
    feed.timer = setInterval(() => void refresh(resolution), plans[resolution].refreshMs)
  }
  let isStopped = false
  return () => {
    if (isStopped) return
    isStopped = true
    feed.users -= 1
    if (feed.users > 0) return
    clearInterval(feed.timer)
    feed.timer = undefined
  }
}

/** Forgets every count and stops every timer (tests). */
export function resetLogRates(): void {
  for (const resolution of Object.keys(feeds) as RateResolution[]) {
    clearInterval(feeds[resolution].timer)
    feeds[resolution] = newFeed(resolution)
  }
  useLogRateErrors.setState({}, true)
}
