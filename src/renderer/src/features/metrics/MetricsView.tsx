// The Metrics dashboard: machine header, controls, headline numbers, charts in one aligned grid (arranged by
// the user), the time cursor's panel under them when a moment is picked, file systems and processes. It opens
// the metrics stream while mounted, and the minute history while 24 h is chosen.
import './metrics.css'
import { useEffect } from 'react'
import { AlertsPanel } from '../alerts'
import { ChartGrid } from './ChartGrid'
import { FileSystemTable } from './FileSystemTable'
import { MachineHeader } from './MachineHeader'
import { MetricsToolbar } from './MetricsToolbar'
import { MomentPanel } from './MomentPanel'
import { followMetrics, useMetricsStore } from './metricsStore'
import { followMinutes } from './minuteData'
import { ProcessTable } from './ProcessTable'
import { StatStrip } from './StatStrip'
import { minuteWindowId } from './timeWindow'

export function MetricsView() {
  const keys = useMetricsStore((state) => state.keys)
  const isMinutes = useMetricsStore((state) => state.windowId === minuteWindowId)
  const isPaused = useMetricsStore((state) => state.pausedAtMs !== undefined)

  useEffect(() => followMetrics(), [])
  useEffect(() => (isMinutes && !isPaused ? followMinutes() : undefined), [isMinutes, isPaused])

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
