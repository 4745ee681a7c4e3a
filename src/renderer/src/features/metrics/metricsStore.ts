// The Metrics view's live samples. The stream is open only while the view is on screen (DESIGN.md:
// a window keeps at most two long-lived streams), and resumes by Last-Event-ID when it reconnects.
import { create } from 'zustand'
import { routes, type MetricSample, type MetricsEvent } from '../../../../shared/protocol'
import { openStream } from '../../lib/streamClient'
import { appendSamples } from './samples'

export const sparklineWindowSeconds = 60

interface MetricsState {
  samples: MetricSample[]
}

export const useMetricsStore = create<MetricsState>(() => ({ samples: [] }))

function handleMetricsEvent(event: MetricsEvent): void {
  const windowMs = sparklineWindowSeconds * 1000
  switch (event.event) {
    case 'history':
      useMetricsStore.setState({ samples: appendSamples([], event.data.samples, windowMs) })
      break
    case 'samples':
      useMetricsStore.setState((state) => ({ samples: appendSamples(state.samples, event.data.samples, windowMs) }))
      break
  }
}

/** Follows the metrics stream until the returned function is called. */
export function followMetrics(): () => void {
  return openStream<MetricsEvent>({
    path: `${routes.metricsStream}?windowSeconds=${sparklineWindowSeconds}`,
    onEvent: handleMetricsEvent,
  })
}
