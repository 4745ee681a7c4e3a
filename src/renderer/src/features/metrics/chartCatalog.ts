// Which charts the dashboard shows, decided from the series the core sends: a chart exists only when its
// series do (absent sensors, swap or GPUs are hidden, never drawn as zero). Each line keeps one colour
// wherever it appears: user green, system red, receive green, send blue, core N the N-th palette colour.
import { describeSeries, totalSubject, type SeriesGroup, type SeriesUnit } from '../../../../shared/series'

/** Index into the chart palette (--series-1 … --series-8 in styles.css). */
export type PaletteIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7
const blue = 0,
  red = 1,
  amber = 2,
  green = 3,
  purple = 4,
  cyan = 5
export const paletteSize = 8

export interface ChartLine {
  key: string
  label: string
  color: PaletteIndex
  isFilled?: boolean
}

/** A number shown in a chart's header, e.g. bytes received since start; `description` says what it is. */
export interface ChartNote {
  key: string
  label: string
  description: string
  unit: SeriesUnit
}

export interface ChartSpec {
  id: string
  title: string
  unit: SeriesUnit
  lines: ChartLine[]
  notes: ChartNote[]
}

type LineTemplate = [key: string, label: string, color: PaletteIndex, isFilled?: boolean]

function chart(
  id: string,
  title: string,
  unit: SeriesUnit,
  keys: Set<string>,
  templates: LineTemplate[],
  notes: ChartNote[] = [],
): ChartSpec[] {
  const lines = templates
    .filter(([key]) => keys.has(key))
    .map(([key, label, color, isFilled]) => ({ key, label, color, isFilled }))
  return lines.length === 0 ? [] : [{ id, title, unit, lines, notes: notes.filter((note) => keys.has(note.key)) }]
}

/** Subjects (cores, interfaces, devices, mounts, sensors) that have `measure` in `group`, in display order. */
export function subjectsOf(keys: Iterable<string>, group: SeriesGroup, measure: string): string[] {
  const subjects: string[] = []
  for (const key of keys) {
    const info = describeSeries(key)
    if (info?.group === group && info.measure === measure) subjects.push(info.subject)
  }
  // Loopback is last and the machine-wide total first; the rest in natural order (core2 before core10).
  const rank = (subject: string) => (subject === totalSubject ? 0 : subject === 'lo' ? 2 : 1)
  return subjects.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true }))
}

function paletteColor(index: number): PaletteIndex {
  return (index % paletteSize) as PaletteIndex
}

function networkCharts(keys: Set<string>): ChartSpec[] {
  return subjectsOf(keys, 'network', 'rx_bytes_per_s').flatMap((iface) => {
    const key = (measure: string) => `net_${iface}_${measure}`
    const notes: ChartNote[] = [
      { key: key('rx_bytes'), label: 'total ↓', description: 'received since Vigil started', unit: 'bytes' },
      { key: key('tx_bytes'), label: 'total ↑', description: 'sent since Vigil started', unit: 'bytes' },
    ]
    const title = iface === totalSubject ? 'Network, all interfaces' : `Network ${iface}`
    return chart(
      `net-${iface}`,
      title,
      'bytes_per_s',
      keys,
      [
        [key('rx_bytes_per_s'), 'receive', green, true],
        [key('tx_bytes_per_s'), 'send', blue],
      ],
      notes,
    )
  })
}

function diskCharts(keys: Set<string>): ChartSpec[] {
  return subjectsOf(keys, 'disk', 'read_bytes_per_s').flatMap((device) =>
    chart(`disk-${device}`, `Disk ${device}`, 'bytes_per_s', keys, [
      [`disk_${device}_read_bytes_per_s`, 'read', green, true],
      [`disk_${device}_write_bytes_per_s`, 'write', amber],
    ]),
  )
}

function sensorCharts(keys: Set<string>): ChartSpec[] {
  const temperatures: LineTemplate[] = [
    ...subjectsOf(keys, 'temperature', 'c').map((sensor, index): LineTemplate => [
      `temp_${sensor}_c`,
      sensor,
      paletteColor(index),
    ]),
    ...subjectsOf(keys, 'gpu', 'temp_c').map((gpu, index): LineTemplate => [
      `gpu${gpu}_temp_c`,
      `GPU ${gpu}`,
      paletteColor(index + 4),
    ]),
  ]
  const gpus = subjectsOf(keys, 'gpu', 'util_pct')
  const batteryNotes: ChartNote[] = [
    { key: 'battery_charging', label: 'charging', description: 'whether the battery is charging', unit: 'flag' },
    { key: 'battery_time_left_s', label: 'left', description: 'time until the battery is empty', unit: 'seconds' },
  ]
  return [
    ...chart('temperature', 'Temperatures', 'celsius', keys, temperatures),
    ...chart('battery', 'Battery', 'pct', keys, [['battery_pct', 'charge', green, true]], batteryNotes),
    ...chart(
      'gpu',
      'GPU utilization',
      'pct',
      keys,
      gpus.map((gpu, index): LineTemplate => [`gpu${gpu}_util_pct`, `GPU ${gpu}`, paletteColor(index)]),
    ),
    ...chart(
      'gpu-memory',
      'GPU memory used',
      'bytes',
      keys,
      subjectsOf(keys, 'gpu', 'mem_used_bytes').map((gpu, index): LineTemplate => [
        `gpu${gpu}_mem_used_bytes`,
        `GPU ${gpu}`,
        paletteColor(index),
      ]),
    ),
  ]
}

/** Every chart the series allow, in dashboard order: CPU, memory, network, disks, sensors. */
export function buildCharts(seriesKeys: Iterable<string>): ChartSpec[] {
  const keys = new Set(seriesKeys)
  const cores = subjectsOf(keys, 'core', 'total_pct')
  return [
    ...chart('cpu', 'CPU', 'pct', keys, [
      ['cpu_total_pct', 'total', blue, true],
      ['cpu_user_pct', 'user', green],
      ['cpu_system_pct', 'system', red],
      ['cpu_iowait_pct', 'iowait', amber],
    ]),
    ...chart(
      'cores',
      'CPU per core',
      'pct',
      keys,
      cores.map((core): LineTemplate => [`core${core}_total_pct`, `core ${core}`, paletteColor(Number(core))]),
    ),
    ...chart('load', 'Load average', 'load', keys, [
      ['load_1', '1 min', blue, true],
      ['load_5', '5 min', purple],
      ['load_15', '15 min', cyan],
    ]),
    ...chart('memory', 'Memory', 'bytes', keys, [
      ['mem_used_bytes', 'used', blue, true],
      ['mem_cached_bytes', 'cached', purple],
      ['mem_buffers_bytes', 'buffers', cyan],
      ['mem_available_bytes', 'available', green],
    ]),
    ...chart(
      'swap',
      'Swap',
      'bytes',
      keys,
      [['swap_used_bytes', 'used', red, true]],
      [{ key: 'swap_total_bytes', label: 'total', description: 'swap space in all', unit: 'bytes' }],
    ),
    ...networkCharts(keys),
    ...diskCharts(keys),
    ...sensorCharts(keys),
  ]
}

/** Ids of the interface charts (not the all-interfaces one) with nothing received or sent since Vigil started. */
export function idleNetworkChartIds(keys: Iterable<string>, latest: Record<string, number>): string[] {
  return subjectsOf(keys, 'network', 'rx_bytes')
    .filter((iface) => iface !== totalSubject && latest[`net_${iface}_rx_bytes`] === 0)
    .filter((iface) => latest[`net_${iface}_tx_bytes`] === 0)
    .map((iface) => `net-${iface}`)
}
