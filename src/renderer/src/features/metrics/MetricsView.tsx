// The Metrics dashboard: machine header, controls, headline numbers, charts in one aligned grid, the time
// cursor's panel under them when a moment is picked, file systems and processes. It opens the metrics
// stream while mounted, and the minute history while 24 h is chosen.
import './metrics.css'
import { useEffect, useMemo } from 'react'
import { AlertsPanel } from '../alerts'
import { buildCharts } from './chartCatalog'
import { FileSystemTable } from './FileSystemTable'
import { MachineHeader } from './MachineHeader'
import { MetricsToolbar } from './MetricsToolbar'
import { MomentPanel } from './MomentPanel'
import { followMetrics, useMetricsStore } from './metricsStore'
import { followMinutes } from './minuteData'
import { ProcessTable } from './ProcessTable'
import { StatStrip } from './StatStrip'
import { TimeChart } from './TimeChart'
import { minuteWindowId } from './timeWindow'

export function MetricsView() {
  const keys = useMetricsStore((state) => state.keys)
  const isMinutes = useMetricsStore((state) => state.windowId === minuteWindowId)
  const isPaused = useMetricsStore((state) => state.pausedAtMs !== undefined)
  const charts = useMemo(() => buildCharts(keys), [keys])

  useEffect(() => followMetrics(), [])
  useEffect(() => (isMinutes && !isPaused ? followMinutes() : undefined), [isMinutes, isPaused])

  return (
    <section className="view metrics-view" aria-labelledby="metrics-title">
      <MachineHeader />
      <MetricsToolbar />
      <StatStrip />
      <div className="chart-grid">
        {charts.map((chart) => (
          <TimeChart key={chart.id} spec={chart} />
        ))}
      </div>
      <MomentPanel />
      <div className="tables">
        <FileSystemTable />
        <AlertsPanel seriesKeys={keys} />
        <ProcessTable />
      </div>
    </section>
  )
}
