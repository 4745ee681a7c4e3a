import { describe, expect, it } from 'vitest'
import { defaultCsvOptions, type MetricsExportRequest } from '../../shared/export'
import { createMinuteHistory, minuteMs } from '../metrics/minuteHistory'
import { createSampleHistory } from '../metrics/sampleHistory'
import type { Cell } from './csvFormat'
import { ExportSourceError } from './exportPlan'
import { planMetricsExport } from './metricsExport'

function histories(samples: number, capacity = 100) {
  const history = createSampleHistory({ capacity, maxSeries: 8 })
  const minutes = createMinuteHistory({ capacity: 10, maxSeries: 8, samples: history })
  for (let seq = 0; seq < samples; seq += 1) {
    const sample = { seq, t: seq * 30_000, values: { cpu_total_pct: seq, mem_used_bytes: 1000 + seq } }
    history.push(sample)
    minutes.follow(sample)
  }
  return { history, minutes }
}

const request = (fields: Partial<MetricsExportRequest>): MetricsExportRequest => ({
  kind: 'metrics',
  from: 0,
  to: 1e12,
  series: ['cpu_total_pct'],
  resolution: 'raw',
  csv: { ...defaultCsvOptions, timestamps: 'epoch' },
  ...fields,
})

const rowsOf = (plan: ReturnType<typeof planMetricsExport>): Cell[][] =>
  [...(plan.rows({ inputBytes: 0 }) as Iterable<Cell[][]>)].flat()

describe('metrics export plans', () => {
  it('write a minute per row with the min, average and max of each series, named with their units', () => {
    const plan = planMetricsExport(
      histories(7),
      request({ resolution: 'minute', series: ['cpu_total_pct', 'mem_used_bytes'] }),
    )
    expect(plan.columns).toEqual([
      'time_epoch_ms',
      'cpu_total_pct_min',
      'cpu_total_pct_avg',
      'cpu_total_pct_max',
      'mem_used_bytes_min',
      'mem_used_bytes_avg',
      'mem_used_bytes_max',
    ])
    expect(plan.totalRows).toBe(3)
    expect(rowsOf(plan)).toEqual([
      [0, 0, 0.5, 1, 1000, 1000.5, 1001],
      [minuteMs, 2, 2.5, 3, 1002, 1002.5, 1003],
      [2 * minuteMs, 4, 4.5, 5, 1004, 1004.5, 1005],
    ])
  })

  it('keep the columns chosen at the start: a series that appears later does not shift them', () => {
    const { history, minutes } = histories(3)
    const plan = planMetricsExport(
      { history, minutes },
      request({ series: ['mem_used_bytes', 'net_eth9_rx_bytes_per_s'] }),
    )
    history.push({ seq: 3, t: 90_000, values: { net_eth9_rx_bytes_per_s: 5, net_eth1_rx_bytes_per_s: 7 } })
    expect(plan.columns).toEqual(['time_epoch_ms', 'mem_used_bytes', 'net_eth9_rx_bytes_per_s'])
    expect(rowsOf(plan).map((row) => row.map((cell) => (Number.isNaN(cell) ? 'empty' : cell)))).toEqual([
      [0, 1000, 'empty'],
      [30_000, 1001, 'empty'],
      [60_000, 1002, 'empty'],
    ])
  })

  it('hand rows over in batches of at most 4,096 cells, so more series make shorter batches', () => {
    const batchShapes = (series: string[]) => {
      const plan = planMetricsExport(histories(3000, 3000), request({ series }))
      return [...(plan.rows({ inputBytes: 0 }) as Iterable<Cell[][]>)].map((batch) => ({
        rows: batch.length,
        cells: batch.length * plan.columns.length,
      }))
    }
    const narrow = batchShapes(['cpu_total_pct'])
    const wide = batchShapes(['cpu_total_pct', 'mem_used_bytes'])
    expect(narrow.map((batch) => batch.rows)).toEqual([2048, 952])
    expect(wide.map((batch) => batch.rows)).toEqual([1365, 1365, 270])
    expect([...narrow, ...wide].every((batch) => batch.cells <= 4096)).toBe(true)
  })

  it('stop with a reason when the live history overwrote rows the export had not reached yet', () => {
    const { history, minutes } = histories(10, 10)
    const plan = planMetricsExport({ history, minutes }, request({}))
    for (let seq = 10; seq < 20; seq += 1) history.push({ seq, t: seq * 30_000, values: { cpu_total_pct: seq } })
    expect(() => rowsOf(plan)).toThrow(ExportSourceError)
  })
})
