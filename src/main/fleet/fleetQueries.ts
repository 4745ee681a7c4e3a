// What the Hosts view asks a Prometheus server, over prometheusClient: the targets it scrapes (each
// marked node_exporter, Vigil or other by the series it has, and the job's name as a fallback), and
// one host's chart series over a window, on a fixed grid of times `step` apart.
import type {
  FleetTarget,
  HostChartId,
  HostSeries,
  HostSeriesAnswer,
  HostWindowId,
  TargetKind,
  HostAlertSeriesKey,
} from '../../shared/fleet'
import { findHostWindow, stepSecondsFor } from '../../shared/fleet'
import { prometheusGet, type ClientLimits, type PrometheusConnection } from './prometheusClient'
import { hostAlertQuery, hostQueries, nodeExporterTargets, vigilTargets } from './promql'

/** The parts of /api/v1/targets' answer the view uses (prometheus/docs querying/api, "Targets"). */
interface ActiveTarget {
  labels?: Record<string, string>
  health?: string
  lastError?: string
  lastScrape?: string
}

/** A vector or matrix result: one entry per series. */
interface ResultSeries {
  metric: Record<string, string>
  value?: [number, string]
  values?: [number, string][]
}

const targetKey = (job: string, instance: string) => `${job}\u0000${instance}`

async function seriesOf(connection: PrometheusConnection, query: string, limits: ClientLimits): Promise<Set<string>> {
  const data = (await prometheusGet(connection, '/api/v1/query', { query }, limits)) as { result?: ResultSeries[] }
  return new Set((data.result ?? []).map(({ metric }) => targetKey(metric.job ?? '', metric.instance ?? '')))
}

function kindOf(key: string, job: string, nodes: Set<string>, vigils: Set<string>): TargetKind {
  if (vigils.has(key)) return 'vigil'
  if (nodes.has(key)) return 'node'
  if (/vigil/i.test(job)) return 'vigil'
  return /node/i.test(job) ? 'node' : 'other'
}

export async function listTargets(connection: PrometheusConnection, limits: ClientLimits): Promise<FleetTarget[]> {
  const [answer, nodes, vigils] = await Promise.all([
    prometheusGet(connection, '/api/v1/targets', { state: 'active' }, limits),
    seriesOf(connection, nodeExporterTargets, limits),
    seriesOf(connection, vigilTargets, limits),
  ])
  const active = (answer as { activeTargets?: ActiveTarget[] }).activeTargets ?? []
  return active.map((target): FleetTarget => {
    const job = target.labels?.job ?? ''
    const instance = target.labels?.instance ?? ''
    const lastScrapeMs = target.lastScrape ? Date.parse(target.lastScrape) : NaN
    return {
      job,
      instance,
      health: target.health === 'up' || target.health === 'down' ? target.health : 'unknown',
      lastError: target.lastError ?? '',
      // Prometheus reports a target never scraped with the zero time, 0001-01-01.
      ...(lastScrapeMs > 0 ? { lastScrapeMs } : {}),
      kind: kindOf(targetKey(job, instance), job, nodes, vigils),
    }
  })
}

/** The most file systems one host answer charts: the fullest ones, as `topk` keeps them. */
const maxFileSystems = 8

/** Values of a matrix series placed on the grid; null where it has no point. */
function onGrid(points: [number, string][], startSeconds: number, stepSeconds: number, length: number) {
  const values = new Array<number | null>(length).fill(null)
  for (const [time, text] of points) {
    const index = Math.round((time - startSeconds) / stepSeconds)
    const value = Number(text)
    if (index >= 0 && index < length && Number.isFinite(value)) values[index] = value
  }
  return values
}

export async function hostSeries(
  connection: PrometheusConnection,
  instance: string,
  windowId: HostWindowId,
  limits: ClientLimits,
  nowMs = Date.now(),
): Promise<HostSeriesAnswer> {
  const stepSeconds = stepSecondsFor(findHostWindow(windowId).seconds)
  // Ends on a step boundary, so the same times come back from one refresh to the next.
  const endSeconds = Math.floor(nowMs / 1000 / stepSeconds) * stepSeconds
  const startSeconds = endSeconds - findHostWindow(windowId).seconds
  const length = (endSeconds - startSeconds) / stepSeconds + 1
  const range = { start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) }
  const queries = hostQueries(instance, stepSeconds)
  const results = await Promise.all(
    queries.map(async (query) => {
      const promql = query.key === 'fs' ? `topk(${maxFileSystems}, ${query.promql})` : query.promql
      const data = (await prometheusGet(connection, '/api/v1/query_range', { query: promql, ...range }, limits)) as {
        result?: ResultSeries[]
      }
      return { query, result: data.result ?? [] }
    }),
  )
  const series: HostSeries[] = results.flatMap(({ query, result }) =>
    result.map((entry): HostSeries => ({
      key: query.key === 'fs' ? `fs:${entry.metric.mountpoint ?? ''}` : query.key,
      chart: query.chart,
      label: query.key === 'fs' ? (entry.metric.mountpoint ?? '?') : query.label,
      values: onGrid(entry.values ?? [], startSeconds, stepSeconds, length),
    })),
  )
  const charts: HostChartId[] = ['cpu', 'memory', 'network', 'disk', 'fs']
  return {
    instance,
    window: windowId,
    stepSeconds,
    t: Array.from({ length }, (_, index) => (startSeconds + index * stepSeconds) * 1000),
    series,
    missing: charts.filter((chart) => !series.some((entry) => entry.chart === chart)),
  }
}

/** One alert series of one host now, by instant query; undefined when the server has no such series. */
export async function hostValue(
  connection: PrometheusConnection,
  instance: string,
  seriesKey: HostAlertSeriesKey,
  limits: ClientLimits,
): Promise<number | undefined> {
  const query = hostAlertQuery(seriesKey, instance)
  const data = (await prometheusGet(connection, '/api/v1/query', { query }, limits)) as { result?: ResultSeries[] }
  const value = Number(data.result?.[0]?.value?.[1])
  return Number.isFinite(value) ? value : undefined
}
