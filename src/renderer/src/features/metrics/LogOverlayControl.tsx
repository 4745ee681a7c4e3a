// "Overlay log rate…" on a Metrics chart: a small form (source, level) that lays a log rate over the chart on a
// second axis, changes it or takes it away, and the overlay's legend entry. The choice is remembered
// (logRateChoices.ts); the drawing is logOverlay.ts's. The log sources are read when the form opens.
import './logRates.css'
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { logRoutes, type LogSourceInfo } from '../../../../shared/logs'
import { api } from '../../lib/api'
import type { ChartSpec } from './chartCatalog'
import { overlayLabel, useLogRateChoices, type RateOverlay } from './logRateChoices'
import { overlayPaletteIndex } from './logOverlay'
import { rateLevels, type RateLevel } from './logRates'

/**
 * The log sources as the core lists them, read on mount and again with `reload` (a picker's focus: a file added
 * since shows); empty until they come.
 */
export function useLogSources(): { sources: LogSourceInfo[]; reload(): void } {
  const [sources, setSources] = useState<LogSourceInfo[]>([])
  const isMounted = useRef(true)
  const reload = useCallback(() => {
    // A list that cannot be read leaves "All logs" to choose; the Logs view says what is wrong with sources.
    api
      .get<LogSourceInfo[]>(logRoutes.sources)
      .then((list) => isMounted.current && setSources(list))
      .catch(() => undefined)
  }, [])
  useEffect(() => {
    isMounted.current = true
    reload()
    return () => {
      isMounted.current = false
    }
  }, [reload])
  return { sources, reload }
}

const levelLabels: Record<RateLevel | 'all', string> = {
  all: 'All lines',
  error: 'Errors (error, fatal)',
  warn: 'Warnings',
  info: 'Info',
  debug: 'Debug (debug, trace)',
  other: 'No level',
}

function OverlayForm({ spec, current, onClose }: { spec: ChartSpec; current?: RateOverlay; onClose(): void }) {
  const setOverlay = useLogRateChoices((state) => state.setOverlay)
  const { sources } = useLogSources()
  const [sourceId, setSourceId] = useState(current?.source ?? '')
  const [level, setLevel] = useState<RateLevel | 'all'>(current?.level ?? 'error')
  const id = useId()
  const known = sources.some((source) => source.id === sourceId)

  const show = () => {
    const name = sources.find((source) => source.id === sourceId)?.name ?? current?.sourceName
    setOverlay(spec.id, { source: sourceId || undefined, sourceName: sourceId ? name : undefined, level })
    onClose()
  }
  const remove = () => {
    setOverlay(spec.id, undefined)
    onClose()
  }

  return (
    <div className="log-overlay-form" role="dialog" aria-label={`Log rate over ${spec.title}`}>
      <label htmlFor={`${id}-source`}>Source</label>
      <select id={`${id}-source`} value={sourceId} autoFocus onChange={(event) => setSourceId(event.target.value)}>
        <option value="">All logs</option>
        {!known && sourceId && <option value={sourceId}>{current?.sourceName ?? sourceId}</option>}
        {sources.map((source) => (
          <option key={source.id} value={source.id}>
            {source.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-level`}>Level</label>
      <select id={`${id}-level`} value={level} onChange={(event) => setLevel(event.target.value as RateLevel | 'all')}>
        {(['all', ...rateLevels] as const).map((option) => (
          <option key={option} value={option}>
            {levelLabels[option]}
          </option>
        ))}
      </select>
      <span className="log-overlay-buttons">
        <button type="button" className="button button-primary" onClick={show}>
          Show
        </button>
        {current && (
          <button type="button" className="button" onClick={remove}>
            Remove overlay
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </span>
    </div>
  )
}

/** The header button that opens the overlay form of `spec`'s chart. */
export function LogOverlayControl({ spec }: { spec: ChartSpec }) {
  const current = useLogRateChoices((state) => state.overlays[spec.id])
  const [isOpen, setOpen] = useState(false)
  return (
    <span className="log-overlay-control" onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        aria-label={`Overlay log rate on ${spec.title}`}
        aria-expanded={isOpen}
        aria-pressed={current !== undefined}
        title="Overlay log rate…"
        onClick={() => setOpen(!isOpen)}
      >
        ≋
      </button>
      {isOpen && <OverlayForm spec={spec} current={current} onClose={() => setOpen(false)} />}
    </span>
  )
}

/** The overlay's entry in its chart's legend; the chart writes the value (at the crosshair, or the newest). */
export function LogOverlayLegend({ overlay }: { overlay: RateOverlay }) {
  return (
    <li className="legend-overlay" title="Log lines per second, on the axis at the right">
      <span className={`swatch swatch-dashed series-color-${overlayPaletteIndex}`} aria-hidden="true" />
      <span className="legend-label">{overlayLabel(overlay)}</span>
      <span className="legend-value" data-overlay-value="" data-testid="legend-log-overlay" />
    </li>
  )
}
