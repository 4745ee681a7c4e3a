// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recorderLimits, type SeriesRange } from '../../../../shared/recorder'
import { fakeCore } from '../../testing/fakeCore'
import { chooseStepSeconds, fetchRecorded, mergeSeriesRanges, planSeriesRequest } from './recordedSeries'

const dayMs = 86_400_000
const nowMs = 1_800_000_123_456

afterEach(() => vi.unstubAllGlobals())

describe('the step of a recorded chart', () => {
  it('is a second or a few while the range has fewer seconds than pixels, whole minutes from a minute on', () => {
    expect(chooseStepSeconds(300_000, 800)).toBe(1)
    expect(chooseStepSeconds(21_600_000, 800)).toBe(28)
    expect(chooseStepSeconds(86_400_000, 800)).toBe(120)
    expect(chooseStepSeconds(7 * dayMs, 800)).toBe(780)
    expect(chooseStepSeconds(7 * dayMs, 2000)).toBe(360)
    expect(chooseStepSeconds(30 * dayMs, 1)).toBe(30 * 86_400)
  })

  it('never gives a chart more rows than pixels, even with its start moved back to the step grid', () => {
    for (const widthPx of [101, 640, 799, 1283, 2000])
      for (const spanMs of [60_000, 3_600_001, 6 * 3_600_000, 86_400_000, 7 * dayMs, 30 * dayMs, 123_456_789]) {
        const request = planSeriesRequest({ fromMs: nowMs - spanMs, toMs: nowMs }, widthPx, ['cpu_total_pct'])
        const stepMs = request.stepSeconds * 1000
        expect(request.fromMs % stepMs).toBe(0)
        expect(request.fromMs).toBeLessThanOrEqual(nowMs - spanMs)
        expect(request.maxPoints).toBe(Math.ceil((request.toMs - request.fromMs + 1) / stepMs))
        expect(request.maxPoints).toBeLessThanOrEqual(widthPx)
      }
  })
})

describe('the requests of a recorded chart', () => {
  const keys = Array.from({ length: 70 }, (_, index) => `cpu_core_${index}_pct`)

  it('ask for at most 64 series each', () => {
    const request = planSeriesRequest({ fromMs: nowMs - 7 * dayMs, toMs: nowMs }, 800, keys)
    expect(request.keyGroups.map((group) => group.length)).toEqual([64, 6])
    expect(request.keyGroups.flat()).toEqual(keys)
  })

  it('split the series so no request reads more values than the recorder allows', () => {
    const long = planSeriesRequest({ fromMs: nowMs - 400 * dayMs, toMs: nowMs }, 1000, keys.slice(0, 8))
    const daysTouched = Math.floor(long.toMs / dayMs) - Math.floor(long.fromMs / dayMs) + 1
    for (const group of long.keyGroups)
      expect(group.length * daysTouched * 1440).toBeLessThanOrEqual(recorderLimits.seriesCellBudget)
    expect(long.keyGroups.length).toBeGreaterThan(1)
    // Seconds: 30 hours at 2000 pixels is read from samples (up to four a second, as a test core takes them).
    const seconds = planSeriesRequest({ fromMs: nowMs - 30 * 3_600_000, toMs: nowMs }, 2000, keys)
    expect(seconds.stepSeconds).toBeLessThan(60)
    for (const group of seconds.keyGroups)
      expect(group.length * 30 * 3600 * 4).toBeLessThanOrEqual(recorderLimits.seriesCellBudget)
  })
})

const step = (stepSeconds: number, t: number[], values: SeriesRange['values'], extra?: Partial<SeriesRange>) =>
  ({ from: 0, to: 600_000, resolution: 'minute', stepSeconds, t, values, ...extra }) as SeriesRange

describe('merging the answers', () => {
  it('puts every series on one time column and breaks the line where a step had no sample', () => {
    const a = step(60, [0, 60_000, 240_000], { a: [1, 2, 3] }, { min: { a: [0, 1, 2] }, max: { a: [5, 6, 7] } })
    const b = step(60, [0, 240_000], { b: [10, 30] }, { min: { b: [9, 29] }, max: { b: [11, 31] } })
    expect(mergeSeriesRanges([a, b], ['a', 'b'])).toEqual({
      t: [0, 60_000, 120_000, 240_000],
      avg: [
        [1, 2, null, 3],
        [10, null, null, 30],
      ],
      min: [
        [0, 1, null, 2],
        [9, null, null, 29],
      ],
      max: [
        [5, 6, null, 7],
        [11, null, null, 31],
      ],
    })
  })

  it('takes one-second samples as their own minimum and maximum, and a long pause between them as a gap', () => {
    const samples = step(1, [1000, 2000, 3000, 4000, 20_000], { a: [1, 2, null, 4, 5] }, { resolution: 'second' })
    expect(mergeSeriesRanges([samples], ['a'])).toEqual({
      t: [1000, 2000, 3000, 4000, 5000, 20_000],
      avg: [[1, 2, null, 4, null, 5]],
      min: [[1, 2, null, 4, null, 5]],
      max: [[1, 2, null, 4, null, 5]],
    })
  })
})

describe('reading a recorded range', () => {
  it('asks the recorder once per group of series, at the planned step, and merges the answers', async () => {
    const sent = fakeCore((request) => {
      const query = new URL(request.path, 'http://core').searchParams
      const keys = query.get('keys')!.split(',')
      const from = Number(query.get('from'))
      return Response.json(
        step(Number(query.get('stepSeconds')), [from], Object.fromEntries(keys.map((key) => [key, [1]])), {
          min: Object.fromEntries(keys.map((key) => [key, [0]])),
          max: Object.fromEntries(keys.map((key) => [key, [2]])),
        }),
      )
    })
    const keys = Array.from({ length: 65 }, (_, index) => `cpu_core_${index}_pct`)
    const table = await fetchRecorded({ fromMs: nowMs - 7 * dayMs, toMs: nowMs }, 800, keys)
    expect(sent).toHaveLength(2)
    const query = new URL(sent[0]!.path, 'http://core').searchParams
    expect(sent[0]!.path.startsWith('/api/recorder/series?')).toBe(true)
    expect(query.get('stepSeconds')).toBe('780')
    expect(Number(query.get('maxPoints'))).toBeLessThanOrEqual(800)
    expect(table.t).toHaveLength(1)
    expect(table.avg).toHaveLength(65)
    expect(table.max[64]).toEqual([2])
  })
})
