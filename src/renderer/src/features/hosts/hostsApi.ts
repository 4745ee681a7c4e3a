// The fleet routes of the core, typed: Prometheus servers (credentials written, never read back), the
// targets a server scrapes and one host's series over a window.
import {
  fleetRoutes,
  type FleetTargets,
  type HostSeriesAnswer,
  type HostWindowId,
  type PrometheusServerView,
  type ServerDraft,
} from '../../../../shared/fleet'
import { api } from '../../lib/api'

const withServer = (path: string, server: string) => `${path}?server=${encodeURIComponent(server)}`

export const hostsApi = {
  servers: () => api.get<PrometheusServerView[]>(fleetRoutes.servers),
  addServer: (draft: ServerDraft) => api.post<PrometheusServerView>(fleetRoutes.servers, draft),
  removeServer: (server: string) => api.del<{ removed: true }>(withServer(fleetRoutes.servers, server)),
  targets: (server: string) => api.get<FleetTargets>(withServer(fleetRoutes.targets, server)),
  host: (server: string, instance: string, window: HostWindowId) =>
    api.get<HostSeriesAnswer>(`${fleetRoutes.host}?${new URLSearchParams({ server, instance, window })}`),
}
