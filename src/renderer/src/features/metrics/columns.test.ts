import { describe, expect, it } from 'vitest'
import type { MetricSample } from '../../../../shared/protocol'
import {
  appendSamples,
  columnsFromHistory,
  createColumns,
  estimateIntervalMs,
  trimBatchRows,
  withGapRows,
} from './columns'

const sample = (seq: number, t: number, values: Record<string, number> = { cpu_total_pct: seq }): MetricSample => ({
  seq,
  t,
  values,
})
const hour = 3_600_000

describe('appendSamples', () => {
  it('adds only samples newer than the last one held, each series in its own column', () => {
    const columns = createColumns()
    appendSamples(columns, [sample(0, 1000), sample(1, 2000)], hour)
    const result = appendSamples(columns, [sample(1, 2000), sample(2, 3000)], hour)
    expect(result).toEqual({ isChanged: true, haveKeysChanged: false })
    expect(columns.t).toEqual([1000, 2000, 3000])
    expect(columns.values.get('cpu_total_pct')).toEqual([0, 1, 2])
    expect(appendSamples(columns, [sample(2, 3000)], hour).isChanged).toBe(false)
  })

  it('fills a series that appears late, or misses a sample, with nulls', () => {
    const columns = createColumns()
    appendSamples(columns, [sample(0, 1000, { a: 1 })], hour)
    expect(appendSamples(columns, [sample(1, 2000, { a: 2, b: 5 })], hour).haveKeysChanged).toBe(true)
    appendSamples(columns, [sample(2, 3000, { b: 6 })], hour)
    expect(columns.values.get('a')).toEqual([1, 2, null])
    expect(columns.values.get('b')).toEqual([null, 5, 6])
  })

  it('breaks the line with a null row when samples stop for longer than 2.5 intervals', () => {
    const columns = createColumns()
    appendSamples(columns, [sample(0, 1000), sample(1, 2000), sample(2, 3000)], hour)
    appendSamples(columns, [sample(3, 5400)], hour)
    expect(columns.t).toEqual([1000, 2000, 3000, 5400])
    appendSamples(columns, [sample(4, 30_000)], hour)
    expect(columns.t).toEqual([1000, 2000, 3000, 5400, 6400, 30_000])
    expect(columns.values.get('cpu_total_pct')).toEqual([0, 1, 2, 3, null, 4])
  })

  it('trims rows older than the kept age in batches, and drops series left empty', () => {
    const columns = createColumns()
    const keepMs = 10_000
    appendSamples(columns, [sample(0, 0, { gone: 1, kept: 0 })], keepMs)
    // Rows older than the kept age pile up until there are trimBatchRows of them.
    const lastBeforeTrim = trimBatchRows + keepMs / 1000 - 1
    for (let seq = 1; seq <= lastBeforeTrim; seq += 1)
      appendSamples(columns, [sample(seq, seq * 1000, { kept: seq })], keepMs)
    expect(columns.t[0]).toBe(0)
    const result = appendSamples(
      columns,
      [sample(lastBeforeTrim + 1, (lastBeforeTrim + 1) * 1000, { kept: 0 })],
      keepMs,
    )
    expect(result.haveKeysChanged).toBe(true)
    expect(columns.t[0]).toBe(trimBatchRows * 1000)
    expect(columns.t.length).toBe(keepMs / 1000 + 1)
    expect([...columns.values.keys()]).toEqual(['kept'])
    expect(columns.values.get('kept')!.length).toBe(columns.t.length)
  })
})

describe('columnsFromHistory', () => {
  it('takes the window the core sent, with gaps marked and empty series left out', () => {
    const columns = columnsFromHistory({
      firstSeq: 40,
      t: [1000, 2000, 3000, 60_000, 61_000],
      values: { a: [1, 2, 3, 4, 5], empty: [null, null, null, null, null] },
    })
    expect(columns.lastSeq).toBe(44)
    expect(columns.t).toEqual([1000, 2000, 3000, 4000, 60_000, 61_000])
    expect(columns.values.get('a')).toEqual([1, 2, 3, null, 4, 5])
    expect(columns.values.has('empty')).toBe(false)
  })
})

describe('estimateIntervalMs', () => {
  it('is the median step, so one long pause does not change it', () => {
    expect(estimateIntervalMs([0, 250, 500, 750, 9000, 9250])).toBe(250)
    expect(estimateIntervalMs([5])).toBe(1000)
  })
})

describe('withGapRows', () => {
  it('leaves evenly spaced rows alone', () => {
    expect(withGapRows([0, 60_000, 120_000], [[1, 2, 3]], 60_000)).toEqual({
      t: [0, 60_000, 120_000],
      columns: [[1, 2, 3]],
    })
  })
})
