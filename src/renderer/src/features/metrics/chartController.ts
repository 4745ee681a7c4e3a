// One uPlot chart, driven outside React: it redraws when its source says the data changed (for Metrics,
// in the shared animation frame, from the live columns or the recorder), follows its container's size,
// and writes the legend values itself, at the crosshair or, without one, the newest value in view. The
// chart root carries the x range and point count as data attributes, for tests and anyone inspecting the
// page. Other features (Hosts) draw their own columns through a ChartSource.
// Metrics' charts carry the time cursor and zoom: a click picks a moment, and each chart marks it with a
// line; a drag across a chart shows that range on every chart, and a drag with Shift held moves it. Clicks and drags are told apart here, from
// the pointer's own positions: uPlot's click filter takes a click within a pixel of the plot's edge (the
// live edge) for a drag and stops it, because it rounds the position at mouseup but not at mousedown.
// Lifecycle: built by TimeChart for one spec, theme and data source; dispose() removes every listener.
import uPlot from 'uplot'
import { formatValue } from '../../../../shared/format'
import type { ChartSpec } from './chartCatalog'
import { timeFormat } from '../../lib/timeFormat'
import { binaryIncrements, formatAxisTick, formatTimeTick } from './chartFormat'
import { withAlpha, type ChartPalette } from './chartTheme'
import type { Column } from './columns'
import { onFrame } from './frameLoop'
import { liveColumns, showRange, useMetricsStore, visibleRange } from './metricsStore'
import { showMoment, useMomentStore } from './momentStore'
import { createRecordedLoader } from './recordedLoader'
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

