// The metrics routes. The stream sends the asked-for window first (in columns), then live samples; a
// reconnect with Last-Event-ID gets exactly the samples it missed, or a fresh window with the reason it
// could not resume. Machine info, minute aggregates and the process list are plain JSON requests.
import {
  formatSampleId,
  parseSampleId,
  routes,
  sseRetryMs,
  type MetricSample,
  type MetricsEvent,
} from '../../shared/protocol'
import { metricsStreamQuerySchema, processesQuerySchema } from '../../shared/schemas'
import type { SseMessage } from '../../shared/sse'
import { parseQuery } from '../server/body'
import type { Route } from '../server/httpServer'
import { openSseStream } from '../server/sseWriter'
import type { Metrics } from './index'

export interface MetricsRouteDeps {
  instanceId: string
  metrics: Metrics
  keepAliveMs: number
}

export function createMetricsRoutes({ instanceId, metrics, keepAliveMs }: MetricsRouteDeps): Route[] {
  const { history, sampler } = metrics

  // A congested client gets one batch with every sample it has not received yet, up to the history's size.
  function mergeBatches(pending: SseMessage, next: SseMessage): SseMessage {
    const pendingSamples = (pending.data as { samples: MetricSample[] }).samples
    const nextSamples = (next.data as { samples: MetricSample[] }).samples
    return { ...next, data: { samples: [...pendingSamples, ...nextSamples].slice(-metrics.historyCapacity) } }
  }

  return [
    {
      method: 'GET',
      path: routes.metricsStream,
      stream: 'metrics',
      handle({ request, response, url }) {
        const { windowSeconds } = parseQuery(url, metricsStreamQuerySchema)
        const stream = openSseStream<MetricsEvent>(request, response, {
          retryMs: sseRetryMs,
          keepAliveMs,
          policy: { kind: 'coalesce', mergers: { samples: mergeBatches } },
        })
        const lastEventId = request.headers['last-event-id']
        const resumeFrom = typeof lastEventId === 'string' ? parseSampleId(lastEventId) : undefined
        const missed = resumeFrom?.instanceId === instanceId ? history.after(resumeFrom.seq) : undefined
        if (missed) {
          const last = missed.at(-1)
          if (last)
            stream.send({ event: 'samples', data: { samples: missed }, id: formatSampleId(instanceId, last.seq) })
        } else {
          const columns = history.window(windowSeconds * 1000)
          const reason =
            resumeFrom === undefined ? 'initial' : resumeFrom.instanceId === instanceId ? 'too-old' : 'new-instance'
          const lastSeq = columns.firstSeq + columns.t.length - 1
          stream.send({
            event: 'history',
            data: { columns, reason },
            id: columns.t.length > 0 ? formatSampleId(instanceId, lastSeq) : undefined,
          })
        }
        const stopWatching = metrics.watch()
        const unsubscribe = sampler.onSample((sample) => {
          stream.send({ event: 'samples', data: { samples: [sample] }, id: formatSampleId(instanceId, sample.seq) })
        })
        stream.signal.addEventListener(
          'abort',
          () => {
            unsubscribe()
            stopWatching()
          },
          { once: true },
        )
        return undefined
      },
    },
    { method: 'GET', path: routes.machine, handle: () => metrics.machineInfo() },
    { method: 'GET', path: routes.minutes, handle: () => metrics.minutes.columns() },
    {
      method: 'GET',
      path: routes.processes,
      handle({ url }) {
        return metrics.processes.list(parseQuery(url, processesQuerySchema).sort)
      },
    },
  ]
}
