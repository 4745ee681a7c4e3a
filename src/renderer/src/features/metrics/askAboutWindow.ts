// "Ask AI about this window": summarizes whatever range is on screen from the recorder (GET
// /api/recorder/summary: series, the processes that led the window, its log lines, alerts and marks) and
// hands the text to the chat (lib/intents.ts: askAiAbout). Where the recorder cannot answer (it failed to
// open, or the range is over its budget), the charts' own data is summarized instead (the live columns, or
// the recorder's series at about a thousand steps with each step's lowest and highest values), with the
// busiest processes now.
import { logRoutes, type LogSourceInfo } from '../../../../shared/logs'
import { routes, type ProcessList } from '../../../../shared/protocol'
import { recorderLimits, recorderRoutes, type RecorderSummary } from '../../../../shared/recorder'
import { describeSeries } from '../../../../shared/series'
import { api } from '../../lib/api'
import { askAiAbout } from '../../lib/intents'
import { timeFormat } from '../../lib/timeFormat'
import { liveColumns, useMetricsStore, visibleRange } from './metricsStore'
import { fetchRecorded } from './recordedSeries'
import { statsOfRecorded } from './recordedSummary'
import { buildMetricsSummary, isWorthListing } from './summary'
import { bandStatsInRange, describeSpan, statsInRange, type SeriesStats, type TimeRange } from './timeWindow'

/** Steps read from the recorder's series for a summary without its summary route: enough for min, average and max. */
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
  const windowLabel = describeSpan(range.toMs - range.fromMs)
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
  const stats = summary
    ? statsOfRecorded(summary, state.keys)
    : state.isRecorded
      ? await recordedStats(state.keys, range).catch(() => new Map<string, SeriesStats>())
      : liveStats(range)
  const text = buildMetricsSummary({
    windowLabel,
    range,
    machine: state.machine,
    stats,
    processes,
    ...(summary ? { recorded: { summary, sources } } : {}),
  })
  const host = state.machine ? `${state.machine.hostname}, ` : ''
  const end = state.fixedRange ? timeFormat.dateTime(range.toMs) : timeFormat.clock(range.toMs)
  askAiAbout({ kind: 'metrics', title: `Metrics: ${host}${windowLabel} to ${end}`, text })
}
