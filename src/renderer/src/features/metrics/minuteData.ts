// The 24-hour view's data: per-minute min/avg/max from the core, fetched when the 24 h window is chosen
// and again each minute while it stays on screen (and not paused). Held outside React like the live
// columns; charts read it in their frame. Missing minutes (the core was not running) become gaps.
// Lifecycle: followMinutes() fetches until its returned stop is called; the data stays for the next look.
import { routes, type MinuteColumns } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { withGapRows } from './columns'
import { requestFrame } from './frameLoop'
import { useMetricsStore } from './metricsStore'

const minuteRefreshMs = 60_000
const minuteMs = 60_000

let minutes: MinuteColumns | undefined

export function minuteColumns(): MinuteColumns | undefined {
  return minutes
}

/** The same aggregates with a null row after each minute followed by missing minutes. */
function withMinuteGaps(source: MinuteColumns): MinuteColumns {
  const keys = Object.keys(source.values)
  const flat = keys.flatMap((key) => [source.values[key]!.min, source.values[key]!.avg, source.values[key]!.max])
  const gapped = withGapRows(source.t, flat, minuteMs)
  const values: MinuteColumns['values'] = {}
  keys.forEach((key, index) => {
    const [min, avg, max] = gapped.columns.slice(index * 3, index * 3 + 3)
    values[key] = { min: min!, avg: avg!, max: max! }
  })
  return { t: gapped.t, values }
}

async function fetchMinutes(signal: AbortSignal): Promise<void> {
  try {
    const fetched = await api.get<MinuteColumns>(routes.minutes)
    if (signal.aborted) return
    minutes = withMinuteGaps(fetched)
    useMetricsStore.setState({ minutesError: undefined })
  } catch (error) {
    useMetricsStore.setState({ minutesError: `The 24-hour history could not be loaded: ${(error as Error).message}` })
  }
  requestFrame()
}

export function followMinutes(): () => void {
  const controller = new AbortController()
  void fetchMinutes(controller.signal)
  const timer = setInterval(() => void fetchMinutes(controller.signal), minuteRefreshMs)
  return () => {
    controller.abort()
    clearInterval(timer)
  }
}
