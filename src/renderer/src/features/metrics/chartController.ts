// One uPlot chart, driven outside React: it redraws when its source says the data changed (for Metrics,
// in the shared animation frame, from the live columns or the minute aggregates for 24 h), follows its
// container's size, and writes the legend values itself, at the crosshair or, without one, the newest
// value in view. The chart root carries the x range and point count as data attributes, for tests and
// anyone inspecting the page. Other features (Hosts) draw their own columns through a ChartSource.
// Metrics' charts carry the time cursor: a click picks a moment, and each chart marks it with a line.
// Lifecycle: built by TimeChart for one spec, theme and data source; dispose() removes every listener.
import uPlot from 'uplot'
import { formatValue } from '../../../../shared/format'
import type { ChartSpec } from './chartCatalog'
import { timeFormat } from '../../lib/timeFormat'
import { binaryIncrements, formatAxisTick, formatTimeTick } from './chartFormat'
import { withAlpha, type ChartPalette } from './chartTheme'
import type { Column } from './columns'
import { onFrame } from './frameLoop'
import { liveColumns, useMetricsStore, visibleRange } from './metricsStore'
import { minuteColumns } from './minuteData'
import { showMoment, useMomentStore } from './momentStore'
import { lastValue, sliceToRange, type TimeRange } from './timeWindow'

export interface ChartElements {
  root: HTMLElement
  plot: HTMLElement
  /** Cells with data-legend-value="<line index>", and one with data-legend-time. */
  legend: HTMLElement
}

export interface ChartController {
  dispose(): void
}

/** Where a chart's points come from: Metrics' live columns or minutes, or another feature's columns. */
export interface ChartSource {
  /** The data are per-minute averages, then minimums, then maximums of each line (drawn as bands). */
  isMinutes: boolean
  /** The x range to show now. */
  range(): TimeRange
  /** [t, line columns…] within the range (with minutes: averages…, minimums…, maximums…). */
  data(spec: ChartSpec, range: TimeRange): uPlot.AlignedData
  /** The legend's time without a crosshair: "now", "paused", the time of the newest point. */
  restingTime(): string
  /** Calls `redraw` whenever the data may have changed; returns the unsubscribe. */
  onChange(redraw: () => void): () => void
  /** The time cursor, when the chart has one: a click picks a moment, and the chart marks it with a line. */
  cursor?: TimeCursor
  /** uPlot plugins that add to the chart (the log-rate overlay: a series on a second axis, after the lines). */
  plugins?: uPlot.Plugin[]
}

export interface TimeCursor {
  /** The moment marked now (epoch ms), if any. */
  at(): number | undefined
  pick(at: number): void
  /** Calls `redraw` when the moment changes; returns the unsubscribe. */
  onChange(redraw: () => void): () => void
}

/** Plot height in CSS pixels; every chart has the same, so rows of the grid line up. */
const chartHeight = 130

/** Crosshairs of all metrics charts move together. */
const cursorSyncKey = 'vigil-metrics'

function emptyColumn(length: number): Column {
  return new Array<number | null>(length).fill(null)
}

/** [t, line values…] from the live columns, or [t, averages…, minimums…, maximums…] from the minutes. */
function metricsData(spec: ChartSpec, isMinutes: boolean, range: TimeRange): uPlot.AlignedData {
  if (!isMinutes) {
    const live = liveColumns()
    return sliceToRange(
      live.t,
      spec.lines.map((line) => live.values.get(line.key) ?? emptyColumn(live.t.length)),
      range,
    )
  }
  const minutes = minuteColumns() ?? { t: [], values: {} }
  const series = spec.lines.map((line) => minutes.values[line.key])
  const pick = (measure: 'avg' | 'min' | 'max') =>
    series.map((entry) => entry?.[measure] ?? emptyColumn(minutes.t.length))
  return sliceToRange(minutes.t, [...pick('avg'), ...pick('min'), ...pick('max')], range)
}

/** The value axis: percentages 0–100, others from 0 (temperatures around their values) with a small floor. */
function valueRange(unit: ChartSpec['unit']): uPlot.Scale.Range {
  if (unit === 'pct') return [0, 100]
  if (unit === 'celsius')
    return (_chart, min, max) =>
      Number.isFinite(min) && Number.isFinite(max)
        ? [Math.max(0, Math.floor(min / 10) * 10 - 10), Math.ceil(max / 10) * 10 + 10]
        : [0, 100]
  const floor = unit === 'bytes' || unit === 'bytes_per_s' ? 1024 : 1
  return (_chart, _min, max) => [0, Number.isFinite(max) ? Math.max(max * 1.1, floor) : floor]
}

/** The Metrics view's source: the live columns, or the minute aggregates when `isMinutes`. */
export function metricsChartSource(isMinutes: boolean): ChartSource {
  return {
    isMinutes,
    range: () => visibleRange(),
    data: (spec, range) => metricsData(spec, isMinutes, range),
    restingTime: () => (useMetricsStore.getState().pausedAtMs === undefined ? 'now' : 'paused'),
    onChange: onFrame,
    cursor: {
      at: () => useMomentStore.getState().at,
      pick: (at) => void showMoment(at),
      onChange: (redraw) => useMomentStore.subscribe((state, before) => state.at !== before.at && redraw()),
    },
  }
}

