// The Metrics view's data and choices. High-rate data stays out of React (STYLE.md, hot paths): samples go
// into module-level columns that charts read once per animation frame. React state holds only what
// changes rarely (the series present, the time on screen, machine info) and the latest values, published
// in the animation frame that redraws the charts, so the numbers and the charts show the same newest sample.
// The time on screen is live (the chosen window, ending at the newest sample) or a fixed range (paused,
// zoomed, panned, typed in); all charts show the same. Charts draw from the live columns when the range
// lies in the hour they hold, and from the recorder otherwise (isRecorded). The time is kept in the address.
// Lifecycle: followMetrics() opens the stream while the view is mounted (DESIGN.md: at most two long-lived
// streams per window); the columns outlive it, so coming back shows the last hour at once while the
// stream resumes with Last-Event-ID.
import { create } from 'zustand'
import { maxMetricsWindowSeconds, routes, type MachineInfo, type MetricsEvent } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import { appendSamples, columnsFromHistory, createColumns, type MetricColumns } from './columns'
import { onFrame, requestFrame } from './frameLoop'
import {
  clampRange,
  liveHistoryMs,
  panRange,
  rangeEndingAt,
  findTimeWindow,
  type TimeRange,
  type TimeWindowId,
} from './timeWindow'
import { timeInAddress, writeTimeToAddress, type MetricsTime } from './viewAddress'

const keepMs = maxMetricsWindowSeconds * 1000

interface MetricsState {
  /** Series present in the held columns, in the order the core sends them. */
  keys: string[]
  /** The newest value of each series, refreshed with the charts' frame; frozen while paused. */
  latest: Record<string, number>
  /** The window chosen last: the span shown while live. */
  windowId: TimeWindowId
  /** The range on screen when it does not follow live (paused, zoomed, panned, typed in); undefined when live. */
  fixedRange: TimeRange | undefined
  /** The charts draw from the recorder: the range is longer than the live hour, or older. */
  isRecorded: boolean
  streamStatus: StreamStatus
  machine: MachineInfo | undefined
  machineError: string | undefined
  /** Why the recorder could not give the charts their range, if it could not. */
  recordedError: string | undefined
}

const defaultTime: MetricsTime = { windowId: '5m', fixedRange: undefined }

const initialState = (): MetricsState => {
  // Outside a page (unit tests of modules that import this one) there is no address.
  const time = timeInAddress(globalThis.location?.hash ?? '', defaultTime)
  return {
    keys: [],
    latest: {},
    ...time,
    isRecorded: isRecordedTime(time, Date.now()),
    streamStatus: { state: 'connecting' },
    machine: undefined,
    machineError: undefined,
    recordedError: undefined,
  }
}

/**
 * Whether `time` needs the recorder: it is longer than the live columns' hour, or starts before the hour back
 * from the newest sample (the columns hold that hour: what the recorder had of it, then what came live).
 */
function isRecordedTime({ windowId, fixedRange }: MetricsTime, newestSampleMs: number): boolean {
  if (!fixedRange) return findTimeWindow(windowId).seconds * 1000 > liveHistoryMs
  return fixedRange.toMs - fixedRange.fromMs > liveHistoryMs || fixedRange.fromMs < newestSampleMs - liveHistoryMs
}

export const useMetricsStore = create<MetricsState>(initialState)

let columns: MetricColumns = createColumns()
/** Samples came that the numbers on screen do not show yet. */
let isLatestStale = false

export function liveColumns(): MetricColumns {
  return columns
}

/** The newest time the view can show: the newest sample, or now before any. */
function newestMs(): number {
  return columns.t.at(-1) ?? Date.now()
}

/** The time range on screen: the fixed range, or the chosen window ending at the newest sample. */
export function visibleRange(state: MetricsTime = useMetricsStore.getState()): TimeRange {
  return state.fixedRange ?? rangeEndingAt(newestMs(), state.windowId)
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
  if (isLatestStale && useMetricsStore.getState().fixedRange === undefined) publishLatest()
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
  if (useMetricsStore.getState().fixedRange !== undefined) return
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

/** Shows `time`: every chart follows, and the address keeps it. */
function showTime(time: MetricsTime): void {
  useMetricsStore.setState({ ...time, isRecorded: isRecordedTime(time, newestMs()), recordedError: undefined })
  writeTimeToAddress(time)
  requestFrame()
}

/** Follows live over the window chosen. */
export function chooseWindow(windowId: TimeWindowId): void {
  showTime({ windowId, fixedRange: undefined })
  publishLatest()
}

/** Shows a fixed range (a zoom, a typed-in range), kept within what the view may show. */
export function showRange(range: TimeRange): void {
  publishLatest()
  showTime({ windowId: useMetricsStore.getState().windowId, fixedRange: clampRange(range, newestMs()) })
}

/** Freezes charts and numbers where they are; samples keep arriving into the columns. */
export function pause(): void {
  showRange(visibleRange())
}

/** Moves the range on screen by half its span, back (-1) or forward (1), no later than the newest sample. */
export function pan(direction: -1 | 1): void {
  showRange(panRange(visibleRange(), direction, newestMs()))
}

/** Fixes the view on a range of the span on screen with `atMs` in its middle (nearer the end at the live edge). */
export function centreOn(atMs: number): void {
  const { fromMs, toMs } = visibleRange()
  const halfMs = (toMs - fromMs) / 2
  showRange({ fromMs: atMs - halfMs, toMs: atMs + halfMs })
}

/** Back to live: the view follows the newest sample over the window chosen. */
export function resume(): void {
  chooseWindow(useMetricsStore.getState().windowId)
}

/** Drops the held samples and empties the state. (A stream follower is stopped by its own stop.) */
export function resetMetricsStore(): void {
  columns = createColumns()
  isLatestStale = false
  useMetricsStore.setState(initialState(), true)
}
