// One chart's points from the recorder. The chart asks for its data each frame; the loader answers with what
// it holds (the previous range's points, drawn at the new scale, until the new ones come) and reads again only
// when the request would change: another range or width, or, while live, once the range has moved on by a
// step (a point is no wider than a pixel, so the newest point is never more than a pixel or two behind).
// A request that another has made pointless is aborted. A failure is shown in the toolbar and not retried
// until the request changes.
// Lifecycle: one per chart drawn from the recorder; dispose() aborts what is on its way.
import type uPlot from 'uplot'
import { errorText } from '../../lib/api'
import type { ChartSpec } from './chartCatalog'
import { useMetricsStore } from './metricsStore'
import { fetchRecorded, planSeriesRequest, type RecordedTable } from './recordedSeries'
import type { TimeRange } from './timeWindow'

export interface RecordedLoader {
  /** [t, averages…, minimums…, maximums…] held for the chart; starts a read when the request changes. */
  data(spec: ChartSpec, range: TimeRange, widthPx: number): uPlot.AlignedData
  /** Calls `loaded` when new points have come; returns the unsubscribe. */
  onLoaded(loaded: () => void): () => void
  dispose(): void
}

function tableData(table: RecordedTable | undefined, lineCount: number): uPlot.AlignedData {
  if (!table) return [[], ...new Array<number[]>(lineCount * 3).fill([])]
  return [table.t, ...table.avg, ...table.min, ...table.max]
}

export function createRecordedLoader(): RecordedLoader {
  let table: RecordedTable | undefined
  let requestKey: string | undefined
  let controller: AbortController | undefined
  const listeners = new Set<() => void>()

  async function load(range: TimeRange, widthPx: number, keys: string[], key: string): Promise<void> {
    controller?.abort()
    const current = (controller = new AbortController())
    try {
      const loaded = await fetchRecorded(range, widthPx, keys, current.signal)
      if (current.signal.aborted) return
      table = loaded
      for (const listener of listeners) listener()
    } catch (error) {
      if (current.signal.aborted) return
      if (requestKey === key)
        useMetricsStore.setState({ recordedError: `The recorder could not give this range: ${errorText(error)}` })
    }
  }

  return {
    data(spec, range, widthPx) {
      const keys = spec.lines.map((line) => line.key)
      const request = planSeriesRequest(range, widthPx, keys)
      const isLive = useMetricsStore.getState().fixedRange === undefined
      // Live, the end moves each second: a new read once the start has moved on by a step.
      const key = `${keys.join(',')}|${request.fromMs}|${request.stepSeconds}|${isLive ? 'live' : request.toMs}`
      if (key !== requestKey) {
        requestKey = key
        void load(range, widthPx, keys, key)
      }
      return tableData(table, spec.lines.length)
    },
    onLoaded(loaded) {
      listeners.add(loaded)
      return () => listeners.delete(loaded)
    },
    dispose() {
      controller?.abort()
      listeners.clear()
    },
  }
}
