// The plain-text summary of a metrics window that the chat attaches to a question: the machine, the min,
// average and max of every series over the window in its unit, and the busiest processes, or, from the
// recorder's summary of the window, the processes that led it, its log lines, alerts and marks. Plain
// text on purpose: the user reads (and may edit) exactly what the model will be sent.
import type { LogSourceInfo } from '../../../../shared/logs'
import type { MachineInfo, ProcessList } from '../../../../shared/protocol'
import type { RecorderSummary } from '../../../../shared/recorder'
import { formatBytes, formatDuration, formatPercent, formatValue } from '../../../../shared/format'
import { describeSeries, seriesGroupTitles, type SeriesGroup, type SeriesInfo } from '../../../../shared/series'
import { recordedProcessLines, recordedSections, textTable } from './recordedSummary'
import type { SeriesStats, TimeRange } from './timeWindow'

export interface SummaryInput {
  windowLabel: string
  range: TimeRange
  machine: MachineInfo | undefined
  /** Statistics per series key over the window, in the order the series should be listed. */
  stats: Map<string, SeriesStats>
  /** The top processes now, sorted by CPU: what is said when the recorder has no snapshot of the window. */
  processes: ProcessList | undefined
  /** The recorder's summary of the window, and the log sources to name its lines by. */
  recorded?: { summary: RecorderSummary; sources: readonly LogSourceInfo[] }
}

export const summaryProcessCount = 10

/** Per-core user, system and iowait add many lines and little the per-core total does not say. */
export function isWorthListing(info: SeriesInfo): boolean {
  return info.group !== 'core' || info.measure === 'total_pct' || info.measure === 'freq_mhz'
}

/** Counters and flags are read at the end of the window; a spread of them means nothing. */
function isReadAtEnd(info: SeriesInfo): boolean {
  return info.unit === 'flag' || info.measure === 'rx_bytes' || info.measure === 'tx_bytes'
}

function describeStats(info: SeriesInfo, stats: SeriesStats): string {
  const format = (value: number) => formatValue(value, info.unit)
  if (isReadAtEnd(info)) return `${format(stats.last)} at the end`
  if (stats.min === stats.max) return `${format(stats.min)} throughout`
  return `${format(stats.min)} / ${format(stats.avg)} / ${format(stats.max)}`
}

function machineLines(machine: MachineInfo, toMs: number): string[] {
  return [
    'Machine',
    `  ${machine.hostname}: ${machine.os}, kernel ${machine.kernel} (${machine.arch})`,
    `  CPU ${machine.cpuModel}, ${machine.cores} cores; memory ${formatBytes(machine.memTotalBytes)}; up ${formatDuration((toMs - machine.bootTime) / 1000)}`,
  ]
}

function seriesLines(stats: Map<string, SeriesStats>): string[] {
  const byGroup = new Map<SeriesGroup, string[]>()
  for (const [key, entry] of stats) {
    const info = describeSeries(key)
    if (!info || !isWorthListing(info)) continue
    const lines = byGroup.get(info.group) ?? []
    lines.push(`    ${info.label}: ${describeStats(info, entry)}`)
    byGroup.set(info.group, lines)
  }
  if (byGroup.size === 0) return ['No samples in this window.']
  const groups = (Object.keys(seriesGroupTitles) as SeriesGroup[]).filter((group) => byGroup.has(group))
  return [
    'Series over the window (min / avg / max)',
    ...groups.flatMap((group) => [`  ${seriesGroupTitles[group]}`, ...byGroup.get(group)!]),
  ]
}

function processLines(list: ProcessList): string[] {
  const rows = list.processes
    .slice(0, summaryProcessCount)
    .map((process) => [
      String(process.pid),
      process.name,
      process.user,
      formatPercent(process.cpuPct),
      formatBytes(process.memBytes),
      process.state,
    ])
  return [
    `Top processes by CPU at ${new Date(list.t).toISOString()} (${list.total} processes in all)`,
    ...textTable(['pid', 'name', 'user', 'CPU', 'memory', 'state'], rows),
  ]
}

export function buildMetricsSummary({ windowLabel, range, machine, stats, processes, recorded }: SummaryInput): string {
  const host = machine ? ` of ${machine.hostname}` : ''
  const resolution = recorded?.summary.resolution === 'minute' ? 'minute aggregates' : 'one-second samples'
  const sections = [
    [
      `Metrics${host} over ${windowLabel}, from ${new Date(range.fromMs).toISOString()} to ${new Date(range.toMs).toISOString()}.`,
      ...(recorded ? [`Figures from Vigil's recorder (${resolution}).`] : []),
    ],
    machine ? machineLines(machine, range.toMs) : ['Machine information was not available.'],
    seriesLines(stats),
    recorded && (recorded.summary.processes.read > 0 || !processes)
      ? recordedProcessLines(recorded.summary)
      : processes
        ? processLines(processes)
        : ['The process list was not available.'],
    ...(recorded ? recordedSections(recorded.summary, recorded.sources) : []),
  ]
  return sections.map((lines) => lines.join('\n')).join('\n\n')
}
