// "Ask AI about this window": summarizes the range on screen (from the live columns when the charts draw
// from them, else from the recorder at about a thousand steps, with each step's lowest and highest values),
// adds the busiest processes, and hands the text to the chat (lib/intents.ts: askAiAbout).
import { routes, type ProcessList } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { askAiAbout } from '../../lib/intents'
import { timeFormat } from '../../lib/timeFormat'
import { liveColumns, useMetricsStore, visibleRange } from './metricsStore'
import { fetchRecorded } from './recordedSeries'
import { buildMetricsSummary } from './summary'
import { bandStatsInRange, describeSpan, statsInRange, type SeriesStats, type TimeRange } from './timeWindow'

/** Steps read from the recorder for a summary: enough for its min, average and max. */
const summarySteps = 1000

async function recordedStats(keys: string[], range: TimeRange): Promise<Map<string, SeriesStats>> {
  const stats = new Map<string, SeriesStats>()
  const table = await fetchRecorded(range, summarySteps, keys)
  keys.forEach((key, index) => {
    const band = { avg: table.avg[index]!, min: table.min[index]!, max: table.max[index]! }
    const entry = bandStatsInRange(table.t, band, { fromMs: Number.NEGATIVE_INFINITY, toMs: Number.POSITIVE_INFINITY })
    if (entry) stats.set(key, entry)
  })
  return stats
}

function liveStats(range: TimeRange): Map<string, SeriesStats> {
  const stats = new Map<string, SeriesStats>()
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
  const windowLabel = describeSpan(range.toMs - range.fromMs)
  // The processes are a snapshot of now, whatever the window: say so by their time in the summary.
  const [processes, stats] = await Promise.all([
    api.get<ProcessList>(`${routes.processes}?sort=cpu`).catch(() => undefined),
    state.isRecorded ? recordedStats(state.keys, range) : liveStats(range),
  ])
  const text = buildMetricsSummary({ windowLabel, range, machine: state.machine, stats, processes })
  const host = state.machine ? `${state.machine.hostname}, ` : ''
  const end = state.fixedRange ? timeFormat.dateTime(range.toMs) : timeFormat.clock(range.toMs)
  askAiAbout({ kind: 'metrics', title: `Metrics: ${host}${windowLabel} to ${end}`, text })
}
