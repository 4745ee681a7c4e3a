// A chart panel: title and notes, the uPlot canvas and a legend whose values the chart controller writes (React
// renders the legend's structure once; the numbers change outside React, up to once per frame).
// Rebuilt when its lines, the theme or the data source (live or per-minute, or another feature's) change.
import 'uplot/dist/uPlot.min.css'
import './chart.css'
import { useEffect, useRef, type ReactNode } from 'react'
import { formatValue } from '../../../../shared/format'
import type { ChartNote, ChartSpec } from './chartCatalog'
import { createChartController, metricsChartSource, type ChartSource } from './chartController'
import { readChartPalette, useAppliedTheme } from './chartTheme'
import { useMetricsStore } from './metricsStore'
import { minuteWindowId } from './timeWindow'

function NoteValue({ note }: { note: ChartNote }) {
  const value = useMetricsStore((state) => state.latest[note.key])
  return (
    <span className="chart-note" title={note.description}>
      {note.label}{' '}
      <span className="chart-note-value" data-testid={`note-${note.key}`}>
        {value === undefined ? '–' : formatValue(value, note.unit)}
      </span>
    </span>
  )
}

interface TimeChartProps {
  spec: ChartSpec
  source?: ChartSource
  actions?: ReactNode
  /** A chart dragged over this one would be dropped here: the card says so. */
  isDropTarget?: boolean
}

/**
 * A chart of `spec`'s lines from `source`, by default the Metrics view's live columns or minutes; `actions` go at
 * the end of its header.
 */
export function TimeChart({ spec, source, actions, isDropTarget = false }: TimeChartProps) {
  const rootRef = useRef<HTMLElement>(null)
  const plotRef = useRef<HTMLDivElement>(null)
  const legendRef = useRef<HTMLUListElement>(null)
  const theme = useAppliedTheme()
  const isMinutes = useMetricsStore((state) => state.windowId === minuteWindowId)

  useEffect(() => {
    const elements = { root: rootRef.current!, plot: plotRef.current!, legend: legendRef.current! }
    const controller = createChartController(
      elements,
      spec,
      source ?? metricsChartSource(isMinutes),
      readChartPalette(),
    )
    return () => controller.dispose()
  }, [spec, theme, isMinutes, source])

  const titleId = `chart-${spec.id}-title`
  return (
    <article
      ref={rootRef}
      className={isDropTarget ? 'chart is-drop-target' : 'chart'}
      data-testid={`chart-${spec.id}`}
      aria-labelledby={titleId}
    >
      <header className="chart-header">
        <h3 id={titleId}>{spec.title}</h3>
        {spec.notes.map((note) => (
          <NoteValue key={note.key} note={note} />
        ))}
        <span className="chart-time" data-legend-time="" />
        {actions}
      </header>
      <div
        ref={plotRef}
        className="chart-plot"
        role="img"
        aria-label={`${spec.title}, ${spec.lines.map((line) => line.label).join(', ')}`}
      />
      <ul ref={legendRef} className={spec.unit === 'bytes_per_s' ? 'legend legend-rates' : 'legend'}>
        {spec.lines.map((line, index) => (
          <li key={line.key}>
            <span className={`swatch series-color-${line.color}`} aria-hidden="true" />
            <span className="legend-label">{line.label}</span>
            <span className="legend-value" data-legend-value={index} data-testid={`legend-${line.key}`} />
          </li>
        ))}
      </ul>
    </article>
  )
}
