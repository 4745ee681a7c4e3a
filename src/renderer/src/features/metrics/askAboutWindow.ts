// "Ask AI about this window": summarizes whatever range is on screen from the recorder (GET
// /api/recorder/summary: series, the processes that led the window, its log lines, alerts and marks) and
// hands the text to the chat (lib/intents.ts: askAiAbout). Where the recorder cannot answer (it failed to
// open, or the range is over its budget), the live columns or minute aggregates and the busiest processes
// now are summarized instead.
import { logRoutes, type LogSourceInfo } from '../../../../shared/logs'
import { routes, type ProcessList } from '../../../../shared/protocol'
import { recorderLimits, recorderRoutes, type RecorderSummary } from '../../../../shared/recorder'
import { describeSeries } from '../../../../shared/series'
import { api } from '../../lib/api'
import { askAiAbout } from '../../lib/intents'
import { timeFormat } from '../../lib/timeFormat'
import { liveColumns, useMetricsStore, visibleRange } from './metricsStore'
import { minuteColumns } from './minuteData'
import { statsOfRecorded } from './recordedSummary'
import { buildMetricsSummary, isWorthListing } from './summary'
import {
  findTimeWindow,
  minuteStatsInRange,
  minuteWindowId,
  statsInRange,
  type SeriesStats,
  type TimeRange,
} from './timeWindow'

function statsOfWindow(isMinutes: boolean, range: TimeRange): Map<string, SeriesStats> {
  const stats = new Map<string, SeriesStats>()
  const minutes = minuteColumns()
  if (isMinutes && minutes) {
    for (const key of Object.keys(minutes.values)) {
      const entry = minuteStatsInRange(minutes, key, range)
      if (entry) stats.set(key, entry)
    }
    return stats
  }
  const { t, values } = liveColumns()
  for (const [key, column] of values) {
    const entry = statsInRange(t, column, range)
    if (entry) stats.set(key, entry)
  }
  return stats
}

/** The recorder's summary of the range, over the series worth listing that the charts show. */
function recordedSummary(range: TimeRange, keys: readonly string[]): Promise<RecorderSummary> {
  const query = new URLSearchParams({ from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)) })
  const listed = keys
    .filter((key) => {
      const info = describeSeries(key)
      return info !== undefined && isWorthListing(info)
    })
    .slice(0, recorderLimits.summaryMaxKeys)
  if (listed.length > 0) query.set('keys', listed.join(','))
  return api.get<RecorderSummary>(`${recorderRoutes.summary}?${query}`)
}

export async function askAboutWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const range = visibleRange(state)
  const windowLabel = findTimeWindow(state.windowId).label
  const [summary, sources] = await Promise.all([
    recordedSummary(range, state.keys).catch(() => undefined),
    api.get<LogSourceInfo[]>(logRoutes.sources).catch(() => []),
  ])
  // Without a snapshot of the window (the recorder failed, or has not taken one yet), the processes are a
  // snapshot of now, whatever the window: said by their time.
  const processes =
    summary && summary.processes.read > 0
      ? undefined
      : await api.get<ProcessList>(`${routes.processes}?sort=cpu`).catch(() => undefined)
  const text = buildMetricsSummary({
    windowLabel,
    range,
    machine: state.machine,
    stats: summary ? statsOfRecorded(summary, state.keys) : statsOfWindow(state.windowId === minuteWindowId, range),
    processes,
    ...(summary ? { recorded: { summary, sources } } : {}),
  })
  const host = state.machine ? `${state.machine.hostname}, ` : ''
  askAiAbout({ kind: 'metrics', title: `Metrics: ${host}${windowLabel} to ${timeFormat.clock(range.toMs)}`, text })
}
