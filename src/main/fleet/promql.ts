// The PromQL the Hosts view sends, over node_exporter's metric names (which Vigil's own /metrics shares):
// one query per chart line, each pinned to one instance by an exact label match. Label values are
// escaped as PromQL string literals (prometheus/docs querying/basics: "PromQL follows the same escaping
// rules as Go", in double quotes: backslash, double quote and line breaks must be escaped), so an
// instance name can never end the selector and add a query of its own.
import type { HostAlertSeriesKey, HostChartId } from '../../shared/fleet'

/** A PromQL double-quoted string holding exactly `value`. */
export function promqlString(value: string): string {
  let quoted = '"'
  for (const character of value) {
    if (character === '\\') quoted += '\\\\'
    else if (character === '"') quoted += '\\"'
    else if (character === '\n') quoted += '\\n'
    else if (character === '\r') quoted += '\\r'
    else if (character === '\t') quoted += '\\t'
    else quoted += character
  }
  return `${quoted}"`
}

/**
 * The range a rate() looks back over at this step: at least two steps (so no sample falls between two
 * points) and at least a minute (four scrapes at Prometheus's default 15 s interval).
 */
export function rateRangeSeconds(stepSeconds: number): number {
  return Math.max(2 * stepSeconds, 60)
}

export interface HostQuery {
  /** HostSeries.key, or 'fs' for the one query whose series are the mount points. */
  key: string
  chart: HostChartId
  label: string
  promql: string
}

/** Pseudo and in-memory file systems: not where a host runs out of disk. */
const ignoredFileSystems = 'tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|autofs|fuse\\..*'

/** The queries for one host's charts at this step. */
export function hostQueries(instance: string, stepSeconds: number): HostQuery[] {
  const host = `instance=${promqlString(instance)}`
  const range = `[${rateRangeSeconds(stepSeconds)}s]`
  const rate = (metric: string, extra = '') => `sum(rate(${metric}{${host}${extra}}${range}))`
  const fileSystems = `${host},fstype!~${promqlString(ignoredFileSystems)}`
  return [
    {
      key: 'cpu',
      chart: 'cpu',
      label: 'CPU',
      promql: `100 * ${rate('node_cpu_seconds_total', ',mode!="idle"')} / ${rate('node_cpu_seconds_total')}`,
    },
    {
      key: 'memory.used',
      chart: 'memory',
      label: 'Used',
      promql: `node_memory_MemTotal_bytes{${host}} - node_memory_MemAvailable_bytes{${host}}`,
    },
    {
      key: 'memory.available',
      chart: 'memory',
      label: 'Available',
      promql: `node_memory_MemAvailable_bytes{${host}}`,
    },
    {
      key: 'network.rx',
      chart: 'network',
      label: 'Receive',
      promql: rate('node_network_receive_bytes_total', ',device!="lo"'),
    },
    {
      key: 'network.tx',
      chart: 'network',
      label: 'Send',
      promql: rate('node_network_transmit_bytes_total', ',device!="lo"'),
    },
    { key: 'disk.read', chart: 'disk', label: 'Read', promql: rate('node_disk_read_bytes_total') },
    { key: 'disk.write', chart: 'disk', label: 'Write', promql: rate('node_disk_written_bytes_total') },
    {
      key: 'fs',
      chart: 'fs',
      label: 'Used',
      promql:
        `100 * (1 - max by (mountpoint) (node_filesystem_avail_bytes{${fileSystems}})` +
        ` / max by (mountpoint) (node_filesystem_size_bytes{${fileSystems}}))`,
    },
  ]
}

/** The rate() range of an alert's instant query: a minute, as the 1 h window's charts use. */
const alertRateRange = '[60s]'

/** The instant query for one alert series on one host: the same numbers the Hosts view charts, as a single value. */
export function hostAlertQuery(seriesKey: HostAlertSeriesKey, instance: string): string {
  const host = `instance=${promqlString(instance)}`
  if (seriesKey === 'mem_used_pct')
    return `100 * (1 - node_memory_MemAvailable_bytes{${host}} / node_memory_MemTotal_bytes{${host}})`
  const busy = `sum(rate(node_cpu_seconds_total{${host},mode!="idle"}${alertRateRange}))`
  return `100 * ${busy} / sum(rate(node_cpu_seconds_total{${host}}${alertRateRange}))`
}

/** node_exporter's build information: a target that has it is a node_exporter. */
export const nodeExporterTargets = 'group by (job, instance) (node_exporter_build_info)'

/** Any vigil_* series: a target that has one is a Vigil core. */
export const vigilTargets = 'group by (job, instance) ({__name__=~"vigil_.+"})'
