// The Metrics view's charts as the user arranged them: each can be moved up or down or hidden (remembered in
// this window) or have a log rate laid over it, interfaces with no traffic fold into one row that opens on
// demand, and one button brings back every chart in the catalog's order. The Log lines chart is one of them.
import { useMemo, useState } from 'react'
import { idleNetworkChartIds, type ChartSpec } from './chartCatalog'
import { layOutCharts, useChartLayout } from './chartLayout'
import { LogLinesChart } from './LogLinesChart'
import { LogOverlayControl } from './LogOverlayControl'
import { logLinesChart } from './logRates'
import { useMetricsStore } from './metricsStore'
import { TimeChart } from './TimeChart'

/** Move up, move down and hide for one chart, among `siblings` (the ids of the charts beside it, in order). */
function ChartActions({ spec, siblings }: { spec: ChartSpec; siblings: string[] }) {
  const move = useChartLayout((state) => state.move)
  const hide = useChartLayout((state) => state.hide)
  const index = siblings.indexOf(spec.id)
  return (
    <span className="chart-actions">
      {spec.id !== logLinesChart.id && <LogOverlayControl spec={spec} />}
      <button
        type="button"
        aria-label={`Move ${spec.title} up`}
        title="Move up"
        disabled={index <= 0}
        onClick={() => move(siblings, spec.id, -1)}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label={`Move ${spec.title} down`}
        title="Move down"
        disabled={index === siblings.length - 1}
        onClick={() => move(siblings, spec.id, 1)}
      >
        ↓
      </button>
      <button type="button" aria-label={`Hide ${spec.title}`} title="Hide" onClick={() => hide(spec.id)}>
        ×
      </button>
    </span>
  )
}

function Charts({ charts }: { charts: ChartSpec[] }) {
  const ids = charts.map((chart) => chart.id)
  return (
    <div className="chart-grid">
      {charts.map((chart) =>
        chart.id === logLinesChart.id ? (
          <LogLinesChart key={chart.id} actions={<ChartActions spec={chart} siblings={ids} />} />
        ) : (
          <TimeChart key={chart.id} spec={chart} actions={<ChartActions spec={chart} siblings={ids} />} />
        ),
      )}
    </div>
  )
}

export function ChartGrid() {
  const keys = useMetricsStore((state) => state.keys)
  // Joined into a string so the grid renders again only when the set of idle interfaces changes.
  const idleIds = useMetricsStore((state) => idleNetworkChartIds(state.keys, state.latest).join('\n'))
  const hidden = useChartLayout((state) => state.hidden)
  const order = useChartLayout((state) => state.order)
  const reset = useChartLayout((state) => state.reset)
  const [isIdleOpen, setIdleOpen] = useState(false)
  const {
    shown: busy,
    idle: folded,
    hiddenCount,
  } = useMemo(() => layOutCharts(keys, new Set(idleIds.split('\n')), { hidden, order }), [keys, idleIds, hidden, order])

  return (
    <>
      <Charts charts={busy} />
      {folded.length > 0 && (
        <div className="idle-charts">
          <button
            type="button"
            className="fold-toggle"
            aria-expanded={isIdleOpen}
            onClick={() => setIdleOpen(!isIdleOpen)}
          >
            {isIdleOpen ? '▾' : '▸'} {folded.length} idle interface{folded.length === 1 ? '' : 's'}
            <span className="caption"> {folded.map((chart) => chart.id.slice('net-'.length)).join(', ')}</span>
          </button>
          {isIdleOpen && <Charts charts={folded} />}
        </div>
      )}
      {(hiddenCount > 0 || order.length > 0) && (
        <p className="chart-layout-reset">
          {hiddenCount > 0 && (
            <span className="caption">
              {hiddenCount} chart{hiddenCount === 1 ? '' : 's'} hidden.{' '}
            </span>
          )}
          <button type="button" onClick={reset}>
            {hiddenCount > 0 ? 'Show all charts' : 'Reset chart order'}
          </button>
        </p>
      )}
    </>
  )
}
