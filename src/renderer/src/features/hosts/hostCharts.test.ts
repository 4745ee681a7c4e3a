import { describe, expect, it } from 'vitest'
import type { HostSeriesAnswer } from '../../../../shared/fleet'
import { chartsSignature, hostChartData, hostChartSpecs } from './hostCharts'

const answer = (series: HostSeriesAnswer['series']): HostSeriesAnswer => ({
  instance: 'h:9100',
  window: '1h',
  stepSeconds: 15,
  t: [0, 15_000, 30_000],
  series,
  missing: [],
})

describe('hostChartSpecs', () => {
  it('makes a chart per group that has series, in the view’s order, with the units of each', () => {
    const specs = hostChartSpecs(
      answer([
        { key: 'fs:/', chart: 'fs', label: '/', values: [50, 50, 51] },
        { key: 'cpu', chart: 'cpu', label: 'CPU', values: [1, 2, 3] },
        { key: 'network.rx', chart: 'network', label: 'Receive', values: [10, null, 30] },
      ]),
    )
    expect(specs.map((spec) => [spec.id, spec.unit])).toEqual([
      ['host-cpu', 'pct'],
      ['host-network', 'bytes_per_s'],
      ['host-fs', 'pct'],
    ])
    expect(specs[2]!.lines).toEqual([{ key: 'fs:/', label: '/', color: 0, isFilled: false }])
  })

  it('makes no chart for a host without series', () => {
    expect(hostChartSpecs(answer([]))).toEqual([])
  })
})

describe('hostChartData', () => {
  it('gives the times and one column per line, all nulls for a line the answer lacks', () => {
    const data = answer([{ key: 'cpu', chart: 'cpu', label: 'CPU', values: [1, null, 3] }])
    const [spec] = hostChartSpecs(data)
    const withMissingLine = { ...spec!, lines: [...spec!.lines, { key: 'gone', label: 'Gone', color: 1 as const }] }
    expect(hostChartData(data, withMissingLine)).toEqual([
      [0, 15_000, 30_000],
      [1, null, 3],
      [null, null, null],
    ])
  })
})

describe('chartsSignature', () => {
  it('changes with the series keys, not with their values', () => {
    const first = answer([{ key: 'cpu', chart: 'cpu', label: 'CPU', values: [1, 2, 3] }])
    const later = answer([{ key: 'cpu', chart: 'cpu', label: 'CPU', values: [4, 5, 6] }])
    const more = answer([...first.series, { key: 'disk.read', chart: 'disk', label: 'Read', values: [0, 0, 0] }])
    expect(chartsSignature(later)).toBe(chartsSignature(first))
    expect(chartsSignature(more)).not.toBe(chartsSignature(first))
  })
})
