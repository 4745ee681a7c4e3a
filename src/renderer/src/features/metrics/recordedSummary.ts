// The parts of "Ask AI about this window" that come from the recorder's summary of the range on screen
// (GET /api/recorder/summary): the series' statistics, the processes that led the window, the log lines
// per source and level, warnings and errors read back, and the alerts and marks. Plain text, as summary.ts.
// Lines of a source the user marked sensitive are left out: they leave the machine only after a second
// confirmation, which this summary does not ask for.
import { formatBytes, formatPercent } from '../../../../shared/format'
import type { LogSourceInfo } from '../../../../shared/logs'
import { activityLevels, type RecorderSummary } from '../../../../shared/recorder'
import type { SeriesStats } from './timeWindow'

/** Statistics per series in `order` first (the charts' order), then the rest as the recorder gave them. */
export function statsOfRecorded(summary: RecorderSummary, order: readonly string[]): Map<string, SeriesStats> {
  const stats = new Map<string, SeriesStats>()
  for (const key of [...order, ...Object.keys(summary.series)]) {
    const entry = summary.series[key]
    if (entry && !stats.has(key)) stats.set(key, { min: entry.min, avg: entry.avg, max: entry.max, last: entry.last })
  }
  return stats
}

/** Rows under a header, each column padded to its widest cell, indented by two spaces. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()}`
  return [line(header), ...rows.map(line)]
}

const iso = (t: number) => new Date(t).toISOString()

/** The processes that led the window's snapshots (the caller says the processes now when there are none). */
export function recordedProcessLines({ processes }: RecorderSummary): string[] {
  if (processes.read === 0) return ['No process snapshots were recorded in this window.']
  const of = `(from ${processes.read} of the ${processes.snapshots} snapshots of the top processes in this window)`
  const cpuRows = processes.byCpu.map((entry) => [
    String(entry.pid),
    entry.name,
    entry.user,
    formatPercent(entry.peakCpuPct),
    formatPercent(entry.avgCpuPct),
    formatBytes(entry.peakMemBytes),
  ])
  const memoryRows = processes.byMemory.map((entry) => [
    String(entry.pid),
    entry.name,
    entry.user,
    formatBytes(entry.peakMemBytes),
    formatBytes(entry.avgMemBytes),
    formatPercent(entry.peakCpuPct),
  ])
  return [
    `Top processes by peak CPU ${of}`,
    ...textTable(['pid', 'name', 'user', 'peak CPU', 'avg CPU', 'peak memory'], cpuRows),
    'Top processes by peak memory',
    ...textTable(['pid', 'name', 'user', 'peak memory', 'avg memory', 'peak CPU'], memoryRows),
  ]
}

function logLines(summary: RecorderSummary, sources: readonly LogSourceInfo[]): string[] {
  const nameOf = (id: string) => sources.find((source) => source.id === id)?.name ?? id
  const isSensitive = (id: string) => sources.some((source) => source.id === id && source.isSensitive === true)
  const counted = Object.entries(summary.logs.sources).map(([id, { lines, levels }]) => {
    const byLevel = activityLevels.filter((level) => levels[level] > 0).map((level) => `${level} ${levels[level]}`)
    return `  ${nameOf(id)}: ${lines} lines (${byLevel.join(', ')})`
  })
  if (counted.length === 0) return ['No log lines were recorded in this window.']
  const until = summary.logs.countedUntil
  const notable = summary.notableLines.filter((line) => !isSensitive(line.source))
  const leftOut = [...new Set(summary.notableLines.filter((line) => isSensitive(line.source)).map((line) => line.name))]
  return [
    `Log lines by source and level${until === undefined ? '' : ` (counted until ${iso(until)}: the window holds more)`}`,
    ...counted,
    ...(notable.length > 0
      ? [
          'Warnings and errors sampled over the window',
          ...notable.map((line) => `  ${iso(line.t)} ${line.name} [${line.level ?? 'unleveled'}] ${line.text}`),
        ]
      : []),
    ...leftOut.map((name) => `  Lines of ${name} are left out: it is a sensitive source.`),
    ...summary.notableGaps.map(({ name, gap }) => `  Lines of ${name} could not be read back: ${gap}.`),
  ]
}

function eventLines({ openAtStart, episodes, marks, isEventsTruncated }: RecorderSummary): string[] {
  if (openAtStart.length + episodes.length + marks.length === 0) return ['No alerts or marks in this window.']
  return [
    `Alerts and marks${isEventsTruncated ? ' (the first ones only)' : ''}`,
    ...openAtStart.map((episode) => `  already firing at the start: ${episode.ruleId}: ${episode.message}`),
    ...episodes.map((episode) => `  ${iso(episode.t)} alert ${episode.ruleId} ${episode.state}: ${episode.message}`),
    ...marks.map((mark) => `  ${iso(mark.t)} ${mark.kind}: ${mark.detail}`),
  ]
}

/** The sections after the series and processes: logs, then alerts and marks, as blocks of lines. */
export function recordedSections(summary: RecorderSummary, sources: readonly LogSourceInfo[]): string[][] {
  return [logLines(summary, sources), eventLines(summary)]
}