/** The time cursor's line across the plot, and the moment in the root's data-cursor-at (for tests). */
function drawTimeCursor(chart: uPlot, root: HTMLElement, cursor: TimeCursor | undefined, color: string): void {
  const at = cursor?.at()
  if (at === undefined) {
    delete root.dataset.cursorAt
    return
  }
  root.dataset.cursorAt = String(at)
  const { min, max } = chart.scales.x!
  if (min === undefined || max === undefined || at < min || at > max) return
  const x = Math.round(chart.valToPos(at, 'x', true))
  const { ctx, bbox } = chart
  ctx.save()
  ctx.strokeStyle = color
  ctx.lineWidth = Math.max(1, Math.round(devicePixelRatio * 1.5))
  ctx.beginPath()
  ctx.moveTo(x, bbox.top)
  ctx.lineTo(x, bbox.top + bbox.height)
  ctx.stroke()
  ctx.restore()
}

function seriesOptions(spec: ChartSpec, isMinutes: boolean, palette: ChartPalette): uPlot.Series[] {
  const main = spec.lines.map((line): uPlot.Series => {
    const color = palette.series[line.color]!
    return {
      label: line.label,
      stroke: color,
      width: 1.5,
      fill: line.isFilled && !isMinutes ? withAlpha(color, 0.14) : undefined,
      points: { show: false },
    }
  })
  if (!isMinutes) return [{}, ...main]
  const edge = (line: ChartSpec['lines'][number], label: string): uPlot.Series => ({
    label,
    stroke: withAlpha(palette.series[line.color]!, 0.35),
    width: 1,
    points: { show: false },
  })
  return [
    {},
    ...main,
    ...spec.lines.map((line) => edge(line, `${line.label} min`)),
    ...spec.lines.map((line) => edge(line, `${line.label} max`)),
  ]
}

function minuteBands(spec: ChartSpec, palette: ChartPalette): uPlot.Band[] {
  const count = spec.lines.length
  return spec.lines.map((line, index) => ({
    series: [1 + 2 * count + index, 1 + count + index],
    fill: withAlpha(palette.series[line.color]!, 0.1),
  }))
}

export function createChartController(
  elements: ChartElements,
  spec: ChartSpec,
  source: ChartSource,
  palette: ChartPalette,
): ChartController {
  const { root, plot, legend } = elements
  const { isMinutes } = source
  let range = source.range()
  const valueCells = spec.lines.map((_, index) => legend.querySelector<HTMLElement>(`[data-legend-value="${index}"]`))
  const timeCell = root.querySelector<HTMLElement>('[data-legend-time]')

  function writeLegend(chart: uPlot): void {
    const index = chart.cursor.idx
    const isHovering = index !== null && index !== undefined
    const time = isHovering ? chart.data[0][index] : undefined
    if (timeCell) timeCell.textContent = time === undefined ? source.restingTime() : timeFormat.clock(time)
    spec.lines.forEach((_, line) => {
      const column = chart.data[line + 1] as Column
      const value = isHovering ? column[index] : lastValue(column)
      const cell = valueCells[line]
      if (cell) cell.textContent = value === null || value === undefined ? '–' : formatValue(value, spec.unit)
    })
  }

  function writeAttributes(chart: uPlot): void {
    root.dataset.xMin = String(chart.scales.x!.min)
    root.dataset.xMax = String(chart.scales.x!.max)
    root.dataset.points = String(chart.data[0].length)
  }

  const axis = {
    stroke: palette.axis,
    font: `11px ${palette.font}`,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1, size: 4 },
  }
  const isBytes = spec.unit === 'bytes' || spec.unit === 'bytes_per_s'
  const options: uPlot.Options = {
    width: Math.max(plot.clientWidth, 100),
    height: chartHeight,
    ms: 1,
    legend: { show: false },
    cursor: { sync: { key: cursorSyncKey }, drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    scales: {
      x: { time: true, auto: false, range: () => [range.fromMs, range.toMs] },
      y: { range: valueRange(spec.unit) },
    },
    axes: [
      {
        ...axis,
        size: 26,
        space: 70,
        values: (_chart, splits, _axis, _space, stepMs) => splits.map((time) => formatTimeTick(time, stepMs)),
      },
      {
        ...axis,
        size: 70,
        space: 26,
        incrs: isBytes ? binaryIncrements : undefined,
        values: (_chart, splits) => splits.map((value) => formatAxisTick(value, spec.unit)),
      },
    ],
    series: seriesOptions(spec, isMinutes, palette),
    bands: isMinutes ? minuteBands(spec, palette) : undefined,
    plugins: source.plugins,
    // uPlot applies new data and scales in a microtask after setData: the draw hook sees the result.
    hooks: {
      setCursor: [writeLegend],
      draw: [writeAttributes, (chart) => drawTimeCursor(chart, root, source.cursor, palette.axis)],
    },
  }
  const chart = new uPlot(options, source.data(spec, range), plot)
  writeLegend(chart)

  // A click picks the sample nearest the pointer (or the time under it where there is none).
  const pickMoment = (event: MouseEvent) => {
    const left = event.clientX - chart.over.getBoundingClientRect().left
    const index = chart.posToIdx(left)
    const sampled = chart.data[0][index]
    source.cursor?.pick(sampled ?? chart.posToVal(left, 'x'))
  }
  if (source.cursor) chart.over.addEventListener('click', pickMoment)
  const stopCursor = source.cursor?.onChange(() => chart.redraw(false, false))

  const stopFrames = source.onChange(() => {
    range = source.range()
    chart.setData(source.data(spec, range))
    writeLegend(chart)
  })
  const resizeObserver = new ResizeObserver(() => {
    const width = Math.floor(plot.clientWidth)
    if (width > 0 && width !== chart.width) chart.setSize({ width, height: chartHeight })
  })
  resizeObserver.observe(plot)

  return {
    dispose() {
      chart.over.removeEventListener('click', pickMoment)
      stopCursor?.()
      stopFrames()
      resizeObserver.disconnect()
      chart.destroy()
    },
  }
}
