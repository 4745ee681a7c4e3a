// Which Metrics charts are hidden and in what order, remembered in this window's localStorage. Kept per window
// rather than in the core's settings: a small window may show fewer charts than a large one beside it, and the
// charts themselves (interfaces, disks, sensors) are this machine's, not every client's.
import { create } from 'zustand'
import { buildCharts, type ChartSpec } from './chartCatalog'
import { logLinesChart } from './logRates'

const storageKey = 'vigil.chartLayout'

export interface ChartLayout {
  /** Chart ids the user hid. */
  hidden: string[]
  /** Chart ids in the order the user arranged them; charts not named keep the catalog's place. */
  order: string[]
}

const emptyLayout = (): ChartLayout => ({ hidden: [], order: [] })

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** The layout stored as `text`, or the default one when it is missing or not a layout. */
export function parseLayout(text: string | null): ChartLayout {
  try {
    const value = JSON.parse(text ?? '') as Partial<ChartLayout>
    return isIdList(value.hidden) && isIdList(value.order)
      ? { hidden: value.hidden, order: value.order }
      : emptyLayout()
  } catch {
    return emptyLayout()
  }
}

/**
 * `items` in the layout's order: those the order names fill the places those named ones hold in `items`, in the
 * order's sequence; the rest (charts new since the layout was saved) stay where the catalog put them.
 */
export function arrange<T extends { id: string }>(items: readonly T[], layout: ChartLayout): T[] {
  const rank = new Map(layout.order.map((id, index) => [id, index]))
  const named = items.filter((item) => rank.has(item.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)
  let next = 0
  return items.map((item) => (rank.has(item.id) ? named[next++]! : item))
}

/**
 * The dashboard's charts for `keys`, and the Log lines chart, as laid out: those shown in the grid, the idle interfaces (`idleIds`, from
 * idleNetworkChartIds) folded away, and how many are hidden.
 */
export function layOutCharts(
  keys: readonly string[],
  idleIds: ReadonlySet<string>,
  layout: ChartLayout,
): { shown: ChartSpec[]; idle: ChartSpec[]; hiddenCount: number } {
  const metricCharts = buildCharts(keys)
  // The Log lines chart comes last, once the machine's charts are known (Vigil's own log is always a source).
  const charts = metricCharts.length > 0 ? [...metricCharts, logLinesChart] : metricCharts
  const visible = arrange(charts, layout).filter((chart) => !layout.hidden.includes(chart.id))
  return {
    shown: visible.filter((chart) => !idleIds.has(chart.id)),
    idle: visible.filter((chart) => idleIds.has(chart.id)),
    hiddenCount: charts.length - visible.length,
  }
}

/**
 * The layout with `id` put at place `to` among `shownIds`, the charts now on screen in order (the charts between
 * its old and new place shift by one): where a drag drops it, or one place up or down.
 */
export function placeChart(layout: ChartLayout, shownIds: readonly string[], id: string, to: number): ChartLayout {
  const from = shownIds.indexOf(id)
  if (from < 0 || to < 0 || to >= shownIds.length || to === from) return layout
  const ids = shownIds.filter((other) => other !== id)
  ids.splice(to, 0, id)
  // Charts hidden or absent now keep their remembered places after the ones on screen.
  return { ...layout, order: [...ids, ...layout.order.filter((other) => !ids.includes(other))] }
}

/** The layout with `id` moved `step` places (-1 up, 1 down) among `shownIds`, the charts now on screen in order. */
export function moveChart(layout: ChartLayout, shownIds: readonly string[], id: string, step: -1 | 1): ChartLayout {
  return placeChart(layout, shownIds, id, shownIds.indexOf(id) + step)
}

interface ChartLayoutState extends ChartLayout {
  hide(id: string): void
  move(shownIds: readonly string[], id: string, step: -1 | 1): void
  place(shownIds: readonly string[], id: string, to: number): void
  /** Shows every chart in the catalog's order. */
  reset(): void
}

function save(layout: ChartLayout): ChartLayout {
  localStorage.setItem(storageKey, JSON.stringify(layout))
  return layout
}

const current = (state: ChartLayout): ChartLayout => ({ hidden: state.hidden, order: state.order })

export const useChartLayout = create<ChartLayoutState>((set) => ({
  // Read when the module loads; modules that import this one may load where no localStorage exists (unit tests).
  ...parseLayout(globalThis.localStorage?.getItem(storageKey) ?? null),
  hide: (id) => set((state) => save({ ...current(state), hidden: [...new Set([...state.hidden, id])] })),
  move: (shownIds, id, step) => set((state) => save(moveChart(current(state), shownIds, id, step))),
  place: (shownIds, id, to) => set((state) => save(placeChart(current(state), shownIds, id, to))),
  reset: () => set(save(emptyLayout())),
}))
