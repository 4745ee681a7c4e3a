// The Hosts view's wire contract: Prometheus servers the user added (credentials never included: the page
// only learns which kind of authentication a server uses), the hosts a server scrapes, and one host's
// series over a window, computed by the core with PromQL range queries.

export const fleetRoutes = {
  servers: '/api/fleet/servers',
  targets: '/api/fleet/targets',
  host: '/api/fleet/host',
} as const

/** How Vigil authenticates to a Prometheus server, as the page sees it: never the secret itself. */
export type ServerAuthView = { kind: 'none' } | { kind: 'bearer' } | { kind: 'basic'; username: string }

export interface PrometheusServerView {
  id: string
  name: string
  /** The base URL the API lives under, e.g. https://prometheus.example:9090 or …/prometheus. */
  url: string
  auth: ServerAuthView
}

/** What the user gives: the secret goes to the secret store, the rest to prometheus-servers.json. */
export type ServerAuthInput =
  { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string }

export interface ServerDraft {
  name: string
  url: string
  auth: ServerAuthInput
  /** Where secrets cannot be encrypted (browser mode), the core stores credentials only with this consent. */
  acceptWeakStorage?: boolean
}

/** An update: `auth` left out keeps the stored credentials (only while the URL's origin stays the same). */
export interface ServerUpdate {
  name: string
  url: string
  auth?: ServerAuthInput
  acceptWeakStorage?: boolean
}

/** What a target looks like: a node_exporter, a Vigil core, or something else Prometheus scrapes. */
export type TargetKind = 'node' | 'vigil' | 'other'

export interface FleetTarget {
  job: string
  instance: string
  health: 'up' | 'down' | 'unknown'
  /** Prometheus's last scrape error, empty when the last scrape worked. */
  lastError: string
  /** Epoch ms of the last scrape; undefined before the first. */
  lastScrapeMs?: number
  kind: TargetKind
}

export interface FleetTargets {
  targets: FleetTarget[]
}

/** The windows the Hosts view offers, each with its query step: at most `maxHostPoints` points a series. */
export const hostWindows = [
  { id: '1h', label: '1 h', seconds: 3600 },
  { id: '6h', label: '6 h', seconds: 6 * 3600 },
  { id: '24h', label: '24 h', seconds: 86_400 },
  { id: '7d', label: '7 d', seconds: 7 * 86_400 },
] as const

export type HostWindowId = (typeof hostWindows)[number]['id']

/** The most points a series of one host answer holds. */
export const maxHostPoints = 360

/** Steps a query may use, in seconds: round ones, so points fall on the same times from one refresh to the next. */
const niceStepsSeconds = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400]

/** The smallest round step that keeps a window within maxHostPoints: 1 h → 15 s, 24 h → 5 min, 7 d → 30 min. */
export function stepSecondsFor(windowSeconds: number): number {
  const least = windowSeconds / maxHostPoints
  return niceStepsSeconds.find((step) => step >= least) ?? niceStepsSeconds.at(-1)!
}

/** The charts of a host; `fs` holds one series per mount point. */
export type HostChartId = 'cpu' | 'memory' | 'network' | 'disk' | 'fs'

export interface HostSeries {
  /** 'cpu', 'memory.used', 'memory.available', 'network.rx', 'network.tx', 'disk.read', 'disk.write', 'fs:<mount>'. */
  key: string
  chart: HostChartId
  label: string
  /** One value per time of HostSeriesAnswer.t; null where Prometheus had none. */
  values: (number | null)[]
}

export interface HostSeriesAnswer {
  instance: string
  window: HostWindowId
  stepSeconds: number
  /** Epoch ms of each point, `stepSeconds` apart. */
  t: number[]
  series: HostSeries[]
  /** Charts with no data at all: the host lacks those node_exporter metrics (all five: no node_exporter there). */
  missing: HostChartId[]
}

/**
 * Why a server's answer could not be used, in an `upstream_failed` error's details, so the page can say
 * what to do: the server is down or slow, the URL is not Prometheus, the credentials are refused, the
 * query failed (Prometheus's own message), or the answer was larger than Vigil reads.
 */
export type UpstreamProblem =
  'unreachable' | 'timeout' | 'not_prometheus' | 'unauthorized' | 'query_failed' | 'too_large'

export function findHostWindow(id: HostWindowId): (typeof hostWindows)[number] {
  return hostWindows.find((window) => window.id === id)!
}

/** The series an alert rule may watch on a remote host: the Hosts view's CPU and memory, under Vigil's own keys. */
export const hostAlertSeriesKeys = ['cpu_total_pct', 'mem_used_pct'] as const

export type HostAlertSeriesKey = (typeof hostAlertSeriesKeys)[number]

/** The remote host a rule watches: a target of a Prometheus server the Hosts view knows. */
export interface AlertHost {
  serverId: string
  instance: string
}

/**
 * How a rule on a remote host last read: `ok` with its value; `missing` when the server answered without
 * the series; `failed` when the server could not be asked (unreachable, refused, too slow), with its problem.
 * A rule in any state but `ok` neither starts nor ends an episode.
 */
export type HostRuleState =
  | { state: 'pending' }
  | { state: 'ok'; value: number; at: number }
  | { state: 'missing'; message: string; at: number }
  | { state: 'failed'; problem?: UpstreamProblem; message: string; at: number }
