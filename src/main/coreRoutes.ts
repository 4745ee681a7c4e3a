// Routes about the core itself: its identity, and the always-open core stream that carries low-rate,
// app-wide events (hello, settings changes, alert episodes, export progress, the recorder's status). The renderer's connection state follows this stream.
import { routes, sseRetryMs, type CoreEvent, type CoreInfo } from '../shared/protocol'
import type { Route } from './server/httpServer'
import { openSseStream } from './server/sseWriter'
import type { Alerts } from './alerts'
import type { Exports } from './export'
import type { RecorderApi } from './recorder'
import type { SettingsStore } from './settings'
import type { StorageHealth } from './storage/storageHealth'

export interface CoreRouteDeps {
  info: CoreInfo
  settings: SettingsStore
  alerts: Alerts
  exports: Exports
  storage: StorageHealth
  recorder: Pick<RecorderApi, 'status' | 'onStatus'>
  keepAliveMs: number
}

export function createCoreRoutes(deps: CoreRouteDeps): Route[] {
  return [
    { method: 'GET', path: routes.info, handle: () => deps.info },
    {
      method: 'GET',
      path: routes.coreStream,
      stream: 'core',
      handle({ request, response }) {
        // Only the latest state of each kind matters to a client that fell behind.
        const stream = openSseStream<CoreEvent>(request, response, {
          retryMs: sseRetryMs,
          keepAliveMs: deps.keepAliveMs,
          policy: { kind: 'coalesce' },
        })
        stream.send({ event: 'hello', data: deps.info })
        stream.send({ event: 'settings', data: deps.settings.get() })
        stream.send({ event: 'alerts', data: deps.alerts.state() })
        stream.send({ event: 'export-jobs', data: deps.exports.jobs() })
        stream.send({ event: 'export-history', data: deps.exports.history() })
        stream.send({ event: 'storage', data: deps.storage.status() })
        stream.send({ event: 'recorder', data: deps.recorder.status() })
        const unsubscribers = [
          deps.settings.onChange((settings) => stream.send({ event: 'settings', data: settings })),
          deps.alerts.onChange((alerts) => stream.send({ event: 'alerts', data: alerts })),
          deps.exports.onJobs((jobs) => stream.send({ event: 'export-jobs', data: jobs })),
          deps.exports.onHistory((history) => stream.send({ event: 'export-history', data: history })),
          deps.storage.onChange((storage) => stream.send({ event: 'storage', data: storage })),
          deps.recorder.onStatus((recorder) => stream.send({ event: 'recorder', data: recorder })),
        ]
        stream.signal.addEventListener('abort', () => unsubscribers.forEach((unsubscribe) => unsubscribe()), {
          once: true,
        })
        return undefined
      },
    },
  ]
}
