// The Metrics view's time in the address, beside the view shown (#view=metrics&window=7d, or a fixed range
// as &from=…&to=… in epoch ms), so a reload or a shared address shows the same time. The rest of the fragment
// is kept as it was; the address is replaced, not pushed, so Back still goes to the view before.
import { isTimeWindowId, type TimeRange, type TimeWindowId } from './timeWindow'

export interface MetricsTime {
  windowId: TimeWindowId
  /** The range on screen when it does not follow live; undefined when live. */
  fixedRange: TimeRange | undefined
}

const wholeNumber = /^\d+$/

/** The time an address names; `fallback` for what it does not name, or names wrong. */
export function timeInAddress(hash: string, fallback: MetricsTime): MetricsTime {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const window = params.get('window')
  const windowId = isTimeWindowId(window) ? window : fallback.windowId
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  const isRange = wholeNumber.test(from) && wholeNumber.test(to) && Number(from) < Number(to)
  return { windowId, fixedRange: isRange ? { fromMs: Number(from), toMs: Number(to) } : undefined }
}

/** The fragment `hash` with `time` in it instead of any time it named. */
export function hashWithTime(hash: string, { windowId, fixedRange }: MetricsTime): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  params.set('window', windowId)
  params.delete('from')
  params.delete('to')
  if (fixedRange) {
    params.set('from', String(Math.round(fixedRange.fromMs)))
    params.set('to', String(Math.round(fixedRange.toMs)))
  }
  return `#${params.toString()}`
}

/** Writes `time` into the page's address, in place. */
export function writeTimeToAddress(time: MetricsTime): void {
  const hash = hashWithTime(location.hash, time)
  if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`)
}
