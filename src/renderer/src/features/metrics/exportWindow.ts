// "Export CSV" of the window on screen: its time range, the series its charts draw (in chart order), at
// 1 s, or at 1 min min/avg/max when the 24 h window (drawn from the minute aggregates) is shown.
import { loadChoices } from '../export/exportChoices'
import { metricsRequest } from '../export/exportRequests'
import { startExport } from '../export/exportsStore'
import { buildCharts } from './chartCatalog'
import { useMetricsStore, visibleRange } from './metricsStore'
import { minuteWindowId } from './timeWindow'

export function exportWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const series = buildCharts(state.keys).flatMap((chart) => chart.lines.map((line) => line.key))
  return startExport(
    metricsRequest(
      visibleRange(state),
      series,
      state.windowId === minuteWindowId ? 'minute' : 'raw',
      loadChoices().csv,
    ),
  )
}
