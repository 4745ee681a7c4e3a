// The metrics stream: the asked-for window first, then live samples. A reconnect with Last-Event-ID
// gets exactly the samples it missed, from the history, or a fresh window with the reason it could not resume.
import { formatSampleId, parseSampleId, routes, sseRetryMs, type MetricSample, type MetricsEvent } from '../../shared/protocol'
import { metricsStreamQuerySchema } from '../../shared/schemas'
import type { SseMessage } from '../../shared/sse'
import { parseQuery } from '../server/body'
import type { Route } from '../server/httpServer'
import { openSseStream } from '../server/sseWriter'
import type { Sampler } from './sampler'
import type { SampleHistory } from './sampleHistory'

export interface MetricsRouteDeps {
  instanceId: string
  sampler: Sampler
  history: SampleHistory
  historyCapacity: number
  keepAliveMs: number
}

export function createMetricsRoutes(deps: MetricsRouteDeps): Route[] {
  const { instanceId, sampler, history } = deps
  const sampleId = (samples: MetricSample[]): string | undefined => {
    const last = samples.at(-1)
    return last && formatSampleId(instanceId, last.seq)
  }

  // A congested client gets one batch with every sample it has not received yet, up to the history's size.
  function mergeBatches(pending: SseMessage, next: SseMessage): SseMessage {
    const pendingSamples = (pending.data as { samples: MetricSample[] }).samples
    const nextSamples = (next.data as { samples: MetricSample[] }).samples
    const samples = [...pendingSamples, ...nextSamples].slice(-deps.historyCapacity)
    return { ...next, data: { samples } }
  }

  return [
    {
      method: 'GET',
      path: routes.metricsStream,
      handle({ request, response, url }) {
        const { windowSeconds } = parseQuery(url, metricsStreamQuerySchema)
        const stream = openSseStream<MetricsEvent>(request, response, {
          retryMs: sseRetryMs,
          keepAliveMs: deps.keepAliveMs,
          policy: { kind: 'coalesce', mergers: { samples: mergeBatches } },
        })

        const lastEventId = request.headers['last-event-id']
        const resumeFrom = typeof lastEventId === 'string' ? parseSampleId(lastEventId) : undefined
        const missed = resumeFrom?.instanceId === instanceId ? history.after(resumeFrom.seq) : undefined
        if (missed) {
          if (missed.length > 0) stream.send({ event: 'samples', data: { samples: missed }, id: sampleId(missed) })
        } else {
          const samples = history.window(windowSeconds * 1000)
          const reason = resumeFrom === undefined ? 'initial' : resumeFrom.instanceId === instanceId ? 'too-old' : 'new-instance'
          stream.send({ event: 'history', data: { samples, reason }, id: sampleId(samples) })
        }

        const unsubscribe = sampler.onSample((sample) => {
          stream.send({ event: 'samples', data: { samples: [sample] }, id: formatSampleId(instanceId, sample.seq) })
        })
        stream.signal.addEventListener('abort', unsubscribe, { once: true })
        return undefined
      },
    },
  ]
}
