// "Export CSV" of the range on screen (live, paused, zoomed or typed in): its time range, the series its
// charts draw (in the order the user arranged them; hidden charts, folded idle interfaces and the Log lines
// chart left out), at 1 s, or at 1 min min/avg/max for a range longer than rawExportMaxMs (a week at 1 s would
// be 600,000 rows). The Exports feature writes it (lib/intents.ts: exportThis) with the CSV options chosen last.
import type { MetricsResolution } from '../../../../shared/export'
import { exportThis, type ExportIntent } from '../../lib/intents'
import { idleNetworkChartIds } from './chartCatalog'
import { layOutCharts, useChartLayout } from './chartLayout'
import { logLinesChart } from './logRates'
import { useMetricsStore, visibleRange } from './metricsStore'
import type { TimeRange } from './timeWindow'

/** Ranges up to this long are exported at 1 s; longer ones at 1 min. */
export const rawExportMaxMs = 6 * 3_600_000

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

/** At 1 s up to rawExportMaxMs, per minute beyond. */
export function exportResolution(range: TimeRange): MetricsResolution {
  return range.toMs - range.fromMs > rawExportMaxMs ? 'minute' : 'raw'
}

export function exportWindow(): Promise<void> {
  const state = useMetricsStore.getState()
  const idleIds = new Set(idleNetworkChartIds(state.keys, state.latest))
  const { shown } = layOutCharts(state.keys, idleIds, useChartLayout.getState())
  // The Log lines chart draws no series of the sampler: the recorder's log activity is not in a metrics export.
  const series = shown
    .filter((chart) => chart.id !== logLinesChart.id)
    .flatMap((chart) => chart.lines.map((line) => line.key))
  const range = visibleRange(state)
  return exportThis(metricsExport(range, series, exportResolution(range)))
}
