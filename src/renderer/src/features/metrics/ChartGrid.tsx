// The Metrics view's charts as the user arranged them: each can be dragged by its handle onto another chart's
// place, moved up or down with its buttons (from the keyboard too) or hidden, all remembered in this window,
// or have a log rate laid over it; interfaces with no traffic fold into one row that opens on demand, and one
// button brings back every chart in the catalog's order. The Log lines chart is one of them.
import { useMemo, useState, type DragEvent } from 'react'
import { idleNetworkChartIds, type ChartSpec } from './chartCatalog'
import { layOutCharts, useChartLayout } from './chartLayout'
import { LogLinesChart } from './LogLinesChart'
import { LogOverlayControl } from './LogOverlayControl'
import { logLinesChart } from './logRates'
import { useMetricsStore } from './metricsStore'
import { TimeChart } from './TimeChart'

/** What a chart's drag carries: its id, under a type only the chart grid accepts. */
const chartDragType = 'application/x-vigil-chart'

interface ChartActionsProps {
  spec: ChartSpec
  /** The ids of the charts beside it, in order. */
  siblings: string[]
  onDragStart(): void
}

/** The drag handle, move up, move down and hide for one chart. */
function ChartActions({ spec, siblings, onDragStart }: ChartActionsProps) {
  const move = useChartLayout((state) => state.move)
  const hide = useChartLayout((state) => state.hide)
  const index = siblings.indexOf(spec.id)
  return (
    <span className="chart-actions">
      {spec.id !== logLinesChart.id && <LogOverlayControl spec={spec} />}
      {/* For the mouse only: the buttons beside it move the chart from the keyboard. */}
      <span
        className="chart-drag"
        draggable
        aria-hidden="true"
        title="Drag onto another chart to move it there"
        data-testid={`drag-${spec.id}`}
        onDragStart={(event) => {
          event.dataTransfer.setData(chartDragType, spec.id)
          event.dataTransfer.effectAllowed = 'move'
          const card = event.currentTarget.closest('.chart')
          if (card) event.dataTransfer.setDragImage(card, 24, 12)
          onDragStart()
        }}
      >
        ⠿
      </span>
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

/** The place among the grid's charts of the card the drag event is over, or -1. */
function placeUnder(event: DragEvent<HTMLDivElement>): number {
  const card = (event.target as Element).closest('.chart')
  return card ? [...event.currentTarget.children].indexOf(card) : -1
}

function Charts({ charts }: { charts: ChartSpec[] }) {
  const ids = charts.map((chart) => chart.id)
  const place = useChartLayout((state) => state.place)
  // The chart dragged from this grid: a drag from elsewhere (the folded interfaces, another app) is not taken.
  const [draggedId, setDraggedId] = useState<string | undefined>(undefined)
  const [dropPlace, setDropPlace] = useState(-1)
  const endDrag = () => {
    setDraggedId(undefined)
    setDropPlace(-1)
  }
  return (
    <div
      className="chart-grid"
      onDragOver={(event) => {
        const to = placeUnder(event)
        if (draggedId === undefined || !event.dataTransfer.types.includes(chartDragType) || to < 0) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        setDropPlace(to)
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropPlace(-1)
      }}
      onDrop={(event) => {
        const to = placeUnder(event)
        if (draggedId === undefined || to < 0) return
        event.preventDefault()
        place(ids, draggedId, to)
        endDrag()
      }}
      onDragEnd={endDrag}
    >
      {charts.map((chart, index) => {
        const isDropTarget = index === dropPlace && chart.id !== draggedId
        const actions = <ChartActions spec={chart} siblings={ids} onDragStart={() => setDraggedId(chart.id)} />
        return chart.id === logLinesChart.id ? (
          <LogLinesChart key={chart.id} isDropTarget={isDropTarget} actions={actions} />
        ) : (
          <TimeChart key={chart.id} spec={chart} isDropTarget={isDropTarget} actions={actions} />
        )
      })}
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
