import { describe, expect, it } from 'vitest'
import { buildCharts, idleNetworkChartIds, subjectsOf } from './chartCatalog'

const vmKeys = [
  'cpu_total_pct',
  'cpu_user_pct',
  'cpu_system_pct',
  'cpu_iowait_pct',
  'core0_total_pct',
  'core1_total_pct',
  'core10_total_pct',
  'core2_total_pct',
  'load_1',
  'load_5',
  'load_15',
  'mem_used_bytes',
  'mem_cached_bytes',
  'mem_buffers_bytes',
  'mem_available_bytes',
  'mem_total_bytes',
  'net_lo_rx_bytes_per_s',
  'net_lo_tx_bytes_per_s',
  'net_eth0_rx_bytes_per_s',
  'net_eth0_tx_bytes_per_s',
  'net_eth0_rx_bytes',
  'net_eth0_tx_bytes',
  'net_total_rx_bytes_per_s',
  'net_total_tx_bytes_per_s',
  'disk_vda_read_bytes_per_s',
  'disk_vda_write_bytes_per_s',
  'fs_/_used_pct',
  'fs_/_size_bytes',
]

const chartIds = (keys: string[]) => buildCharts(keys).map((chart) => chart.id)
const chartById = (keys: string[], id: string) => buildCharts(keys).find((chart) => chart.id === id)!

describe('buildCharts', () => {
  it('shows what a machine without sensors, swap or GPU has, and nothing else', () => {
    expect(chartIds(vmKeys)).toEqual(['cpu', 'cores', 'load', 'memory', 'net-total', 'net-eth0', 'net-lo', 'disk-vda'])
  })

  it('adds swap, temperatures, battery and GPUs only when their series exist', () => {
    const keys = [
      ...vmKeys,
      'swap_used_bytes',
      'swap_total_bytes',
      'temp_cpu_c',
      'battery_pct',
      'battery_charging',
      'gpu0_util_pct',
      'gpu0_temp_c',
    ]
    expect(chartIds(keys)).toEqual([
      'cpu',
      'cores',
      'load',
      'memory',
      'swap',
      'net-total',
      'net-eth0',
      'net-lo',
      'disk-vda',
      'temperature',
      'battery',
      'gpu',
    ])
    expect(chartById(keys, 'temperature').lines.map((line) => line.label)).toEqual(['cpu', 'GPU 0'])
    expect(chartById(keys, 'battery').notes.map((note) => note.key)).toEqual(['battery_charging'])
  })

  it('lists cores in natural order, each with its own colour', () => {
    const cores = chartById(vmKeys, 'cores')
    expect(cores.lines.map((line) => line.label)).toEqual(['core 0', 'core 1', 'core 2', 'core 10'])
    expect(cores.lines.map((line) => line.color)).toEqual([0, 1, 2, 2])
  })

  it('shows bytes since start beside an interface’s chart when the core sends them', () => {
    const network = buildCharts(vmKeys).filter((chart) => chart.id.startsWith('net-'))
    expect(network.map((chart) => chart.notes.length)).toEqual([0, 2, 0])
    expect(network[1]!.lines.map((line) => [line.key, line.label])).toEqual([
      ['net_eth0_rx_bytes_per_s', 'receive'],
      ['net_eth0_tx_bytes_per_s', 'send'],
    ])
  })
})

describe('subjectsOf', () => {
  it('finds mount points, which may contain underscores', () => {
    expect(
      subjectsOf(['fs_/_size_bytes', 'fs_/var/lib_x_size_bytes', 'fs_/_used_pct'], 'filesystem', 'size_bytes'),
    ).toEqual(['/', '/var/lib_x'])
  })
})

describe('idleNetworkChartIds', () => {
  it('names the interfaces with nothing received or sent, never the all-interfaces chart', () => {
    const keys = ['total', 'eth0', 'ifb0', 'wlan0'].flatMap((iface) =>
      ['rx_bytes', 'tx_bytes'].map((measure) => `net_${iface}_${measure}`),
    )
    const latest = Object.fromEntries(keys.map((key) => [key, 0]))
    latest.net_eth0_rx_bytes = 10
    latest.net_wlan0_tx_bytes = 3
    expect(idleNetworkChartIds(keys, latest)).toEqual(['net-ifb0'])
  })
})
