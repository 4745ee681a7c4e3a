// The metric series vocabulary. A series key names one number that changes over time, with its unit in
// the name (`cpu_total_pct`, `net_eth0_rx_bytes_per_s`, `fs_/home_used_pct`): the same key is a chart
// line, an alert's subject, a row of an AI summary and a CSV column. describeSeries() reads any key back.

/** `lines_per_s`: log lines a second (the log-rate charts, counted by the recorder). */
export type SeriesUnit =
  'pct' | 'bytes' | 'bytes_per_s' | 'load' | 'mhz' | 'celsius' | 'seconds' | 'flag' | 'lines_per_s'

export type SeriesGroup =
  'cpu' | 'core' | 'load' | 'memory' | 'swap' | 'network' | 'disk' | 'filesystem' | 'temperature' | 'battery' | 'gpu'

export interface SeriesInfo {
  key: string
  group: SeriesGroup
  /** What the series is about: a core number, an interface, a device, a mount point; '' for machine-wide series. */
  subject: string
  /** What is measured, e.g. "rx", "used", "total". */
  measure: string
  unit: SeriesUnit
  label: string
}

interface Pattern {
  group: SeriesGroup
  prefix: string
  /** Measures that may follow the subject, each with its unit and label. */
  measures: Record<string, { unit: SeriesUnit; label: string }>
  /** Machine-wide series have no subject between prefix and measure. */
  hasSubject: boolean
}

const patterns: Pattern[] = [
  {
    group: 'cpu',
    prefix: 'cpu_',
    hasSubject: false,
    measures: {
      total_pct: { unit: 'pct', label: 'CPU total' },
      user_pct: { unit: 'pct', label: 'CPU user' },
      system_pct: { unit: 'pct', label: 'CPU system' },
      iowait_pct: { unit: 'pct', label: 'CPU iowait' },
    },
  },
  {
    group: 'core',
    prefix: 'core',
    hasSubject: true,
    measures: {
      total_pct: { unit: 'pct', label: 'total' },
      user_pct: { unit: 'pct', label: 'user' },
      system_pct: { unit: 'pct', label: 'system' },
      iowait_pct: { unit: 'pct', label: 'iowait' },
      freq_mhz: { unit: 'mhz', label: 'frequency' },
    },
  },
  {
    group: 'load',
    prefix: 'load_',
    hasSubject: false,
    measures: {
      '1': { unit: 'load', label: 'load 1 min' },
      '5': { unit: 'load', label: 'load 5 min' },
      '15': { unit: 'load', label: 'load 15 min' },
    },
  },
  {
    group: 'memory',
    prefix: 'mem_',
    hasSubject: false,
    measures: {
      used_bytes: { unit: 'bytes', label: 'memory used' },
      cached_bytes: { unit: 'bytes', label: 'memory cached' },
      buffers_bytes: { unit: 'bytes', label: 'memory buffers' },
      available_bytes: { unit: 'bytes', label: 'memory available' },
      total_bytes: { unit: 'bytes', label: 'memory total' },
      used_pct: { unit: 'pct', label: 'memory used' },
    },
  },
  {
    group: 'swap',
    prefix: 'swap_',
    hasSubject: false,
    measures: {
      used_bytes: { unit: 'bytes', label: 'swap used' },
      total_bytes: { unit: 'bytes', label: 'swap total' },
    },
  },
  {
    group: 'network',
    prefix: 'net_',
    hasSubject: true,
    measures: {
      rx_bytes_per_s: { unit: 'bytes_per_s', label: 'receive' },
      tx_bytes_per_s: { unit: 'bytes_per_s', label: 'send' },
      rx_bytes: { unit: 'bytes', label: 'received since start' },
      tx_bytes: { unit: 'bytes', label: 'sent since start' },
    },
  },
  {
    group: 'disk',
    prefix: 'disk_',
    hasSubject: true,
    measures: {
      read_bytes_per_s: { unit: 'bytes_per_s', label: 'read' },
      write_bytes_per_s: { unit: 'bytes_per_s', label: 'write' },
    },
  },
  {
    group: 'filesystem',
    prefix: 'fs_',
    hasSubject: true,
    measures: {
      used_pct: { unit: 'pct', label: 'used' },
      free_pct: { unit: 'pct', label: 'free' },
      used_bytes: { unit: 'bytes', label: 'used' },
      free_bytes: { unit: 'bytes', label: 'free' },
      size_bytes: { unit: 'bytes', label: 'size' },
    },
  },
  {
    group: 'temperature',
    prefix: 'temp_',
    hasSubject: true,
    measures: { c: { unit: 'celsius', label: 'temperature' } },
  },
  {
    group: 'battery',
    prefix: 'battery_',
    hasSubject: false,
    measures: {
      pct: { unit: 'pct', label: 'battery charge' },
      charging: { unit: 'flag', label: 'charging' },
      time_left_s: { unit: 'seconds', label: 'battery time left' },
    },
  },
  {
    group: 'gpu',
    prefix: 'gpu',
    hasSubject: true,
    measures: {
      util_pct: { unit: 'pct', label: 'utilization' },
      mem_used_bytes: { unit: 'bytes', label: 'memory used' },
      temp_c: { unit: 'celsius', label: 'temperature' },
    },
  },
]

