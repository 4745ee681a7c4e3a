import { describe, expect, it } from 'vitest'
import type { MachineInfo, ProcessList } from '../../../../shared/protocol'
import { buildMetricsSummary, summaryProcessCount } from './summary'

const machine: MachineInfo = {
  hostname: 'vm',
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: 'x64',
  cpuModel: 'AMD EPYC',
  cores: 2,
  memTotalBytes: 8 * 1024 ** 3,
  bootTime: Date.UTC(2026, 0, 1, 0, 0, 0),
  fileSystems: [{ mount: '/', device: '/dev/vda', type: 'ext4' }],
}
const range = { fromMs: Date.UTC(2026, 0, 2, 10, 0, 0), toMs: Date.UTC(2026, 0, 2, 10, 5, 0) }
const processes: ProcessList = {
  t: range.toMs,
  total: 70,
  matched: 70,
  sort: 'cpu',
  processes: Array.from({ length: 12 }, (_, index) => ({
    pid: 100 + index,
    ppid: 1,
    name: `worker-${index}`,
    user: 'root',
    cpuPct: 50 - index,
    memBytes: 1024 ** 2 * (index + 1),
    state: 'running',
  })),
}

const stats = new Map([
  ['cpu_total_pct', { min: 1, avg: 12.34, max: 97.5, last: 20 }],
  ['core0_total_pct', { min: 0, avg: 10, max: 100, last: 3 }],
  ['core0_user_pct', { min: 0, avg: 8, max: 90, last: 2 }],
  ['mem_used_bytes', { min: 1024 ** 3, avg: 1.5 * 1024 ** 3, max: 2 * 1024 ** 3, last: 1024 ** 3 }],
  ['mem_total_bytes', { min: 8 * 1024 ** 3, avg: 8 * 1024 ** 3, max: 8 * 1024 ** 3, last: 8 * 1024 ** 3 }],
  ['net_eth0_rx_bytes_per_s', { min: 0, avg: 2048, max: 4096, last: 0 }],
  ['net_eth0_rx_bytes', { min: 0, avg: 5000, max: 10 * 1024 ** 2, last: 10 * 1024 ** 2 }],
  ['load_1', { min: 0.5, avg: 0.75, max: 1, last: 1 }],
  ['unknown_series', { min: 0, avg: 0, max: 0, last: 0 }],
])

describe('buildMetricsSummary', () => {
  const text = buildMetricsSummary({ windowLabel: '5 min', range, machine, stats, processes })

  it('names the window with exact times and the machine', () => {
    expect(text).toMatch(/^Metrics of vm over 5 min, from 2026-01-02T10:00:00.000Z to 2026-01-02T10:05:00.000Z\.\n/)
    expect(text).toContain('  vm: Debian GNU/Linux 12, kernel 6.1.0 (x64)\n')
    expect(text).toContain('  CPU AMD EPYC, 2 cores; memory 8.00 GiB; up 1 d 10 h\n')
  })

  it('gives min / avg / max of each series with its unit, grouped in dashboard order', () => {
    const series = text.slice(text.indexOf('Series over the window'), text.indexOf('Top processes'))
    expect(series).toBe(
      [
        'Series over the window (min / avg / max)',
        '  CPU',
        '    CPU total: 1.0 % / 12.3 % / 97.5 %',
        '  Per core',
        '    core 0 total: 0.0 % / 10.0 % / 100.0 %',
        '  Load average',
        '    load 1 min: 0.50 / 0.75 / 1.00',
        '  Memory',
        '    memory used: 1.00 GiB / 1.50 GiB / 2.00 GiB',
        '    memory total: 8.00 GiB throughout',
        '  Network',
        '    eth0 receive: 0 B/s / 2.00 KiB/s / 4.00 KiB/s',
        '    eth0 received since start: 10.0 MiB at the end',
        '',
        '',
      ].join('\n'),
    )
  })

  it('lists the busiest processes in aligned columns', () => {
    const lines = text.slice(text.indexOf('Top processes')).split('\n')
    expect(lines[0]).toBe('Top processes by CPU at 2026-01-02T10:05:00.000Z (70 processes in all)')
    expect(lines[1]).toBe('  pid  name      user  CPU     memory    state')
    expect(lines[2]).toBe('  100  worker-0  root  50.0 %  1.00 MiB  running')
    expect(lines).toHaveLength(2 + summaryProcessCount)
  })

  it('says what was not available rather than leaving it out silently', () => {
    const bare = buildMetricsSummary({
      windowLabel: '1 min',
      range,
      machine: undefined,
      stats: new Map(),
      processes: undefined,
    })
    expect(bare.split('\n\n')).toEqual([
      'Metrics over 1 min, from 2026-01-02T10:00:00.000Z to 2026-01-02T10:05:00.000Z.',
      'Machine information was not available.',
      'No samples in this window.',
      'The process list was not available.',
    ])
  })
})
