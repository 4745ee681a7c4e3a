// The Metrics dashboard: machine header, controls, headline numbers, charts in one aligned grid (arranged by
// the user), the time cursor's panel under them when a moment is picked, file systems and processes. It opens
// the metrics stream while mounted; charts of past ranges read the recorder themselves.
import './metrics.css'
import { useEffect } from 'react'
import { AlertsPanel } from '../alerts'
import { ChartGrid } from './ChartGrid'
import { FileSystemTable } from './FileSystemTable'
import { MachineHeader } from './MachineHeader'
import { MetricsToolbar } from './MetricsToolbar'
import { MomentPanel } from './MomentPanel'
import { followMetrics, useMetricsStore } from './metricsStore'
import { ProcessTable } from './ProcessTable'
import { StatStrip } from './StatStrip'

export function MetricsView() {
  const keys = useMetricsStore((state) => state.keys)

  useEffect(() => followMetrics(), [])

  return (
    <section className="view metrics-view" aria-labelledby="metrics-title">
      <MachineHeader />
      <MetricsToolbar />
      <StatStrip />
      <ChartGrid />
      <MomentPanel />
      <div className="tables">
        <FileSystemTable />
        <AlertsPanel seriesKeys={keys} />
        <ProcessTable />
      </div>
    </section>
  )
}
