// The plain-text summary of a metrics window that the chat attaches to a question: the machine, the min,
// average and max of every series over the window in its unit, and the busiest processes. Plain text on
// purpose: the user reads (and may edit) exactly what the model will be sent.
import type { MachineInfo, ProcessList } from '../../../../shared/protocol'
import { formatBytes, formatDuration, formatPercent, formatValue } from '../../../../shared/format'
import { describeSeries, seriesGroupTitles, type SeriesGroup, type SeriesInfo } from '../../../../shared/series'
import type { SeriesStats, TimeRange } from './timeWindow'

export interface SummaryInput {
  windowLabel: string
  range: TimeRange
  machine: MachineInfo | undefined
  /** Statistics per series key over the window, in the order the series should be listed. */
  stats: Map<string, SeriesStats>
  /** The top processes, sorted by CPU. */
  processes: ProcessList | undefined
}

export const summaryProcessCount = 10

/** Per-core user, system and iowait add many lines and little the per-core total does not say. */
function isWorthListing(info: SeriesInfo): boolean {
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
  const top = list.processes.slice(0, summaryProcessCount)
  const rows = top.map((process) => [
    String(process.pid),
    process.name,
    process.user,
    formatPercent(process.cpuPct),
    formatBytes(process.memBytes),
    process.state,
  ])
  const header = ['pid', 'name', 'user', 'CPU', 'memory', 'state']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()}`
  return [
    `Top processes by CPU at ${new Date(list.t).toISOString()} (${list.total} processes in all)`,
    line(header),
    ...rows.map(line),
  ]
}

export function buildMetricsSummary({ windowLabel, range, machine, stats, processes }: SummaryInput): string {
  const host = machine ? ` of ${machine.hostname}` : ''
  const sections = [
    [
      `Metrics${host} over ${windowLabel}, from ${new Date(range.fromMs).toISOString()} to ${new Date(range.toMs).toISOString()}.`,
    ],
    machine ? machineLines(machine, range.toMs) : ['Machine information was not available.'],
    seriesLines(stats),
    processes ? processLines(processes) : ['The process list was not available.'],
  ]
  return sections.map((lines) => lines.join('\n')).join('\n\n')
}
