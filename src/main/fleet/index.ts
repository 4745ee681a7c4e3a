// The fleet capability: a desktop window onto Prometheus servers. The user adds servers (their secrets
// kept in the settings' secret store); the Hosts view lists what each server scrapes and charts one host
// from PromQL range queries over node_exporter's metric names. It holds no timer and no connection
// between requests: each request asks the server once, bounded in time and size (prometheusClient.ts),
// and dispose() cuts short any request still under way.
import type { FleetTarget, HostSeriesAnswer, HostWindowId, HostAlertSeriesKey } from '../../shared/fleet'
import type { Capability } from '../capability'
import type { Logger } from '../logger'
import type { SecretStore } from '../settings'
import { createFleetRoutes } from './fleetRoutes'
import { hostSeries, hostValue, listTargets } from './fleetQueries'
import type { ClientLimits } from './prometheusClient'
import { createServerStore, type ServerStore } from './serverStore'

export interface Fleet {
  servers: ServerStore
  targets(serverId: string): Promise<FleetTarget[]>
  host(serverId: string, instance: string, window: HostWindowId): Promise<HostSeriesAnswer>
  /** One alert series of one host now; undefined when the server has no such series (alert rules on remote hosts). */
  hostValue(serverId: string, instance: string, seriesKey: HostAlertSeriesKey): Promise<number | undefined>
}

export interface FleetDeps {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  /** Tests lower these. */
  limits?: Partial<ClientLimits>
}

export const defaultClientLimits: ClientLimits = { timeoutMs: 10_000, maxResponseBytes: 8 * 1024 * 1024 }

export async function createFleet({ dataDir, secrets, logger, limits }: FleetDeps): Promise<Capability<Fleet>> {
  const servers = await createServerStore(dataDir, secrets, logger)
  const stopping = new AbortController()
  const clientLimits = { ...defaultClientLimits, ...limits, signal: stopping.signal }
  const api: Fleet = {
    servers,
    targets: async (serverId) => listTargets(await servers.connection(serverId), clientLimits),
    host: async (serverId, instance, window) =>
      hostSeries(await servers.connection(serverId), instance, window, clientLimits),
    hostValue: async (serverId, instance, seriesKey) =>
      hostValue(await servers.connection(serverId), instance, seriesKey, clientLimits),
  }
  return { api, routes: createFleetRoutes(api), dispose: () => stopping.abort() }
}