/** Where a chart's points come from: Metrics' live columns or the recorder, or another feature's columns. */
export interface ChartSource {
  /** The data are averages, then minimums, then maximums of each line over steps (drawn as bands). */
  hasBands: boolean
  /** The x range to show now. */
  range(): TimeRange
  /** [t, line columns…] within the range (with bands: averages…, minimums…, maximums…), for a plot `widthPx` wide. */
  data(spec: ChartSpec, range: TimeRange, widthPx: number): uPlot.AlignedData
  /** The legend's time without a crosshair: "now", "paused", the time of the newest point. */
  restingTime(): string
  /** Calls `redraw` whenever the data may have changed; returns the unsubscribe. */
  onChange(redraw: () => void): () => void
  /** The time cursor, when the chart has one: a click picks a moment, and the chart marks it with a line. */
  cursor?: TimeCursor
  /** uPlot plugins that add to the chart (the log-rate overlay: a series on a second axis, after the lines). */
  plugins?: uPlot.Plugin[]
  /** Shows a range dragged across (or, with Shift, moved on) the chart, when the chart can zoom. */
  zoom?(range: TimeRange): void
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
/** A press that moves less than this across the plot is a click; more is a drag (zoom). */
const dragThresholdPx = 4

function emptyColumn(length: number): Column {
  return new Array<number | null>(length).fill(null)
}

/** [t, line values…] from the live columns. */
function liveData(spec: ChartSpec, range: TimeRange): uPlot.AlignedData {
  const live = liveColumns()
  return sliceToRange(
    live.t,
    spec.lines.map((line) => live.values.get(line.key) ?? emptyColumn(live.t.length)),
    range,
  )
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

/** The Metrics view's source for one chart: the live columns, or the recorder when `isRecorded`. */
export function metricsChartSource(isRecorded: boolean): ChartSource {
  const recorded = isRecorded ? createRecordedLoader() : undefined
  return {
    hasBands: isRecorded,
    range: () => visibleRange(),
    data: (spec, range, widthPx) => (recorded ? recorded.data(spec, range, widthPx) : liveData(spec, range)),
    restingTime: () => (useMetricsStore.getState().fixedRange === undefined ? 'now' : 'paused'),
    onChange(redraw) {
      const stopFrames = onFrame(redraw)
      const stopLoads = recorded?.onLoaded(redraw)
      return () => {
        stopFrames()
        stopLoads?.()
        recorded?.dispose()
      }
    },
    cursor: {
      at: () => useMomentStore.getState().at,
      pick: (at) => void showMoment(at),
      onChange: (redraw) => useMomentStore.subscribe((state, before) => state.at !== before.at && redraw()),
    },
    zoom: showRange,
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

function seriesOptions(spec: ChartSpec, hasBands: boolean, palette: ChartPalette): uPlot.Series[] {
  const main = spec.lines.map((line): uPlot.Series => {
    const color = palette.series[line.color]!
    return {
      label: line.label,
      stroke: color,
      width: 1.5,
      fill: line.isFilled && !hasBands ? withAlpha(color, 0.14) : undefined,
      points: { show: false },
    }
  })
  if (!hasBands) return [{}, ...main]
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

function minMaxBands(spec: ChartSpec, palette: ChartPalette): uPlot.Band[] {
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
  const { hasBands } = source
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
    cursor: {
      sync: { key: cursorSyncKey },
      // The selection is drawn while dragging; the zoom and clicks are handled below. Its click filter is off.
      drag: { x: source.zoom !== undefined, y: false, setScale: false, dist: dragThresholdPx, click: () => {} },
      points: { size: 7 },
    },
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
    series: seriesOptions(spec, hasBands, palette),
    bands: hasBands ? minMaxBands(spec, palette) : undefined,
    plugins: source.plugins,
    // uPlot applies new data and scales in a microtask after setData: the draw hook sees the result.
    hooks: {
      setCursor: [writeLegend],
      // A selection ends on every synced chart at once: none keeps it after the drag.
      setSelect: [(chart) => chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)],
      draw: [writeAttributes, (chart) => drawTimeCursor(chart, root, source.cursor, palette.axis)],
    },
  }
  const initialWidthPx = Math.max(plot.clientWidth - 80, 100)
  const chart = new uPlot(options, source.data(spec, range, initialWidthPx), plot)
  writeLegend(chart)
  /** The plotting area's width in CSS pixels: the most points a series may have. */
  const plotWidthPx = () => Math.max(Math.floor(chart.over.clientWidth), 1)

  function update(): void {
    range = source.range()
    chart.setData(source.data(spec, range, plotWidthPx()))
    writeLegend(chart)
  }

  // A press and release within a few pixels is a click: it picks the sample nearest the pointer (or the time
  // under it where there is none). A longer drag shows the range dragged over.
  const offsetOf = (event: MouseEvent) =>
    Math.min(Math.max(event.clientX - chart.over.getBoundingClientRect().left, 0), chart.over.clientWidth)
  let pressedAt: number | undefined
  const release = (event: MouseEvent) => {
    document.removeEventListener('mouseup', release)
    if (pressedAt === undefined || event.button !== 0) return
    const left = offsetOf(event)
    const start = pressedAt
    pressedAt = undefined
    if (Math.abs(left - start) < dragThresholdPx) {
      const sampled = chart.data[0][chart.posToIdx(left)]
      source.cursor?.pick(sampled ?? chart.posToVal(left, 'x'))
    } else if (event.shiftKey) {
      // Shift and drag moves the range with the pointer: the time under it stays under it.
      const shiftMs = chart.posToVal(start, 'x') - chart.posToVal(left, 'x')
      source.zoom?.({ fromMs: range.fromMs + shiftMs, toMs: range.toMs + shiftMs })
    } else {
      source.zoom?.({
        fromMs: chart.posToVal(Math.min(start, left), 'x'),
        toMs: chart.posToVal(Math.max(start, left), 'x'),
      })
    }
  }
  const press = (event: MouseEvent) => {
    if (event.button !== 0) return
    pressedAt = offsetOf(event)
    document.addEventListener('mouseup', release)
  }
  const isInteractive = source.cursor !== undefined || source.zoom !== undefined
  if (isInteractive) chart.over.addEventListener('mousedown', press)
  const stopCursor = source.cursor?.onChange(() => chart.redraw(false, false))

  const stopUpdates = source.onChange(update)
  const resizeObserver = new ResizeObserver(() => {
    const width = Math.floor(plot.clientWidth)
    if (width <= 0 || width === chart.width) return
    chart.setSize({ width, height: chartHeight })
    update()
  })
  resizeObserver.observe(plot)

  return {
    dispose() {
      chart.over.removeEventListener('mousedown', press)
      document.removeEventListener('mouseup', release)
      stopCursor?.()
      stopUpdates()
      resizeObserver.disconnect()
      chart.destroy()
    },
  }
}
