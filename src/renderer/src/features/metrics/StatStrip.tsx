// The headline numbers above the charts, refreshed once a second: CPU, memory, swap, load, network and
// disk throughput. Tiles whose series are absent are left out.
import { formatBytes, formatPercent, formatValue } from '../../../../shared/format'
import { totalSubject } from '../../../../shared/series'
import { subjectsOf } from './chartCatalog'
import { useMetricsStore } from './metricsStore'

interface Tile {
  id: string
  label: string
  value: string
  detail: string
}

function sumOf(latest: Record<string, number>, keys: string[]): number {
  return keys.reduce((sum, key) => sum + (latest[key] ?? 0), 0)
}

function tiles(latest: Record<string, number>, keys: string[]): Tile[] {
  const has = (key: string) => latest[key] !== undefined
  const result: Tile[] = []
  if (has('cpu_total_pct')) {
    result.push({
      id: 'cpu-total',
      label: 'CPU',
      value: formatPercent(latest.cpu_total_pct!),
      detail: `user ${formatPercent(latest.cpu_user_pct ?? Number.NaN)} · system ${formatPercent(latest.cpu_system_pct ?? Number.NaN)}`,
    })
  }
  if (has('mem_used_bytes')) {
    result.push({
      id: 'memory-used',
      label: 'Memory',
      value: formatBytes(latest.mem_used_bytes!),
      detail: `used of ${formatBytes(latest.mem_total_bytes ?? Number.NaN)} · ${formatPercent(latest.mem_used_pct ?? Number.NaN)}`,
    })
  }
  if (has('swap_used_bytes')) {
    result.push({
      id: 'swap-used',
      label: 'Swap',
      value: formatBytes(latest.swap_used_bytes!),
      detail: `used of ${formatBytes(latest.swap_total_bytes ?? Number.NaN)}`,
    })
  }
  if (has('load_1')) {
    result.push({
      id: 'load',
      label: 'Load',
      value: formatValue(latest.load_1!, 'load'),
      detail: `5 min ${formatValue(latest.load_5 ?? Number.NaN, 'load')} · 15 min ${formatValue(latest.load_15 ?? Number.NaN, 'load')}`,
    })
  }
  const rxKey = `net_${totalSubject}_rx_bytes_per_s`
  if (has(rxKey)) {
    const sent = latest[`net_${totalSubject}_tx_bytes_per_s`] ?? Number.NaN
    result.push({
      id: 'network',
      label: 'Network receive',
      value: formatValue(latest[rxKey]!, 'bytes_per_s'),
      detail: `send ${formatValue(sent, 'bytes_per_s')}`,
    })
  }
  const disks = subjectsOf(keys, 'disk', 'read_bytes_per_s')
  if (disks.length > 0) {
    const read = sumOf(
      latest,
      disks.map((disk) => `disk_${disk}_read_bytes_per_s`),
    )
    const written = sumOf(
      latest,
      disks.map((disk) => `disk_${disk}_write_bytes_per_s`),
    )
    result.push({
      id: 'disk',
      label: 'Disk read',
      value: formatValue(read, 'bytes_per_s'),
      detail: `write ${formatValue(written, 'bytes_per_s')}`,
    })
  }
  return result
}

export function StatStrip() {
  const latest = useMetricsStore((state) => state.latest)
  const keys = useMetricsStore((state) => state.keys)
  return (
    <div className="stat-strip">
      {tiles(latest, keys).map((tile) => (
        <div key={tile.id} className="stat">
          <div className="stat-label">{tile.label}</div>
          <div className="stat-value" data-testid={tile.id}>
            {tile.value}
          </div>
          <div className="stat-detail">{tile.detail}</div>
        </div>
      ))}
    </div>
  )
}
