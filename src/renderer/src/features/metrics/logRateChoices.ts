// What the user chose for log rates, remembered in this window's localStorage like the chart layout: the
// overlay on each chart (a source and a level, drawn on a second axis) and the source the Log lines chart shows.
import { create } from 'zustand'
import { rateLevels, type RateChoice, type RateLevel } from './logRates'

const storageKey = 'vigil.logRates'

/** A log rate laid over a chart; `sourceName` is kept for the legend (undefined: every source). */
export interface RateOverlay extends RateChoice {
  sourceName: string | undefined
}

export interface LogRateChoices {
  /** By chart id. */
  overlays: Record<string, RateOverlay>
  /** The source the Log lines chart counts (undefined: all), and its name. */
  chartSource: { id: string; name: string } | undefined
}

const noChoices = (): LogRateChoices => ({ overlays: {}, chartSource: undefined })

const isText = (value: unknown): value is string => typeof value === 'string'

function isOverlay(value: unknown): value is RateOverlay {
  const overlay = value as Partial<RateOverlay> | null
  return (
    typeof overlay === 'object' &&
    overlay !== null &&
    (overlay.source === undefined || isText(overlay.source)) &&
    (overlay.sourceName === undefined || isText(overlay.sourceName)) &&
    (overlay.level === 'all' || rateLevels.includes(overlay.level as RateLevel))
  )
}

/** The choices stored as `text`; what is missing or not a choice is left out. */
export function parseChoices(text: string | null): LogRateChoices {
  try {
    const value = JSON.parse(text ?? '') as Partial<LogRateChoices>
    const overlays = Object.fromEntries(
      Object.entries(value.overlays ?? {}).filter(([, overlay]) => isOverlay(overlay)),
    )
    const source = value.chartSource
    return {
      overlays,
      chartSource:
        source && isText(source.id) && isText(source.name) ? { id: source.id, name: source.name } : undefined,
    }
  } catch {
    return noChoices()
  }
}

const levelNouns: Record<RateLevel | 'all', string> = {
  all: 'lines',
  error: 'errors',
  warn: 'warnings',
  info: 'info lines',
  debug: 'debug lines',
  other: 'unleveled lines',
}

/** "errors in app.log", "lines in all logs": an overlay's legend label. */
export function overlayLabel(overlay: RateOverlay): string {
  return `${levelNouns[overlay.level]} in ${overlay.sourceName ?? 'all logs'}`
}

interface ChoicesState extends LogRateChoices {
  /** Lays `overlay` over the chart `chartId`, or takes its overlay away (undefined). */
  setOverlay(chartId: string, overlay: RateOverlay | undefined): void
  setChartSource(source: LogRateChoices['chartSource']): void
}

function save(state: LogRateChoices): LogRateChoices {
  const choices = { overlays: state.overlays, chartSource: state.chartSource }
  localStorage.setItem(storageKey, JSON.stringify(choices))
  return choices
}

export const useLogRateChoices = create<ChoicesState>((set) => ({
  // Read when the module loads; unit tests may load it where no localStorage exists.
  ...parseChoices(globalThis.localStorage?.getItem(storageKey) ?? null),
  setOverlay: (chartId, overlay) =>
    set((state) => {
      const { [chartId]: _previous, ...others } = state.overlays
      return save({ ...state, overlays: overlay ? { ...others, [chartId]: overlay } : others })
    }),
  setChartSource: (chartSource) => set((state) => save({ ...state, chartSource })),
}))
