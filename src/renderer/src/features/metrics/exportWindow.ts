// "Export CSV" of the window on screen: its time range, the series its charts draw (in the order the user
// arranged them; hidden charts, folded idle interfaces and the Log lines chart left out), at
// 1 s, or at 1 min min/avg/max when the 24 h window (drawn from the minute aggregates) is shown. The
// Exports feature writes it (lib/intents.ts: exportThis) with the CSV options chosen last.
import type { MetricsResolution } from '../../../../shared/export'
import { exportThis, type ExportIntent } from '../../lib/intents'
import { idleNetworkChartIds } from './chartCatalog'
import { layOutCharts, useChartLayout } from './chartLayout'
import { logLinesChart } from './logRates'
import { useMetricsStore, visibleRange } from './metricsStore'
import { minuteWindowId, type TimeRange } from './timeWindow'

/** A metrics export of a time range (rounded out to whole milliseconds), with the series in the order given. */
export function metricsExport(
  range: TimeRange,
  series: readonly string[],
  resolution: MetricsResolution,
): Extract<ExportIntent, { kind: 'metrics' }> {
  return {
    kind: 'metrics',
    from: Math.max(0, Math.floor(range.fromMs)),
    to: Math.ceil(range.toMs),
    series: [...new Set(series)],
    resolution,
  }
}

export function exportWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const idleIds = new Set(idleNetworkChartIds(state.keys, state.latest))
  const { shown } = layOutCharts(state.keys, idleIds, useChartLayout.getState())
  // The Log lines chart draws no series of the sampler: the recorder's log activity is not in a metrics export.
  const series = shown
    .filter((chart) => chart.id !== logLinesChart.id)
    .flatMap((chart) => chart.lines.map((line) => line.key))
  return exportThis(metricsExport(visibleRange(state), series, state.windowId === minuteWindowId ? 'minute' : 'raw'))
}
