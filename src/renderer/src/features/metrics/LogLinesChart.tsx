// The Log lines chart: lines per second by level (error, warn, info, debug, no level) of every log source or
// of the one picked, on the Metrics view's own times, so it lines up with the other charts, shares their
// crosshair and time cursor, and breaks where they break. It sits in the chart grid like any other chart.
import { useMemo, type ReactNode } from 'react'
import { metricsChartSource, type ChartSource } from './chartController'
import { followingRates, rateColumns, ratePlanOf } from './logOverlay'
import { useLogRateErrors } from './logRateFeed'
import { useLogRateChoices } from './logRateChoices'
import { useLogSources } from './LogOverlayControl'
import { logLinesChart, rateLevels } from './logRates'
import { useMetricsStore } from './metricsStore'
import { TimeChart } from './TimeChart'

/**
 * The chart's source: the Metrics view's times (live or minutes), with a rate column per level of `sourceId`.
 * The first series the core sends stands for the samples: where it has no value, no sample was taken (a gap).
 */
function logLinesSource(isRecorded: boolean, sourceId: string | undefined): ChartSource {
  const metrics = metricsChartSource(isRecorded)
  const { resolution, times } = ratePlanOf(metrics)
  const choices = rateLevels.map((level) => ({ source: sourceId, level }))
  return {
    ...metrics,
    // One column per level, whatever the times: no minimum and maximum bands.
    hasBands: false,
    data(_spec, range, widthPx) {
      const sampled = useMetricsStore.getState().keys.slice(0, 1)
      const samples = metrics.data(
        { ...logLinesChart, lines: sampled.map((key) => ({ key, label: key, color: 0 })) },
        range,
        widthPx,
      )
      return [samples[0], ...rateColumns(samples, choices, resolution, times)]
    },
    onChange: followingRates(metrics.onChange, resolution),
  }
}

function SourcePicker() {
  const { sources, reload } = useLogSources()
  const chosen = useLogRateChoices((state) => state.chartSource)
  const setChartSource = useLogRateChoices((state) => state.setChartSource)
  const isListed = sources.some((source) => source.id === chosen?.id)
  return (
    <select
      className="log-source-picker"
      aria-label="Log lines of"
      value={chosen?.id ?? ''}
      onFocus={reload}
      onChange={(event) => {
        const source = sources.find((entry) => entry.id === event.target.value)
        setChartSource(source ? { id: source.id, name: source.name } : undefined)
      }}
    >
      <option value="">All logs</option>
      {chosen && !isListed && <option value={chosen.id}>{chosen.name}</option>}
      {sources.map((source) => (
        <option key={source.id} value={source.id}>
          {source.name}
        </option>
      ))}
    </select>
  )
}

/** The Log lines chart, with its source picker and then `actions` in its header. */
export function LogLinesChart({ actions, isDropTarget }: { actions?: ReactNode; isDropTarget?: boolean }) {
  const isRecorded = useMetricsStore((state) => state.isRecorded)
  const sourceId = useLogRateChoices((state) => state.chartSource?.id)
  const error = useLogRateErrors((state) => state[isRecorded ? 'minute' : 'second'])
  const source = useMemo(() => logLinesSource(isRecorded, sourceId), [isRecorded, sourceId])
  return (
    <TimeChart
      spec={logLinesChart}
      source={source}
      isDropTarget={isDropTarget}
      actions={
        <>
          {error && (
            <span className="error log-rate-error" role="status" aria-label={error} title={error}>
              !
            </span>
          )}
          <SourcePicker />
          {actions}
        </>
      }
    />
  )
}
