import { describe, expect, it } from 'vitest'
import { alertableSeries, describeSeries, groupSeries, seriesKeys } from './series'

describe('series keys', () => {
  it.each([
    ['cpu_total_pct', { group: 'cpu', subject: '', measure: 'total_pct', unit: 'pct', label: 'CPU total' }],
    [seriesKeys.core(3, 'iowait_pct'), { group: 'core', subject: '3', unit: 'pct', label: 'core 3 iowait' }],
    ['load_15', { group: 'load', unit: 'load' }],
    ['mem_available_bytes', { group: 'memory', unit: 'bytes' }],
    [
      seriesKeys.net('wlp0s20f3_1', 'rx_bytes_per_s'),
      { group: 'network', subject: 'wlp0s20f3_1', unit: 'bytes_per_s', label: 'wlp0s20f3_1 receive' },
    ],
    [seriesKeys.net('eth0', 'tx_bytes'), { group: 'network', subject: 'eth0', measure: 'tx_bytes', unit: 'bytes' }],
    [seriesKeys.disk('nvme0n1', 'write_bytes_per_s'), { group: 'disk', subject: 'nvme0n1', unit: 'bytes_per_s' }],
    [
      seriesKeys.fs('/var/lib_data', 'used_pct'),
      { group: 'filesystem', subject: '/var/lib_data', measure: 'used_pct' },
    ],
    [seriesKeys.fs('/', 'free_bytes'), { group: 'filesystem', subject: '/', measure: 'free_bytes' }],
    [seriesKeys.temperature('cpu'), { group: 'temperature', subject: 'cpu', unit: 'celsius' }],
    ['battery_time_left_s', { group: 'battery', unit: 'seconds' }],
    [seriesKeys.gpu(0, 'mem_used_bytes'), { group: 'gpu', subject: '0', unit: 'bytes', label: 'GPU 0 memory used' }],
  ])('reads %s back', (key, expected) => {
    expect(describeSeries(key)).toMatchObject({ key, ...expected })
  })

  it('knows nothing of keys outside the vocabulary', () => {
    for (const key of ['', 'cpu_total', 'net__rx_bytes_per_s', 'fs_used_pct', 'mem_used', 'nonsense'])
      expect(describeSeries(key), key).toBeUndefined()
  })
})

describe('series lists', () => {
  const keys = ['mem_used_bytes', 'mem_used_pct', 'mem_total_bytes', 'cpu_total_pct', 'net_eth0_rx_bytes_per_s', 'odd']

  it('groups series in dashboard order under labels with units, unknown keys last', () => {
    expect(groupSeries(keys)).toEqual([
      { label: 'CPU', series: [{ key: 'cpu_total_pct', label: 'CPU total (%)' }] },
      {
        label: 'Memory',
        series: [
          { key: 'mem_used_bytes', label: 'memory used (bytes)' },
          { key: 'mem_used_pct', label: 'memory used (%)' },
          { key: 'mem_total_bytes', label: 'memory total (bytes)' },
        ],
      },
      { label: 'Network', series: [{ key: 'net_eth0_rx_bytes_per_s', label: 'eth0 receive (bytes/s)' }] },
      { label: 'Other', series: [{ key: 'odd', label: 'odd' }] },
    ])
  })

  it('offers alerts no series that cannot change and no second "memory used"', () => {
    expect(
      alertableSeries([...keys, 'fs_/_size_bytes', 'fs_/_used_pct', 'fs_/_used_bytes', 'swap_used_bytes']),
    ).toEqual(['mem_used_pct', 'cpu_total_pct', 'net_eth0_rx_bytes_per_s', 'odd', 'fs_/_used_pct', 'swap_used_bytes'])
  })
})
