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
  type SampleColumns,
} from '../../shared/protocol'
import {
  metricsStreamQuerySchema,
  processesQuerySchema,
  processQuerySchema,
  processSignalQuerySchema,
} from '../../shared/schemas'
import type { SseMessage } from '../../shared/sse'
import { parseQuery } from '../server/body'
import type { Route } from '../server/httpServer'
import { openSseStream } from '../server/sseWriter'
import type { Metrics } from './index'

export interface MetricsRouteDeps {
  instanceId: string
  metrics: Metrics
  keepAliveMs: number
  /**
   * Samples older than the in-memory history (from the recorder, so that a restarted core shows the
   * past): every series over [from, to] in columns, at most `maxSamples` of the newest.
   */
  past?: (from: number, to: number, maxSamples: number) => Omit<SampleColumns, 'firstSeq'>
}

/** Puts `earlier` samples before the live window, with seqs counted back from its first. */
export function prependPast(earlier: Omit<SampleColumns, 'firstSeq'>, live: SampleColumns): SampleColumns {
  if (earlier.t.length === 0) return live
  const keys = new Set([...Object.keys(earlier.values), ...Object.keys(live.values)])
  const values: SampleColumns['values'] = {}
  for (const key of keys)
    values[key] = [
      ...(earlier.values[key] ?? earlier.t.map(() => null)),
      ...(live.values[key] ?? live.t.map(() => null)),
    ]
  return { firstSeq: live.firstSeq - earlier.t.length, t: [...earlier.t, ...live.t], values }
}

export function createMetricsRoutes({ instanceId, metrics, keepAliveMs, past }: MetricsRouteDeps): Route[] {
  const { history, sampler } = metrics

  /** The window asked for: the history's samples, and before them the recorded ones it no longer (or never) held. */
  function windowOf(windowSeconds: number): SampleColumns {
    const live = history.window(windowSeconds * 1000)
    const newest = live.t.at(-1) ?? Date.now()
    const from = newest - windowSeconds * 1000
    const firstLive = live.t[0] ?? newest + 1
    if (!past || windowSeconds === 0 || firstLive <= from) return live
    return prependPast(past(from, firstLive - 1, metrics.historyCapacity - live.t.length), live)
  }

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
          const columns = windowOf(windowSeconds)
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
        return metrics.processes.list(parseQuery(url, processesQuerySchema))
      },
    },
    {
      method: 'GET',
      path: routes.process,
      handle({ url }) {
        return metrics.processActions.details(parseQuery(url, processQuerySchema).pid)
      },
    },
    {
      method: 'POST',
      path: routes.processSignal,
      handle({ url }) {
        const { pid, signal } = parseQuery(url, processSignalQuerySchema)
        return metrics.processActions.signal(pid, signal)
      },
    },
  ]
}
