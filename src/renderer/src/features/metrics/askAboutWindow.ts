// "Ask AI about this window": summarizes the window on screen (the live columns, or the minute aggregates
// for 24 h), adds the busiest processes, and hands the text to the chat (lib/intents.ts: askAiAbout).
import { routes, type ProcessList } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { askAiAbout } from '../../lib/intents'
import { timeFormat } from '../../lib/timeFormat'
import { liveColumns, useMetricsStore, visibleRange } from './metricsStore'
import { minuteColumns } from './minuteData'
import { buildMetricsSummary } from './summary'
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

export async function askAboutWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const range = visibleRange(state)
  const windowLabel = findTimeWindow(state.windowId).label
  // The processes are a snapshot of now, whatever the window: say so by their time in the summary.
  const processes = await api.get<ProcessList>(`${routes.processes}?sort=cpu`).catch(() => undefined)
  const text = buildMetricsSummary({
    windowLabel,
    range,
    machine: state.machine,
    stats: statsOfWindow(state.windowId === minuteWindowId, range),
    processes,
  })
  const host = state.machine ? `${state.machine.hostname}, ` : ''
  askAiAbout({ kind: 'metrics', title: `Metrics: ${host}${windowLabel} to ${timeFormat.clock(range.toMs)}`, text })
}