/** The group's own word for its subject, for labels: "core 1", "eth0", "/home". */
function subjectLabel(group: SeriesGroup, subject: string): string {
  if (group === 'core' || group === 'gpu') return `${group === 'core' ? 'core' : 'GPU'} ${subject}`
  return subject
}

export function describeSeries(key: string): SeriesInfo | undefined {
  for (const pattern of patterns) {
    if (!key.startsWith(pattern.prefix)) continue
    const rest = key.slice(pattern.prefix.length)
    for (const [measure, { unit, label }] of Object.entries(pattern.measures)) {
      if (!pattern.hasSubject) {
        if (rest === measure) return { key, group: pattern.group, subject: '', measure, unit, label }
        continue
      }
      // The subject itself may contain underscores (wlp0s20f3_1, /var/lib_x): the measure is the suffix.
      const suffix = `_${measure}`
      if (rest.length > suffix.length && rest.endsWith(suffix)) {
        const subject = rest.slice(0, -suffix.length)
        return {
          key,
          group: pattern.group,
          subject,
          measure,
          unit,
          label: `${subjectLabel(pattern.group, subject)} ${label}`,
        }
      }
    }
  }
  return undefined
}

export const seriesKeys = {
  core: (index: number, measure: 'total_pct' | 'user_pct' | 'system_pct' | 'iowait_pct' | 'freq_mhz') =>
    `core${index}_${measure}`,
  net: (iface: string, measure: 'rx_bytes_per_s' | 'tx_bytes_per_s' | 'rx_bytes' | 'tx_bytes') =>
    `net_${iface}_${measure}`,
  disk: (device: string, measure: 'read_bytes_per_s' | 'write_bytes_per_s') => `disk_${device}_${measure}`,
  fs: (mount: string, measure: 'used_pct' | 'free_pct' | 'used_bytes' | 'free_bytes' | 'size_bytes') =>
    `fs_${mount}_${measure}`,
  temperature: (sensor: string) => `temp_${sensor}_c`,
  gpu: (index: number, measure: 'util_pct' | 'mem_used_bytes' | 'temp_c') => `gpu${index}_${measure}`,
}

/** The subject that sums all interfaces. */
export const totalSubject = 'total'

/** Each group's title, for grouped lists of series and summaries. */
export const seriesGroupTitles: Record<SeriesGroup, string> = {
  cpu: 'CPU',
  core: 'Per core',
  load: 'Load average',
  memory: 'Memory',
  swap: 'Swap',
  network: 'Network',
  disk: 'Disks',
  filesystem: 'File systems',
  temperature: 'Temperatures',
  battery: 'Battery',
  gpu: 'GPU',
}

const unitLabels: Record<SeriesUnit, string> = {
  pct: '%',
  bytes: 'bytes',
  bytes_per_s: 'bytes/s',
  load: 'load',
  mhz: 'MHz',
  celsius: '°C',
  seconds: 's',
  flag: 'yes/no',
  lines_per_s: 'lines/s',
}

/** A series' label with its unit, for lists of series: "memory used (%)", "eth0 receive (bytes/s)". */
export function seriesLabelWithUnit(info: SeriesInfo): string {
  return info.unit === 'load' ? info.label : `${info.label} (${unitLabels[info.unit]})`
}

/** Series of one group, for a grouped list; keys describeSeries() cannot read go in a last group, "Other". */
export interface SeriesGroupList {
  label: string
  series: { key: string; label: string }[]
}

/** `keys` grouped (CPU, cores, load, memory, …) in that order, each with its label and unit. */
export function groupSeries(keys: Iterable<string>): SeriesGroupList[] {
  const byGroup = new Map<string, SeriesGroupList>()
  const add = (label: string, key: string, seriesLabel: string) => {
    const list = byGroup.get(label) ?? { label, series: [] }
    list.series.push({ key, label: seriesLabel })
    byGroup.set(label, list)
  }
  const unknown: string[] = []
  for (const key of keys) {
    const info = describeSeries(key)
    if (info) add(seriesGroupTitles[info.group], key, seriesLabelWithUnit(info))
    else unknown.push(key)
  }
  const order = Object.values(seriesGroupTitles)
  const groups = [...byGroup.values()].sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label))
  return unknown.length === 0
    ? groups
    : [...groups, { label: 'Other', series: unknown.map((key) => ({ key, label: key })) }]
}

/** Measures that are fixed by the hardware or the file system: they never cross a threshold. */
const fixedMeasures = new Set(['total_bytes', 'size_bytes'])

/**
 * The series an alert rule can watch, from `keys`: none that cannot change (memory total, a file system's size),
 * and of two that measure the same thing (memory used in bytes and in %), only the percentage.
 */
export function alertableSeries(keys: readonly string[]): string[] {
  const infos = keys.flatMap((key) => describeSeries(key) ?? [])
  const hasPercentTwin = (info: SeriesInfo) =>
    info.unit !== 'pct' &&
    infos.some((other) => other.unit === 'pct' && other.group === info.group && other.label === info.label)
  const dropped = new Set(
    infos.filter((info) => fixedMeasures.has(info.measure) || hasPercentTwin(info)).map((info) => info.key),
  )
  return keys.filter((key) => !dropped.has(key))
}
