// The Metrics view's data and choices. High-rate data stays out of React (STYLE.md, hot paths): samples go
// into module-level columns that charts read once per animation frame. React state holds only what
// changes rarely (the series present, the window, pause, machine info) and the latest values, published
// in the animation frame that redraws the charts, so the numbers and the charts show the same newest sample.
// Lifecycle: followMetrics() opens the stream while the view is mounted (DESIGN.md: at most two long-lived
// streams per window); the columns outlive it, so coming back shows the last hour at once while the
// stream resumes with Last-Event-ID.
import { create } from 'zustand'
import { maxMetricsWindowSeconds, routes, type MachineInfo, type MetricsEvent } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import { appendSamples, columnsFromHistory, createColumns, type MetricColumns } from './columns'
import { onFrame, requestFrame } from './frameLoop'
import { rangeEndingAt, type TimeRange, type TimeWindowId } from './timeWindow'

const keepMs = maxMetricsWindowSeconds * 1000

interface MetricsState {
  /** Series present in the held columns, in the order the core sends them. */
  keys: string[]
  /** The newest value of each series, refreshed with the charts' frame; frozen while paused. */
  latest: Record<string, number>
  windowId: TimeWindowId
  /** End of the frozen view while paused; undefined when live. */
  pausedAtMs: number | undefined
  streamStatus: StreamStatus
  machine: MachineInfo | undefined
  machineError: string | undefined
  minutesError: string | undefined
}

const initialState = (): MetricsState => ({
  keys: [],
  latest: {},
  windowId: '5m',
  pausedAtMs: undefined,
  streamStatus: { state: 'connecting' },
  machine: undefined,
  machineError: undefined,
  minutesError: undefined,
})

export const useMetricsStore = create<MetricsState>(initialState)

let columns: MetricColumns = createColumns()
/** Samples came that the numbers on screen do not show yet. */
let isLatestStale = false

export function liveColumns(): MetricColumns {
  return columns
}

/** The time range on screen: the chosen window, ending at the newest sample or where the view was paused. */
export function visibleRange(
  state: Pick<MetricsState, 'windowId' | 'pausedAtMs'> = useMetricsStore.getState(),
): TimeRange {
  return rangeEndingAt(state.pausedAtMs ?? columns.t.at(-1) ?? Date.now(), state.windowId)
}

function latestValues(): Record<string, number> {
  const latest: Record<string, number> = {}
  const last = columns.t.length - 1
  for (const [key, column] of columns.values) {
    const value = column[last]
    if (value !== null && value !== undefined) latest[key] = value
  }
  return latest
}

function publishLatest(): void {
  isLatestStale = false
  useMetricsStore.setState({ latest: latestValues() })
}

// Registered before any chart's listener: in the frame that draws a new sample, the numbers show it too
// (a throttle of its own once left them a sample behind the charts for up to a second).
onFrame(() => {
  if (isLatestStale && useMetricsStore.getState().pausedAtMs === undefined) publishLatest()
})

function publishKeys(): void {
  const keys = [...columns.values.keys()]
  const previous = useMetricsStore.getState().keys
  if (keys.length !== previous.length || keys.some((key, index) => key !== previous[index]))
    useMetricsStore.setState({ keys })
}

function handleMetricsEvent(event: MetricsEvent): void {
  if (event.event === 'history') {
    columns = columnsFromHistory(event.data.columns)
    publishKeys()
  } else if (event.event === 'samples') {
    const result = appendSamples(columns, event.data.samples, keepMs)
    if (result.haveKeysChanged) publishKeys()
    if (!result.isChanged) return
  } else {
    return
  }
  if (useMetricsStore.getState().pausedAtMs !== undefined) return
  isLatestStale = true
  requestFrame()
}

async function loadMachineInfo(): Promise<void> {
  try {
    useMetricsStore.setState({ machine: await api.get<MachineInfo>(routes.machine), machineError: undefined })
  } catch (error) {
    useMetricsStore.setState({ machineError: `Machine information could not be loaded: ${(error as Error).message}` })
  }
}

/** Follows the metrics stream and loads machine info until the returned function is called. */
export function followMetrics(): () => void {
  void loadMachineInfo()
  const close = openStream<MetricsEvent>({
    path: `${routes.metricsStream}?windowSeconds=${maxMetricsWindowSeconds}`,
    onEvent: handleMetricsEvent,
    onStatus: (streamStatus) => useMetricsStore.setState({ streamStatus }),
    isViewStream: true,
  })
  return close
}

export function chooseWindow(windowId: TimeWindowId): void {
  useMetricsStore.setState({ windowId })
  requestFrame()
}

/** Freezes charts and numbers where they are; samples keep arriving into the columns. */
export function pause(): void {
  publishLatest()
  useMetricsStore.setState({ pausedAtMs: columns.t.at(-1) ?? Date.now() })
}

/** Freezes the view so the window ends at `endMs` (no later than the newest sample): to show a moment of the past. */
export function pauseAt(endMs: number): void {
  publishLatest()
  useMetricsStore.setState({ pausedAtMs: Math.min(endMs, columns.t.at(-1) ?? endMs) })
  requestFrame()
}

/** Back to live: the view jumps to the newest sample. */
export function resume(): void {
  useMetricsStore.setState({ pausedAtMs: undefined })
  publishLatest()
  requestFrame()
}

/** Drops the held samples and empties the state. (A stream follower is stopped by its own stop.) */
export function resetMetricsStore(): void {
  columns = createColumns()
  isLatestStale = false
  useMetricsStore.setState(initialState(), true)
}
