import { describe, expect, it } from 'vitest'
import type { MetricSample } from '../../../../shared/protocol'
import { appendSamples, splitAtGaps } from './samples'

const sample = (seq: number, t = seq * 1000): MetricSample => ({ seq, t, cpuTotalPct: 0, memUsedBytes: 0, memTotalBytes: 0 })

describe('appendSamples', () => {
  it('adds only samples newer than the last one held', () => {
    const held = [sample(0), sample(1), sample(2)]
    const result = appendSamples(held, [sample(1), sample(2), sample(3)], 60_000)
    expect(result.map((s) => s.seq)).toEqual([0, 1, 2, 3])
  })

  it('keeps the time window and returns the same array when nothing is new', () => {
    const held = Array.from({ length: 10 }, (_, seq) => sample(seq))
    expect(appendSamples(held, [sample(10)], 3000).map((s) => s.seq)).toEqual([7, 8, 9, 10])
    expect(appendSamples(held, [sample(3)], 3000)).toBe(held)
  })
})

describe('splitAtGaps', () => {
  it('breaks the line where samples are missing', () => {
    const runs = splitAtGaps([sample(0, 0), sample(1, 1000), sample(2, 30_000), sample(3, 31_000)], 2500)
    expect(runs.map((run) => run.map((s) => s.seq))).toEqual([[0, 1], [2, 3]])
    expect(splitAtGaps([], 2500)).toEqual([])
  })
})
