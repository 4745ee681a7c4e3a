import { useEffect } from 'react'
import type { MetricSample } from '../../../../shared/protocol'
import { formatBytes, formatPercent } from '../../../../shared/format'
import { Sparkline } from '../../components/Sparkline'
import { followMetrics, sparklineWindowSeconds, useMetricsStore } from './metricsStore'

const cpuValue = (sample: MetricSample) => sample.cpuTotalPct
const memoryValue = (sample: MetricSample) => sample.memUsedBytes

export function MetricsView() {
  const samples = useMetricsStore((state) => state.samples)
  useEffect(() => followMetrics(), [])
  const latest = samples.at(-1)
  const windowMs = sparklineWindowSeconds * 1000

  return (
    <section className="view" aria-labelledby="metrics-title">
      <h1 id="metrics-title">Metrics</h1>
      <div className="cards">
        <article className="card">
          <h2>CPU</h2>
          <p className="reading" data-testid="cpu-total">{latest ? formatPercent(latest.cpuTotalPct) : '…'}</p>
          <p className="caption">total, all cores</p>
          <Sparkline samples={samples} value={cpuValue} max={100} windowMs={windowMs} label="CPU total over the last minute" />
        </article>
        <article className="card">
          <h2>Memory</h2>
          <p className="reading" data-testid="memory-used">{latest ? formatBytes(latest.memUsedBytes) : '…'}</p>
          <p className="caption">{latest ? `used of ${formatBytes(latest.memTotalBytes)}` : 'used'}</p>
          <Sparkline samples={samples} value={memoryValue} max={latest?.memTotalBytes ?? 1} windowMs={windowMs} label="Memory used over the last minute" />
        </article>
      </div>
      <p className="note">Coming next: per-core load, network, disks, sensors, processes, history charts and alerts.</p>
    </section>
  )
}
