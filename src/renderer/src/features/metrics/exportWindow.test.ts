import { describe, expect, it } from 'vitest'
import { exportResolution, metricsExport } from './exportWindow'

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

  it('are at 1 s up to six hours, and per minute for any longer range', () => {
    const hour = 3_600_000
    expect(exportResolution({ fromMs: 0, toMs: hour })).toBe('raw')
    expect(exportResolution({ fromMs: 0, toMs: 6 * hour })).toBe('raw')
    expect(exportResolution({ fromMs: 0, toMs: 6 * hour + 1 })).toBe('minute')
    expect(exportResolution({ fromMs: 0, toMs: 7 * 24 * hour })).toBe('minute')
  })
})
