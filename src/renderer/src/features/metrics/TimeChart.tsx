// A chart panel: title and notes, the uPlot canvas and a legend whose values the chart controller writes (React
// renders the legend's structure once; the numbers change outside React, up to once per frame).
// Rebuilt when its lines, the theme, the data source (live columns or the recorder, or another feature's) or the
// log rate laid over it change.
import 'uplot/dist/uPlot.min.css'
import './chart.css'
import { useEffect, useRef, type ReactNode } from 'react'
import { formatValue } from '../../../../shared/format'
import type { ChartNote, ChartSpec } from './chartCatalog'
import { createChartController, metricsChartSource, type ChartSource } from './chartController'
import { readChartPalette, useAppliedTheme } from './chartTheme'
import { overlayLabel, useLogRateChoices } from './logRateChoices'
import { withLogOverlay } from './logOverlay'
import { LogOverlayLegend } from './LogOverlayControl'
import { useMetricsStore } from './metricsStore'

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
 * A chart of `spec`'s lines from `source`, by default the Metrics view's live columns or the recorder; `actions`
 * go at the end of its header.
 */
export function TimeChart({ spec, source, actions, isDropTarget = false }: TimeChartProps) {
  const rootRef = useRef<HTMLElement>(null)
  const plotRef = useRef<HTMLDivElement>(null)
  const legendRef = useRef<HTMLUListElement>(null)
  const theme = useAppliedTheme()
  const isRecorded = useMetricsStore((state) => state.isRecorded)
  // A log rate the user laid over this chart (Metrics' own charts only: another feature's are not this machine's).
  const overlay = useLogRateChoices((state) => (source ? undefined : state.overlays[spec.id]))

  useEffect(() => {
    const elements = { root: rootRef.current!, plot: plotRef.current!, legend: legendRef.current! }
    const palette = readChartPalette()
    const chartSource = source ?? metricsChartSource(isRecorded)
    const controller = createChartController(
      elements,
      spec,
      overlay ? withLogOverlay(chartSource, overlay, overlayLabel(overlay), palette) : chartSource,
      palette,
    )
    return () => controller.dispose()
  }, [spec, theme, isRecorded, source, overlay])

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
        {overlay && <LogOverlayLegend overlay={overlay} />}
      </ul>
    </article>
  )
}
