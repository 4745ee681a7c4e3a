// "Export CSV" of the window on screen: its time range, the series its charts draw (in the order the user
// arranged them; hidden charts and folded idle interfaces left out), at
// 1 s, or at 1 min min/avg/max when the 24 h window (drawn from the minute aggregates) or any range longer
// than a day is shown. The core reads what its ring buffers no longer hold from the recorder. The
// Exports feature writes it (lib/intents.ts: exportThis) with the CSV options chosen last.
import type { MetricsResolution } from '../../../../shared/export'
import { exportThis, type ExportIntent } from '../../lib/intents'
import { idleNetworkChartIds } from './chartCatalog'
import { layOutCharts, useChartLayout } from './chartLayout'
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

/** Ranges longer than this are exported per minute: a day is 86,400 rows a series at 1 s. */
const longestRawExportMs = 86_400_000

/** Per minute for the minute window and for any range longer than a day; at 1 s otherwise. */
export function exportResolution(range: TimeRange, isMinuteWindow: boolean): MetricsResolution {
  return isMinuteWindow || range.toMs - range.fromMs > longestRawExportMs ? 'minute' : 'raw'
}

export function exportWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const idleIds = new Set(idleNetworkChartIds(state.keys, state.latest))
  const { shown } = layOutCharts(state.keys, idleIds, useChartLayout.getState())
  const series = shown.flatMap((chart) => chart.lines.map((line) => line.key))
  const range = visibleRange(state)
  return exportThis(metricsExport(range, series, exportResolution(range, state.windowId === minuteWindowId)))
}
