// A window's summary over a real recorder database: the series at 1 s or per minute, the budget that
// refuses a window too long, the processes that led it, the activity counted, the warnings and errors
// read back, and the alerts and marks.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { VigilError } from '../../shared/errors'
import { levelCounts, recorderLimits, type ProcessSnapshot } from '../../shared/recorder'
import { openRecorderDatabase } from './database'
import { createJournalStore, type ActivityRow } from './journalStore'
import type { ReadLinesBefore } from './moment'
import { createSeriesStore } from './seriesStore'
import { inTransaction } from './sql'
import { pickNotableSeconds, spreadPick, summarizeProcesses, summarizeSeries, summarizeWindow } from './summary'

const start = Date.UTC(2026, 0, 5, 10, 0, 0)
const closers: (() => void)[] = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

function stores() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-summary-'))
  const { db } = openRecorderDatabase(join(dir, 'recorder.db'), () => false)
  closers.push(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const series = createSeriesStore(db)
  const journal = createJournalStore(db)
  const write = (work: () => void) => inTransaction(db, work)
  return { series, journal, write }
}

const activity = (second: number, counts: Partial<ActivityRow['levels']>, source = 'app'): ActivityRow => ({
  source,
  second,
  levels: levelCounts(counts),
  position: `p.${second}`,
})

describe('summarizeSeries', () => {
  it('sums up each series from its samples when the window is small, leaving out series with no value', () => {
    const { series, write } = stores()
    write(() =>
      series.append(
        [3, 9, 6].map((value, index) => ({
          seq: index,
          t: start + index * 1000,
          values: { cpu_total_pct: value, load_1: 1 },
        })),
      ),
    )
    const summary = summarizeSeries(series, {
      from: start,
      to: start + 2000,
      keys: ['cpu_total_pct', 'mem_used_bytes'],
    })
    expect(summary).toEqual({
      resolution: 'second',
      series: { cpu_total_pct: { min: 3, avg: 6, max: 9, last: 6, lastT: start + 2000, samples: 3 } },
    })
  })

  it('reads the minute aggregates, and the samples not sealed yet, where the seconds are no longer held', () => {
    const { series, write } = stores()
    // Two minutes sealed into aggregates whose seconds retention then dropped, and a sample of the run still open.
    write(() => {
      series.append(
        [0, 60, 61].map((second, index) => ({
          seq: index,
          t: start + second * 1000,
          values: { cpu_total_pct: index },
        })),
      )
      series.seal({ isNewestIncluded: true })
      series.prune(start + 100_000, 0, 100)
      series.append([{ seq: 3, t: start + 125_000, values: { cpu_total_pct: 10 } }])
    })
    const summary = summarizeSeries(series, { from: start, to: start + 200_000, keys: ['cpu_total_pct'] })
    expect(summary.resolution).toBe('minute')
    expect(summary.series.cpu_total_pct).toEqual({
      min: 0,
      avg: round((0 + 1 + 2 + 10) / 4),
      max: 10,
      last: 10,
      lastT: start + 125_000,
      samples: 4,
    })
  })

  it('reads the samples of a window that starts before anything was recorded, when nothing older is held', () => {
    const { series, write } = stores()
    write(() => {
      series.append([{ seq: 0, t: start, values: { cpu_total_pct: 4 } }])
      series.seal({ isNewestIncluded: true })
    })
    expect(summarizeSeries(series, { from: start - 60_000, to: start, keys: ['cpu_total_pct'] }).resolution).toBe(
      'second',
    )
  })

  it('refuses a window whose minutes over every series are more than one query may read, with the reason', () => {
    const { series } = stores()
    const days = recorderLimits.maxRangeDays
    const keys = Array.from({ length: Math.ceil(recorderLimits.seriesCellBudget / (days * 1440)) + 1 }, (_, index) =>
      index === 0 ? 'cpu_total_pct' : `core${index}_total_pct`,
    )
    const summarize = () => summarizeSeries(series, { from: start - (days - 1) * 86_400_000, to: start, keys })
    expect(summarize).toThrow(VigilError)
    expect(summarize).toThrow(/fewer series or a shorter range/)
  })
})

const round = (value: number) => Math.round(value * 100) / 100

describe('summarizeProcesses', () => {
  it('ranks the processes by their peak CPU and peak memory over the snapshots that list them', () => {
    const snapshot = (t: number, processes: [number, string, number, number][]): ProcessSnapshot => ({
      t,
      processes: processes.map(([pid, name, cpuPct, memBytes]) => ({ pid, name, user: 'u', cpuPct, memBytes })),
    })
    const summary = summarizeProcesses(
      [
        snapshot(1, [
          [1, 'spinner', 90, 10],
          [2, 'hog', 1, 900],
        ]),
        snapshot(2, [
          [1, 'spinner', 50, 30],
          [3, 'idle', 0, 5],
        ]),
      ],
      7,
    )
    expect(summary).toMatchObject({ snapshots: 7, read: 2 })
    expect(summary.byCpu[0]).toEqual({
      pid: 1,
      name: 'spinner',
      user: 'u',
      peakCpuPct: 90,
      avgCpuPct: 70,
      peakMemBytes: 30,
      avgMemBytes: 20,
      seen: 2,
    })
    expect(summary.byMemory.map((entry) => entry.name)).toEqual(['hog', 'spinner', 'idle'])
  })

  it('lists at most summaryProcesses by each measure', () => {
    const processes = Array.from({ length: 30 }, (_, pid) => ({
      pid,
      name: 'p',
      user: 'u',
      cpuPct: pid,
      memBytes: pid,
    }))
    const summary = summarizeProcesses([{ t: 1, processes }], 1)
    expect(summary.byCpu).toHaveLength(recorderLimits.summaryProcesses)
    expect(summary.byCpu[0]!.pid).toBe(29)
  })
})

