// A log rate laid over any Metrics chart ("errors in app.log" over CPU): a chart source that adds the rate as a
// last column on the chart's own times, and a uPlot plugin that draws it dashed, in a colour no chart line uses,
// on a second axis at the right, and writes its legend value. Built per chart by TimeChart when the chart has an
// overlay; its counts come from the log-rate feed, followed while the chart is mounted.
import type uPlot from 'uplot'
import { formatLineRate, formatValue } from '../../../../shared/format'
import type { ChartSource } from './chartController'
import type { ChartPalette } from './chartTheme'
import type { Column } from './columns'
import { followLogRates, logRates, type RateResolution } from './logRateFeed'
import { linesOf, rateColumn, type ChartTimes, type RateChoice } from './logRates'
import { lastValue } from './timeWindow'

/** The palette colour of overlays (pink): the catalog gives it to no chart line but a seventh core's. */
export const overlayPaletteIndex = 6
const overlayScale = 'log-rate'
const minuteMs = 60_000

/** The log resolution and time layout that match a source: minutes for the recorder's steps, else its samples. */
export function ratePlanOf(source: Pick<ChartSource, 'hasBands'>): { resolution: RateResolution; times: ChartTimes } {
  return source.hasBands
    ? { resolution: 'minute', times: { kind: 'buckets', stepMs: minuteMs } }
    : { resolution: 'second', times: { kind: 'samples' } }
}

/**
 * Lines per second of each choice on a chart's data, [times, columns…]: where the chart has a point, and not
 * where its columns are all null (a gap).
 */
export function rateColumns(
  data: uPlot.AlignedData,
  choices: readonly RateChoice[],
  resolution: RateResolution,
  times: ChartTimes,
): Column[] {
  const held = logRates(resolution)
  const [x, ...columns] = data as [number[], ...Column[]]
  return choices.map((choice) => rateColumn(x, columns, linesOf(held, choice), held, times))
}

/** Follows the counts `resolution` needs while the chart listens to `source`. */
export function followingRates(source: ChartSource['onChange'], resolution: RateResolution): ChartSource['onChange'] {
  return (redraw) => {
    const stopRates = followLogRates(resolution)
    const stopSource = source(redraw)
    return () => {
      stopSource()
      stopRates()
    }
  }
}

/** The legend cell of the overlay's value: in the chart panel around the plot. */
function writeOverlayValue(chart: uPlot): void {
  const cell = chart.root.closest('.chart')?.querySelector<HTMLElement>('[data-overlay-value]')
  if (!cell) return
  const column = chart.data[chart.data.length - 1] as Column
  const index = chart.cursor.idx
  const value = index === null || index === undefined ? lastValue(column) : column[index]
  cell.textContent = value === null || value === undefined ? '–' : formatValue(value, 'lines_per_s')
}

function overlayPlugin(label: string, palette: ChartPalette): uPlot.Plugin {
  const color = palette.series[overlayPaletteIndex]!
  return {
    opts(_chart, options) {
      options.series.push({
        label,
        stroke: color,
        width: 1.5,
        dash: [5, 3],
        scale: overlayScale,
        points: { show: false },
      })
      options.scales = {
        ...options.scales,
        [overlayScale]: { range: (_self, _min, max) => [0, Number.isFinite(max) ? Math.max(max * 1.1, 1) : 1] },
      }
      options.axes = [
        ...(options.axes ?? []),
        {
          scale: overlayScale,
          side: 1,
          // Wide enough for the longest tick ("1500/s"), about 6.5 px a character of the 11 px font.
          size: (_self, values) =>
            Math.max(36, Math.ceil(Math.max(0, ...(values ?? []).map((text) => text.length)) * 6.5) + 12),
          space: 26,
          stroke: color,
          font: `11px ${palette.font}`,
          grid: { show: false },
          ticks: { stroke: palette.grid, width: 1, size: 4 },
          values: (_self, splits) => splits.map((value) => `${formatLineRate(value)}/s`),
        },
      ]
    },
    hooks: { ready: writeOverlayValue, setData: writeOverlayValue, setCursor: writeOverlayValue },
  }
}

/** `source` with the log rate of `choice` as a last column, drawn by a plugin with the legend label `label`. */
export function withLogOverlay(
  source: ChartSource,
  choice: RateChoice,
  label: string,
  palette: ChartPalette,
): ChartSource {
  const { resolution, times } = ratePlanOf(source)
  return {
    ...source,
    data(spec, range, widthPx) {
      const data = source.data(spec, range, widthPx)
      return [...data, ...rateColumns(data, [choice], resolution, times)] as uPlot.AlignedData
    },
    onChange: followingRates(source.onChange, resolution),
    plugins: [...(source.plugins ?? []), overlayPlugin(label, palette)],
  }
}
