import { describe, expect, it } from 'vitest'
import { metricsExport } from './exportWindow'

describe('metrics exports', () => {
  it('take the span in whole milliseconds, rounded outwards, and each series once in the order given', () => {
    expect(
      metricsExport({ fromMs: 1000.4, toMs: 61_000.2 }, ['cpu_total_pct', 'mem_used_bytes', 'cpu_total_pct'], 'raw'),
    ).toEqual({
      kind: 'metrics',
      from: 1000,
      to: 61_001,
      series: ['cpu_total_pct', 'mem_used_bytes'],
      resolution: 'raw',
    })
  })
})
