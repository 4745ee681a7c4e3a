// The time cursor's assembly: which rows and lines of a moment are kept, the times lines get, the
// episodes open then, and the bounds on every part.
import { describe, expect, it } from 'vitest'
import { levelCounts, recorderLimits, type RecordedEpisode } from '../../shared/recorder'
import type { ActivityRow, JournalStore } from './journalStore'
import { assembleMoment, nearestRows, openEpisodesAt, timeLines, type ReadLinesBefore } from './moment'

const row = (second: number, info: number, position = `f-1.${second}`, source = 'app'): ActivityRow => ({
  source,
  second,
  levels: levelCounts({ info }),
  position,
})

const episode = (ruleId: string, state: RecordedEpisode['state'], t: number): RecordedEpisode => ({
  ruleId,
  state,
  t,
  since: t,
  value: 1,
  message: `${ruleId} ${state}`,
})

/** A journal holding only rows, with the other reads answering nothing (and counting what was asked). */
function journalOf(rows: ActivityRow[], asked: { activityLimit?: number; marksLimit?: number } = {}): JournalStore {
  const nothing = () => {
    throw new Error('not used')
  }
  return {
    addSnapshot: nothing,
    addActivity: nothing,
    addEpisode: nothing,
    addMark: nothing,
    snapshotAt: () => ({ t: 5, processes: [{ pid: 7, name: 'busy', user: 'u', cpuPct: 99, memBytes: 1 }] }),
    snapshots: nothing,
    countSnapshots: nothing,
    firstSnapshotIn: nothing,
    activityTotals: nothing,
    notableActivity: nothing,
    activity(fromSecond, toSecond, source, limit) {
      asked.activityLimit = limit
      return rows.filter((entry) => entry.second >= fromSecond && entry.second <= toSecond)
    },
    marks(_from, _to, limit) {
      asked.marksLimit = limit
      return []
    },
    lineCount: nothing,
    episodes: nothing,
    episodesBefore: () => [
      episode('cpu', 'firing', 900),
      episode('mem', 'resolved', 800),
      episode('mem', 'firing', 700),
    ],
    lastMark: () => undefined,
    prune: nothing,
    clear: nothing,
  }
}

describe('nearestRows', () => {
  it('grows from the nearest row towards the closer neighbour while the lines fit', () => {
    const rows = [row(1, 3), row(4, 3), row(5, 3), row(9, 3)]
    expect(nearestRows(rows, 5, 6).map((entry) => entry.second)).toEqual([4, 5])
    expect(nearestRows(rows, 5, 100).map((entry) => entry.second)).toEqual([1, 4, 5, 9])
  })

  it('keeps the nearest row even when it alone holds more lines than allowed', () => {
    expect(nearestRows([row(1, 2), row(2, 500), row(3, 2)], 2, 10).map((entry) => entry.second)).toEqual([2])
  })
})

describe('timeLines', () => {
  it('gives each line the second of its row, counting back from the last row', () => {
    const lines = ['a', 'b', 'c'].map((text) => ({ text }))
    expect(timeLines([row(10, 1), row(11, 2)], lines).map((line) => [line.t, line.text])).toEqual([
      [10_000, 'a'],
      [11_000, 'b'],
      [11_000, 'c'],
    ])
  })

  it('gives fewer lines (the oldest gone) the times of the newest rows', () => {
    expect(timeLines([row(10, 2), row(11, 1)], [{ text: 'y' }, { text: 'z' }]).map((line) => line.t)).toEqual([
      10_000, 11_000,
    ])
  })
})

describe('openEpisodesAt', () => {
  it('keeps each rule whose last change before the moment was a firing', () => {
    const open = openEpisodesAt([
      episode('cpu', 'firing', 900),
      episode('mem', 'resolved', 800),
      episode('mem', 'firing', 7),
    ])
    expect(open.map((entry) => entry.ruleId)).toEqual(['cpu'])
  })
})

describe('assembleMoment', () => {
  it('reads each source up to the position of the last kept row, at most the lines per source', async () => {
    const rows = [row(100, 150, 'f-1.1000'), row(101, 150, 'f-1.2000'), row(102, 150, 'f-1.3000')]
    const asks: [string, string, number][] = []
    const readLines: ReadLinesBefore = async (source, until, count) => {
      asks.push([source, until, count])
      return { name: 'app.log', lines: Array.from({ length: count }, (_, index) => ({ text: `line ${index}` })) }
    }
    const asked: { activityLimit?: number; marksLimit?: number } = {}
    const moment = await assembleMoment(journalOf(rows, asked), readLines, { at: 101_500, seconds: 5 })
    expect(asks).toEqual([['app', 'f-1.2000', 150]])
    const [source] = moment.logs
    expect(source).toMatchObject({ name: 'app.log', counted: 450, isTruncated: true })
    expect(source!.lines).toHaveLength(150)
    expect(source!.lines.every((line) => line.t === 101_000)).toBe(true)
    expect(asked.activityLimit).toBeLessThanOrEqual(recorderLimits.logRowBudget)
    expect(asked.marksLimit).toBe(recorderLimits.momentMarks)
    expect(moment.snapshot?.processes[0]?.pid).toBe(7)
    expect(moment.openEpisodes.map((entry) => entry.ruleId)).toEqual(['cpu'])
  })

  it('asks only for the seconds around the moment and says why lines are gone', async () => {
    const rows = [row(90, 1), row(100, 2), row(106, 1), row(200, 1, 'x', 'other')]
    const readLines: ReadLinesBefore = async () => ({ name: 'app.log', gap: 'the file was truncated' })
    const moment = await assembleMoment(journalOf(rows), readLines, { at: 100_000, seconds: 5 })
    expect(moment.logs).toEqual([
      { source: 'app', name: 'app.log', counted: 2, lines: [], gap: 'the file was truncated', isTruncated: true },
    ])
  })

  it('shows at most the sources a moment allows, the busiest first', async () => {
    const count = recorderLimits.momentSources + 5
    const rows = Array.from({ length: count }, (_, index) => row(100, index + 1, `p.${index}`, `s${index}`))
    const readLines: ReadLinesBefore = async (source) => ({ name: source, lines: [] })
    const moment = await assembleMoment(journalOf(rows), readLines, { at: 100_000, seconds: 0 })
    expect(moment.logs).toHaveLength(recorderLimits.momentSources)
    expect(moment.logs.map((entry) => entry.source)).not.toContain('s0')
  })
})
