// The recorder's metrics export plan: pages that never ask for more than the page budget, every time
// once across pages, minutes before the seconds held (with the step column), and nothing held refused.
import { describe, expect, it } from 'vitest'
import { defaultCsvOptions, type MetricsExportRequest } from '../../shared/export'
import { VigilError } from '../../shared/errors'
import type { SeriesRange } from '../../shared/recorder'
import type { SeriesQuery } from '../recorder/queries'
import type { Cell } from './csvFormat'
import { planRecordedMetricsExport, type RecordedSeries } from './recordedMetricsExport'

const t0 = Date.UTC(2026, 0, 5, 10, 0, 0)

/** A recorder holding minutes from t0 and seconds from t0 + 3 min to t0 + 5 min; it answers every step it is asked. */
function fakeRecorder(asked: SeriesQuery[]): RecordedSeries {
  return {
    flush: () => true,
    heldSince: () => ({ sample: t0 + 180_000, minute: t0 }),
    status: () => ({
      state: 'recording',
      since: t0,
      databaseBytes: 0,
      retentionDays: 7,
      recordCommandLines: false,
      held: { from: t0 + 180_000, to: t0 + 300_000 },
    }),
    series(query): SeriesRange {
      asked.push(query)
      const stepMs = query.stepSeconds! * 1000
      const t: number[] = []
      for (let at = query.from; at <= query.to; at += stepMs) t.push(at)
      const column = (offset: number) => Object.fromEntries(query.keys.map((key) => [key, t.map((at) => at + offset)]))
      return {
        from: query.from,
        to: query.to,
        resolution: stepMs === 1000 ? 'second' : 'minute',
        stepSeconds: query.stepSeconds!,
        t,
        values: column(0),
        min: column(-1),
        max: column(1),
      }
    },
  }
}

const request = (overrides: Partial<MetricsExportRequest>): MetricsExportRequest => ({
  kind: 'metrics',
  from: t0,
  to: t0 + 300_000,
  series: ['cpu_total_pct', 'load_1'],
  resolution: 'raw',
  csv: { ...defaultCsvOptions, timestamps: 'epoch' },
  ...overrides,
})

function rowsOf(plan: ReturnType<typeof planRecordedMetricsExport>): Cell[][] {
  return [...(plan.rows({ inputBytes: 0 }) as Iterable<Cell[][]>)].flat()
}

describe('planRecordedMetricsExport', () => {
  it('asks the recorder page by page, each page within the budget, and writes every time once', () => {
    const asked: SeriesQuery[] = []
    const plan = planRecordedMetricsExport(fakeRecorder(asked), request({}), 10)
    expect(plan.columns).toEqual(['time_epoch_ms', 'step_s', 'cpu_total_pct', 'load_1'])
    const rows = rowsOf(plan)
    for (const query of asked) {
      const steps = Math.ceil((query.to - query.from + 1) / (query.stepSeconds! * 1000))
      expect(steps * query.keys.length).toBeLessThanOrEqual(10)
    }
    const times = rows.map((row) => row[0] as number)
    const minutes = [t0, t0 + 60_000, t0 + 120_000]
    const seconds = Array.from({ length: 121 }, (_, index) => t0 + 180_000 + index * 1000)
    expect(times).toEqual([...minutes, ...seconds])
    expect(rows.map((row) => row[1])).toEqual([...minutes.map(() => 60), ...seconds.map(() => 1)])
    expect(rows[0]).toEqual([t0, 60, t0, t0])
  })

  it('writes min, avg and max per minute for a minute export, with no step column', () => {
    const plan = planRecordedMetricsExport(fakeRecorder([]), request({ resolution: 'minute', series: ['load_1'] }), 2)
    expect(plan.columns).toEqual(['time_epoch_ms', 'load_1_min', 'load_1_avg', 'load_1_max'])
    expect(rowsOf(plan)).toEqual(
      [0, 1, 2, 3, 4, 5].map((minute) => {
        const t = t0 + minute * 60_000
        return [t, t - 1, t, t + 1]
      }),
    )
  })

  it('writes seconds alone, with no step column, when the range lies within the seconds held', () => {
    const plan = planRecordedMetricsExport(fakeRecorder([]), request({ from: t0 + 200_000, to: t0 + 202_000 }))
    expect(plan.columns).toEqual(['time_epoch_ms', 'cpu_total_pct', 'load_1'])
    expect(rowsOf(plan).map((row) => row[0])).toEqual([t0 + 200_000, t0 + 201_000, t0 + 202_000])
  })

  it('refuses a range the recorder holds nothing of', () => {
    expect(() => planRecordedMetricsExport(fakeRecorder([]), request({ from: t0 - 10_000, to: t0 - 1 }))).toThrow(
      VigilError,
    )
  })
})