describe('picking what is read back', () => {
  it('spreads a pick evenly over a list, in order', () => {
    expect(spreadPick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8])
    expect(spreadPick([1, 2], 5)).toEqual([1, 2])
  })

  it('takes seconds with errors before those with only warnings, within the budget, in time order', () => {
    const budget = recorderLimits.summaryNotableSeconds
    const warnings = Array.from({ length: 50 }, (_, second) => activity(second * 2, { warn: 1 }))
    const errors = [activity(7, { error: 2 }), activity(31, { fatal: 1 })]
    const picked = pickNotableSeconds([...warnings, ...errors].sort((a, b) => a.second - b.second))
    expect(picked).toHaveLength(budget)
    expect(picked).toEqual(expect.arrayContaining(errors))
    expect(picked.map((row) => row.second)).toEqual([...picked.map((row) => row.second)].sort((a, b) => a - b))
  })
})

describe('summarizeWindow', () => {
  it('counts log activity by source and level, reads back the warnings and errors, and lists alerts and marks', async () => {
    const { series, journal, write } = stores()
    const second = start / 1000
    write(() => {
      journal.addActivity([
        activity(second, { info: 5, error: 1 }),
        activity(second + 1, { info: 2 }),
        activity(second + 2, { warn: 1 }, 'gone'),
      ])
      journal.addEpisode({
        t: start - 5000,
        ruleId: 'cpu',
        state: 'firing',
        since: start - 5000,
        value: 95,
        message: 'hot',
      })
      journal.addEpisode({
        t: start + 1500,
        ruleId: 'cpu',
        state: 'resolved',
        since: start + 1500,
        value: 10,
        message: 'ok',
      })
      journal.addMark({ t: start + 500, kind: 'missed', detail: '2 samples were not taken' })
      for (let index = 0; index < 3; index += 1)
        journal.addSnapshot({
          t: start + index * 1000,
          processes: [{ pid: 9, name: 'busy', user: 'u', cpuPct: 80, memBytes: 1 }],
        })
    })
    const asked: [string, string, number][] = []
    const readLines: ReadLinesBefore = async (source, until, count) => {
      asked.push([source, until, count])
      if (source === 'gone') return { name: 'gone.log', gap: 'the file no longer holds these lines' }
      return {
        name: 'app.log',
        lines: [
          { text: 'starting', level: 'info' },
          { text: 'disk on fire', level: 'error' },
        ],
      }
    }
    const summary = await summarizeWindow(series, journal, readLines, { from: start, to: start + 9999 })
    expect(summary.logs).toEqual({
      sources: {
        app: { lines: 8, levels: levelCounts({ info: 7, error: 1 }) },
        gone: { lines: 1, levels: levelCounts({ warn: 1 }) },
      },
    })
    expect(asked).toEqual([
      ['app', `p.${second}`, 6],
      ['gone', `p.${second + 2}`, 1],
    ])
    expect(summary.notableLines).toEqual([
      { source: 'app', name: 'app.log', t: start, level: 'error', text: 'disk on fire' },
    ])
    expect(summary.notableGaps).toEqual([
      { source: 'gone', name: 'gone.log', gap: 'the file no longer holds these lines' },
    ])
    expect(summary.openAtStart.map((episode) => episode.message)).toEqual(['hot'])
    expect(summary.episodes.map((episode) => episode.message)).toEqual(['ok'])
    expect(summary.marks.map((mark) => mark.kind)).toEqual(['missed'])
    expect(summary.processes).toMatchObject({ snapshots: 3, read: 3, byCpu: [{ pid: 9, seen: 3 }] })
  })

  it('reads at most summarySnapshots snapshots, spread over a window that holds more', async () => {
    const { series, journal, write } = stores()
    const count = recorderLimits.summarySnapshots * 2 + 10
    write(() => {
      for (let index = 0; index < count; index += 1)
        journal.addSnapshot({
          t: start + index * 1000,
          processes: [{ pid: index, name: 'p', user: 'u', cpuPct: index, memBytes: 1 }],
        })
    })
    const summary = await summarizeWindow(series, journal, undefined, { from: start, to: start + count * 1000 - 1 })
    expect(summary.processes.snapshots).toBe(count)
    expect(summary.processes.read).toBeLessThanOrEqual(recorderLimits.summarySnapshots)
    expect(summary.processes.read).toBeGreaterThan(recorderLimits.summarySnapshots / 2)
    // The last slice reaches the end of the window: its busiest process is among the newest.
    expect(summary.processes.byCpu[0]!.pid).toBeGreaterThan(count - 5)
  })
})
