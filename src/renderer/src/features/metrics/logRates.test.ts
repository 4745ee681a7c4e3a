// Log rates as pure work: level groups, answers laid over what is held, and lines per second on a chart's times.
import { describe, expect, it } from 'vitest'
import { activityLevels, type LogActivity, type SourceActivity } from '../../../../shared/recorder'
import { emptyRates, linesOf, mergeActivity, rateColumn, type HeldRates } from './logRates'

const t0 = Date.UTC(2026, 0, 5, 10, 0, 0)

/** A source's buckets: each [t, { level: count }]. */
function source(rows: [number, Partial<Record<(typeof activityLevels)[number], number>>][]): SourceActivity {
  const levels = Object.fromEntries(
    activityLevels.map((level) => [level, rows.map(([, counts]) => counts[level] ?? 0)]),
  ) as SourceActivity['levels']
  return {
    t: rows.map(([t]) => t),
    lines: rows.map(([, counts]) => Object.values(counts).reduce((sum, count) => sum + count, 0)),
    levels,
    position: rows.map(() => 'p'),
  }
}

/** A chart column with a value at every time: each was sampled. */
const sampled = (x: number[]) => [x.map(() => 1)]

function answer(from: number, to: number, sources: LogActivity['sources'], stepSeconds = 1): LogActivity {
  return { from, to, stepSeconds, sources }
}

/** Seconds t0 … t0+9 held, with app.log's errors and warnings and vigil's info lines. */
function tenSeconds(): HeldRates {
  return mergeActivity(
    emptyRates(1000),
    answer(t0, t0 + 9999, {
      app: source([
        [t0 + 2000, { error: 3, fatal: 1, warn: 2 }],
        [t0 + 3000, { unleveled: 5 }],
      ]),
      vigil: source([[t0 + 2000, { info: 4, debug: 1, trace: 1 }]]),
    }),
    0,
  )
}

describe('log rates', () => {
  it('counts a level group across sources, or within one', () => {
    const held = tenSeconds()
    expect([...linesOf(held, { source: undefined, level: 'all' })]).toEqual([
      [t0 + 2000, 12],
      [t0 + 3000, 5],
    ])
    expect([...linesOf(held, { source: 'app', level: 'error' })]).toEqual([
      [t0 + 2000, 4],
      [t0 + 3000, 0],
    ])
    expect(linesOf(held, { source: undefined, level: 'debug' }).get(t0 + 2000)).toBe(2)
    expect(linesOf(held, { source: 'app', level: 'other' }).get(t0 + 3000)).toBe(5)
    expect(linesOf(held, { source: 'nowhere', level: 'all' }).size).toBe(0)
  })

  it('replaces the range of a newer answer, keeps the rest, and lets go of what is older than kept', () => {
    const held = tenSeconds()
    // The newest seconds again, now counted whole: second 3 has more lines, second 2 is outside and stays.
    const next = mergeActivity(
      held,
      answer(t0 + 3000, t0 + 11_999, { app: source([[t0 + 3000, { error: 7 }]]) }),
      t0 + 1000,
    )
    expect([...linesOf(next, { source: 'app', level: 'all' })]).toEqual([
      [t0 + 2000, 6],
      [t0 + 3000, 7],
    ])
    expect(next).toMatchObject({ fromMs: t0 + 1000, toMs: t0 + 12_000 })
    const later = mergeActivity(next, answer(t0 + 12_000, t0 + 13_999, {}), t0 + 2500)
    expect(later.bySource.has('vigil')).toBe(false)
    expect([...linesOf(later, { source: undefined, level: 'all' })]).toEqual([[t0 + 3000, 7]])
  })

  it('gives each sample the second around the middle of its own, zero where none was counted', () => {
    const held = tenSeconds()
    const x = [t0 + 1700, t0 + 2700, t0 + 3700, t0 + 4700]
    expect(
      rateColumn(x, sampled(x), linesOf(held, { source: 'app', level: 'error' }), held, { kind: 'samples' }),
    ).toEqual([0, 4, 0, 0])
    expect(
      rateColumn(x, sampled(x), linesOf(held, { source: 'app', level: 'other' }), held, { kind: 'samples' }),
    ).toEqual([0, 0, 5, 0])
  })

  it('breaks the line at a gap row, where time jumps, and where the counts do not reach', () => {
    const held = tenSeconds()
    const lines = linesOf(held, { source: undefined, level: 'all' })
    // Samples each second; after +2.7 s the sampler stalled: a gap row at +3.7 s (no values), the next sample at
    // +5.5 s. At +6.5 s the core stopped until +9.6 s (no gap row); +10.6 s is past what was answered.
    const x = [t0 + 1700, t0 + 2700, t0 + 3700, t0 + 5500, t0 + 6500, t0 + 9600, t0 + 10_600]
    const columns = [[1, 1, null, 1, 1, 1, 1]]
    expect(rateColumn(x, columns, lines, held, { kind: 'samples' })).toEqual([0, 12, null, 0, null, 0, null])
    const before = [t0 - 5000, t0 - 4000]
    expect(rateColumn(before, sampled(before), lines, held, { kind: 'samples' })).toEqual([null, null])
  })

  it('sums the buckets within each chart bucket into lines per second', () => {
    const minute = 60_000
    const held = mergeActivity(
      emptyRates(minute),
      answer(
        t0,
        t0 + 3 * minute - 1,
        {
          app: source([
            [t0, { error: 120 }],
            [t0 + 2 * minute, { error: 30, warn: 6 }],
          ]),
        },
        60,
      ),
      0,
    )
    const lines = linesOf(held, { source: 'app', level: 'all' })
    const times = { kind: 'buckets', stepMs: minute } as const
    const x = [t0, t0 + minute, t0 + 2 * minute, t0 + 3 * minute]
    expect(rateColumn(x, sampled(x), lines, held, times)).toEqual([2, 0, 0.6, null])
    // A chart of five-minute buckets over one-minute counts.
    const five = rateColumn(
      [t0 - 5 * minute, t0],
      sampled([0, 0]),
      lines,
      { ...held, fromMs: t0 - 5 * minute, toMs: t0 + 5 * minute },
      {
        kind: 'buckets',
        stepMs: 5 * minute,
      },
    )
    expect(five).toEqual([0, 156 / 300])
  })
})
