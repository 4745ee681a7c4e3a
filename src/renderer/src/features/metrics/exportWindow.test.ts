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

  it('are per minute for the minute window and for any range longer than a day, at 1 s otherwise', () => {
    const day = 86_400_000
    expect(exportResolution({ fromMs: 0, toMs: 3_600_000 }, false)).toBe('raw')
    expect(exportResolution({ fromMs: 0, toMs: day }, false)).toBe('raw')
    expect(exportResolution({ fromMs: 0, toMs: 7 * day }, false)).toBe('minute')
    expect(exportResolution({ fromMs: 0, toMs: day }, true)).toBe('minute')
  })
})
