// The Hosts view's charts, from one host answer: a chart per group of series that has any (a missing
// group is said in words instead), in the Metrics view's chart shape and colours, and the ChartSource
// through which TimeChart draws the answer on screen.
import type { HostChartId, HostSeriesAnswer } from '../../../../shared/fleet'
import type { SeriesUnit } from '../../../../shared/series'
import type { ChartSpec } from '../metrics'

type Color = ChartSpec['lines'][number]['color']

const chartInfo: Record<HostChartId, { title: string; unit: SeriesUnit; colors: Record<string, Color> }> = {
  cpu: { title: 'CPU', unit: 'pct', colors: { cpu: 0 } },
  memory: { title: 'Memory', unit: 'bytes', colors: { 'memory.used': 4, 'memory.available': 3 } },
  network: { title: 'Network', unit: 'bytes_per_s', colors: { 'network.rx': 3, 'network.tx': 0 } },
  disk: { title: 'Disk I/O', unit: 'bytes_per_s', colors: { 'disk.read': 0, 'disk.write': 1 } },
  fs: { title: 'File systems used', unit: 'pct', colors: {} },
}

export const chartOrder: HostChartId[] = ['cpu', 'memory', 'network', 'disk', 'fs']

/** What a missing chart's metric is called in node_exporter, for the "missing" note. */
export const missingMetricNames: Record<HostChartId, string> = {
  cpu: 'node_cpu_seconds_total',
  memory: 'node_memory_MemAvailable_bytes',
  network: 'node_network_*_bytes_total',
  disk: 'node_disk_*_bytes_total',
  fs: 'node_filesystem_*_bytes',
}

export function hostChartSpecs(answer: HostSeriesAnswer): ChartSpec[] {
  return chartOrder.flatMap((id): ChartSpec[] => {
    const series = answer.series.filter((entry) => entry.chart === id)
    if (series.length === 0) return []
    const { title, unit, colors } = chartInfo[id]
    const lines = series.map((entry, index) => ({
      key: entry.key,
      label: entry.label,
      color: colors[entry.key] ?? ((index % 8) as Color),
      isFilled: id === 'cpu' || entry.key === 'memory.used',
    }))
    return [{ id: `host-${id}`, title, unit, lines, notes: [] }]
  })
}

/** A signature of the charts' lines: the specs are rebuilt (and the charts with them) only when it changes. */
export function chartsSignature(answer: HostSeriesAnswer | undefined): string {
  return answer ? answer.series.map((entry) => entry.key).join('\n') : ''
}

/** [t, one column per line] of the answer; a line the answer lacks is all nulls. */
export function hostChartData(
  answer: HostSeriesAnswer | undefined,
  spec: ChartSpec,
): [number[], ...(number | null)[][]] {
  const t = answer?.t ?? []
  const valuesOf = (key: string) =>
    answer?.series.find((entry) => entry.key === key)?.values ?? new Array<number | null>(t.length).fill(null)
  return [t, ...spec.lines.map((line) => valuesOf(line.key))]
}
