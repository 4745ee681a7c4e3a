import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VigilError } from '../../shared/errors'
import type { AlertEpisode, MetricSample, ProcessInfo } from '../../shared/protocol'
import { levelCounts, type ActivityLevel, type LineTally } from '../../shared/recorder'
import { createLogger, type LogEntry } from '../logger'
import Database from 'libsql'
import { createRecorder, openRecorderReader, type Recorder, type RecorderDeps } from './index'
import type { ReadLinesBefore } from './moment'
import { migrations } from './schema'
import { scalar } from './sql'

const start = Date.UTC(2026, 0, 5, 10, 0, 0)
const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A recorder on a temp folder, fed by hand, with both clocks in the test's hands. */
function harness(dataDir = mkdtempSync(join(tmpdir(), 'vigil-recorder-')), options: Partial<RecorderDeps> = {}) {
  if (!dirs.includes(dataDir)) dirs.push(dataDir)
  const clock = { t: start, monotonic: 0 }
  const samples = new Set<(sample: MetricSample) => void>()
  const episodes = new Set<(episode: AlertEpisode) => void>()
  const logLines = new Set<(tally: LineTally) => void>()
  const entries: LogEntry[] = []
  let processes: ProcessInfo[] = []
  let seq = 0
  const recorder: Recorder = createRecorder({
    dataDir,
    logger: createLogger((entry) => entries.push(entry)),
    intervalMs: 1000,
    onSample: (listener) => (samples.add(listener), () => samples.delete(listener)),
    onEpisode: (listener) => (episodes.add(listener), () => episodes.delete(listener)),
    onLogLines: (listener) => (logLines.add(listener), () => logLines.delete(listener)),
    readProcesses: async () => processes,
    processIntervalMs: 60_000,
    flushIntervalMs: 3_600_000,
    now: () => clock.t,
    monotonicNow: () => clock.monotonic,
    ...options,
  })
  return {
    dataDir,
    recorder,
    api: recorder.api,
    clock,
    entries,
    /** One sample a second after the last on both clocks (or as far on each as told), with these values. */
    sample(values: MetricSample['values'], steps: { wallMs?: number; monotonicMs?: number } = {}) {
      const wallMs = steps.wallMs ?? 1000
      clock.t += wallMs
      clock.monotonic += steps.monotonicMs ?? wallMs
      for (const listener of samples) listener({ seq: seq++, t: clock.t, values })
    },
    episode: (episode: AlertEpisode) => episodes.forEach((listener) => listener(episode)),
    /** One read of `source` up to `position`, with these lines by level. */
    lines(source: string, position: string, counts: Partial<Record<ActivityLevel, number>>) {
      for (const listener of logLines) listener({ source, position, levels: levelCounts(counts) })
    },
    setProcesses: (next: ProcessInfo[]) => (processes = next),
  }
}

const cpu = (t: number) => Math.round(((t / 1000) % 97) * 100) / 100

describe('recorder', () => {
  it('gives back every sample at one second, before and after a restart, across clock hours', () => {
    const first = harness()
    for (let index = 0; index < 4000; index += 1)
      first.sample({ cpu_total_pct: cpu(first.clock.t + 1000), mem_used_bytes: 1e9 + index })
    expect(first.api.flush()).toBe(true)
    const query = {
      from: start + 3_590_000,
      to: start + 3_610_000,
      keys: ['cpu_total_pct', 'mem_used_bytes'],
      maxPoints: 100,
    }
    const before = first.api.series(query)
    expect(before.resolution).toBe('second')
    expect(before.t).toEqual(Array.from({ length: 21 }, (_, index) => start + 3_590_000 + index * 1000))
    expect(before.values.cpu_total_pct).toEqual(before.t.map(cpu))
    expect(before.values.mem_used_bytes).toEqual(before.t.map((t) => 1e9 + (t - start) / 1000 - 1))
    first.recorder.dispose()

    const second = harness(first.dataDir)
    expect(second.api.series(query)).toEqual(before)
    second.recorder.dispose()
  })

  it('records the samples the sampler took before the recorder existed, then the live ones, each once', () => {
    const earlier = [1, 2].map((index) => ({
      seq: index - 1,
      t: start + index * 1000,
      values: { cpu_total_pct: index },
    }))
    const { api, sample, clock, recorder } = harness(undefined, { earlierSamples: () => earlier })
    clock.t = start + 2000
    sample({ cpu_total_pct: 3 })
    expect(api.flush()).toBe(true)
    const range = api.series({ from: start, to: start + 10_000, keys: ['cpu_total_pct'], maxPoints: 100 })
    expect(range.t).toEqual([start + 1000, start + 2000, start + 3000])
    expect(range.values.cpu_total_pct).toEqual([1, 2, 3])
    recorder.dispose()
  })

  it('turns a suspend, a clock set back and a stall into marks, and invents no rows for them', () => {
    const { api, sample, clock, recorder } = harness()
    sample({ cpu_total_pct: 1 })
    sample({ cpu_total_pct: 2 }, { wallMs: 600_000, monotonicMs: 1000 })
    sample({ cpu_total_pct: 3 }, { wallMs: -120_000, monotonicMs: 1000 })
    sample({ cpu_total_pct: 4 }, { wallMs: 9000, monotonicMs: 9000 })
    api.flush()
    const events = api.events({ from: start, to: clock.t + 1, limit: 10 })
    expect(events.marks.map((mark) => mark.kind)).toEqual(['started', 'slept', 'clock-back', 'missed'])
    expect(events.marks[1]).toMatchObject({ t: start + 1000, until: start + 601_000 })
    expect(events.marks[3]?.detail).toMatch(/^8 samples were not taken/)
    const range = api.series({ from: start, to: start + 700_000, keys: ['cpu_total_pct'], maxPoints: 1000 })
    expect(range.t).toEqual([start + 1000, start + 481_000, start + 490_000, start + 601_000])
    expect(range.values.cpu_total_pct).toEqual([1, 3, 4, 2])
    recorder.dispose()
  })

  it('answers a long range from minute aggregates, never with more rows than asked', () => {
    const { api, sample, recorder } = harness()
    for (let index = 0; index < 3 * 3600; index += 1) sample({ cpu_total_pct: index % 60 })
    api.flush()
    const range = api.series({ from: start, to: start + 3 * 3_600_000, keys: ['cpu_total_pct'], maxPoints: 50 })
    expect(range.resolution).toBe('minute')
    expect(range.stepSeconds).toBe(240)
    expect(range.t.length).toBeLessThanOrEqual(50)
    // Each four-minute step holds the values 0 to 59 four times (the first step one sample short).
    expect(range.min?.cpu_total_pct?.slice(1, 5)).toEqual([0, 0, 0, 0])
    expect(range.max?.cpu_total_pct?.slice(1, 5)).toEqual([59, 59, 59, 59])
    expect(range.values.cpu_total_pct?.slice(1, 5)).toEqual([29.5, 29.5, 29.5, 29.5])
    const seconds = api.series({ from: start, to: start + 600_000, keys: ['cpu_total_pct'], maxPoints: 60 })
    expect(seconds).toMatchObject({ resolution: 'second', stepSeconds: 11 })
    expect(seconds.t.length).toBeLessThanOrEqual(60)
    recorder.dispose()
  })

  it('refuses a step that would give more rows than maxPoints, and a query over its budget', () => {
    const { api, recorder } = harness()
    const query = { from: start, to: start + 3_600_000, keys: ['cpu_total_pct'], maxPoints: 100 }
    expect(() => api.series({ ...query, stepSeconds: 30 })).toThrow(/gives 121 rows, more than maxPoints \(100\)/)
    expect(() => api.series({ ...query, stepSeconds: 90 })).toThrow(/whole number of minutes/)
    // 64 series over 50 days from 10:00 touch 51 day blocks of minutes, 4,700,160 values: refused before reading.
    const keys = Array.from({ length: 64 }, (_, index) => `core${index}_total_pct`)
    const overBudget = () => api.series({ from: start, to: start + 50 * 86_400_000 - 1, keys, maxPoints: 2000 })
    expect(overBudget).toThrow(VigilError)
    expect(overBudget).toThrow(/would read 4700160 values \(51 days of minutes × 64 series\)/)
    recorder.dispose()
  })

  it('keeps the top 20 processes by CPU and by memory, each once, and finds the snapshot of a moment', async () => {
    const { api, clock, setProcesses, recorder } = harness(undefined, { processIntervalMs: 5 })
    const processes = Array.from({ length: 100 }, (_, pid) => ({
      pid,
      ppid: 1,
      name: `p${pid}`,
      user: 'root',
      cpuPct: pid < 30 ? 100 - pid : 0,
      memBytes: pid >= 10 ? pid * 1000 : 0,
      state: 'running',
    }))
    setProcesses(processes)
    await new Promise((resolve) => setTimeout(resolve, 50))
    api.flush()
    const snapshot = api.processesAt(clock.t + 1000)
    const pids = snapshot?.processes.map((entry) => entry.pid)
    expect(pids?.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, index) => index))
    expect(pids?.slice(20)).toEqual(Array.from({ length: 20 }, (_, index) => 99 - index))
    expect(snapshot?.processes[0]).toEqual({ pid: 0, name: 'p0', user: 'root', cpuPct: 100, memBytes: 0 })
    expect(api.processesAt(clock.t + 60_000)).toBeUndefined()
    recorder.dispose()
  })

  it('counts log lines per source, level and second, with the position reached', () => {
    const { api, clock, lines, recorder } = harness()
    lines('f1', 'a.20', { error: 2 })
    lines('f1', 'a.30', { unleveled: 1 })
    lines('vigil', 'e.1', { info: 1 })
    clock.t += 1000
    lines('f1', 'a.40', { warn: 1 })
    clock.t += 5000
    lines('f1', 'a.50', { warn: 1 })
    api.flush()
    const seconds = api.logActivity({ from: start, to: start + 10_000, maxPoints: 100 })
    expect(seconds.sources.f1).toMatchObject({
      t: [start, start + 1000, start + 6000],
      lines: [3, 1, 1],
      position: ['a.30', 'a.40', 'a.50'],
    })
    expect(seconds.sources.f1?.levels.error).toEqual([2, 0, 0])
    expect(seconds.sources.f1?.levels.unleveled).toEqual([1, 0, 0])
    expect(seconds.sources.vigil?.levels.info).toEqual([1])
    const coarse = api.logActivity({ from: start, to: start + 9_999, source: 'f1', maxPoints: 2 })
    expect(coarse).toMatchObject({ stepSeconds: 5 })
    expect(coarse.sources).toEqual({
      f1: expect.objectContaining({ t: [start, start + 5000], lines: [4, 1], position: ['a.40', 'a.50'] }),
    })
    recorder.dispose()
  })

  it('answers the seconds counted since the last write with those written, a second split by a write added up', () => {
    const { api, clock, lines, recorder } = harness()
    lines('f1', 'a.20', { error: 2 })
    api.flush()
    lines('f1', 'a.30', { error: 1 })
    clock.t += 1000
    lines('f1', 'a.40', { error: 1 })
    lines('f2', 'b.5', { unleveled: 1 })
    const all = api.logActivity({ from: start, to: start + 5000, maxPoints: 100 })
    expect(all.sources.f1).toMatchObject({ t: [start, start + 1000], lines: [3, 1], position: ['a.30', 'a.40'] })
    expect(all.sources.f1?.levels.error).toEqual([3, 1])
    expect(all.sources.f2).toMatchObject({ t: [start + 1000], lines: [1] })
    const one = api.logActivity({ from: start + 1000, to: start + 5000, source: 'f1', maxPoints: 100 })
    expect(Object.keys(one.sources)).toEqual(['f1'])
    expect(one.sources.f1).toMatchObject({ t: [start + 1000], lines: [1] })
    // Once written, the same answer comes from the database alone.
    api.flush()
    expect(api.logActivity({ from: start, to: start + 5000, maxPoints: 100 })).toEqual(all)
    recorder.dispose()
  })

  it('keeps alert episodes and says when a list was cut at its limit', async () => {
    const { api, episode, clock, recorder } = harness()
    for (let index = 0; index < 3; index += 1) {
      clock.t += 1000
      episode({
        ruleId: 'r1',
        state: index % 2 ? 'resolved' : 'firing',
        since: clock.t,
        value: index,
        message: `m${index}`,
      })
    }
    // A start is kept once its processes are read.
    await new Promise((resolve) => setImmediate(resolve))
    api.flush()
    const events = api.events({ from: start, to: clock.t, limit: 2 })
    expect(events.episodes).toEqual([
      {
        ruleId: 'r1',
        state: 'firing',
        since: start + 1000,
        value: 0,
        message: 'm0',
        t: start + 1000,
        context: { processes: [], lines: [] },
      },
      { ruleId: 'r1', state: 'resolved', since: start + 2000, value: 1, message: 'm1', t: start + 2000 },
    ])
    expect(events.isTruncated).toBe(true)
    recorder.dispose()
  })

  it('drops seconds past the retention but keeps their minutes', () => {
    const { api, sample, clock, recorder } = harness(undefined, { settings: { retentionDays: 1 } })
    for (let index = 0; index < 120; index += 1) sample({ cpu_total_pct: 5 })
    api.flush()
    sample({ cpu_total_pct: 6 }, { wallMs: 2 * 86_400_000, monotonicMs: 2 * 3_600_000 })
    api.flush()
    expect(api.series({ from: start, to: start + 200_000, keys: ['cpu_total_pct'], maxPoints: 1000 }).t).toEqual([])
    const minutes = api.series({ from: start, to: clock.t, keys: ['cpu_total_pct'], maxPoints: 2000 })
    expect(minutes.resolution).toBe('minute')
    expect(minutes.values.cpu_total_pct?.slice(0, 2)).toEqual([5, 5])
    recorder.dispose()
  })

  it('deletes what a shorter retention leaves out, in batches, and says so in its status', async () => {
    const { api, sample, clock, recorder } = harness()
    const statuses: number[] = []
    api.onStatus((status) => statuses.push(status.retentionDays))
    // Six days of an hourly sample, each its own chunk: more than one trimming batch.
    for (let hour = 0; hour < 6 * 24; hour += 1) sample({ cpu_total_pct: 5 }, { wallMs: 3_600_000 })
    const newest = clock.t
    const firstHour = start + 3_600_000
    const around = (t: number) => ({
      from: t - 500,
      to: t + 500,
      keys: ['cpu_total_pct'],
      maxPoints: 10,
      stepSeconds: 1,
    })
    api.flush()
    expect(api.series(around(firstHour)).t).toEqual([firstHour])
    expect(api.status().held).toEqual({ from: firstHour, to: newest })

    await api.configure({ retentionDays: 2, recordCommandLines: false })

    expect(api.series(around(firstHour)).t).toEqual([])
    expect(api.series(around(newest - 86_400_000)).t).toEqual([newest - 86_400_000])
    expect(api.series(around(newest)).t).toEqual([newest])
    const held = api.status().held!
    expect(held.to).toBe(newest)
    expect(held.from).toBeGreaterThanOrEqual(newest - 2 * 86_400_000)
    expect(api.status().retentionDays).toBe(2)
    expect(statuses).toEqual([2, 2])
    recorder.dispose()
  })

  it('clears every recorded row but keeps the database, and marks the moment', () => {
    const { api, sample, clock, recorder, dataDir, lines, episode } = harness()
    for (let index = 0; index < 30; index += 1) sample({ cpu_total_pct: 5 })
    lines('app', '1.10', { error: 1 })
    episode({ ruleId: 'r1', state: 'firing', since: clock.t, value: 1, message: 'm' })
    api.flush()
    const range = { from: start, to: clock.t + 1000 }
    expect(api.series({ ...range, keys: ['cpu_total_pct'], maxPoints: 100 }).t).toHaveLength(30)

    api.clearHistory()

    expect(existsSync(join(dataDir, 'recorder.db'))).toBe(true)
    expect(api.series({ ...range, keys: ['cpu_total_pct'], maxPoints: 100 }).t).toEqual([])
    expect(api.logActivity({ ...range, maxPoints: 100 }).sources).toEqual({})
    const events = api.events({ ...range, limit: 100 })
    expect(events.episodes).toEqual([])
    expect(events.marks).toEqual([{ t: clock.t, kind: 'cleared', detail: 'History cleared.' }])
    expect(api.status().held).toBeUndefined()
    // Recording goes on after it.
    sample({ cpu_total_pct: 7 })
    api.flush()
    expect(
      api.series({ from: start, to: clock.t, keys: ['cpu_total_pct'], maxPoints: 100 }).values.cpu_total_pct,
    ).toEqual([7])
    recorder.dispose()
  })

  it('keeps command lines only when they are turned on', async () => {
    const { api, clock, recorder, setProcesses } = harness(undefined, { processIntervalMs: 20 })
    setProcesses([{ pid: process.pid, ppid: 0, name: 'node', user: 'me', cpuPct: 1, memBytes: 1, state: 'S' }])
    const snapshotNow = async () => {
      const from = clock.t
      clock.t += 1000
      await vi.waitFor(() => {
        api.flush()
        expect(api.processes(from + 1, clock.t, 10).snapshots.length).toBeGreaterThan(0)
      }, 10_000)
      return api.processes(from + 1, clock.t, 10).snapshots.at(-1)!.processes[0]!
    }
    expect((await snapshotNow()).command).toBeUndefined()
    await api.configure({ retentionDays: 7, recordCommandLines: true })
    expect((await snapshotNow()).command).toMatch(/node/)
    recorder.dispose()
  })

  it('keeps with an episode’s start the top processes by CPU and the newest log lines then', async () => {
    // Each source's lines as its file holds them, read back up to a position (the line count) as the logs would.
    const held: Record<string, string[]> = { f1: [], vigil: [] }
    const readLinesBefore: ReadLinesBefore = async (source, until, count) => ({
      name: source,
      lines: held[source]!.slice(0, Number(until))
        .slice(-count)
        .map((text) => ({ text, level: 'error' as const })),
    })
    const { api, episode, lines, setProcesses, clock, recorder } = harness(undefined, { readLinesBefore })
    const processes = Array.from({ length: 30 }, (_, index) => ({
      pid: 100 + index,
      ppid: 1,
      name: `p${index}`,
      user: 'u',
      cpuPct: index,
      memBytes: 1000 - index,
      state: 'R',
    })) as unknown as ProcessInfo[]
    // As the core's feed gives them: the list by CPU, then the list by memory.
    setProcesses([...processes, ...processes])
    const write = (source: string, text: string) => {
      held[source]!.push(text)
      lines(source, String(held[source]!.length), { error: 1 })
    }
    for (let index = 0; index < 30; index += 1) {
      clock.t += 1000
      write(index % 2 ? 'f1' : 'vigil', `line ${index}`)
    }
    clock.t += 1000
    episode({ ruleId: 'r1', state: 'firing', since: clock.t, value: 95, message: 'cpu' })
    write('f1', 'after the start')
    await vi.waitFor(() => {
      api.flush()
      expect(api.events({ from: start, to: clock.t, limit: 10 }).episodes).toHaveLength(1)
    })
    const { context } = api.events({ from: start, to: clock.t, limit: 10 }).episodes[0]!
    expect(context!.processes.map((entry) => entry.pid)).toEqual(Array.from({ length: 10 }, (_, index) => 129 - index))
    expect(context!.processes[0]).toEqual({ pid: 129, name: 'p29', user: 'u', cpuPct: 29, memBytes: 971 })
    expect(context!.lines.map((line) => line.text)).toEqual(
      Array.from({ length: 20 }, (_, index) => `line ${index + 10}`),
    )
    expect(context!.lines[19]).toEqual({ t: start + 30_000, source: 'f1', level: 'error', text: 'line 29' })
    recorder.dispose()
  })

  it('counts the lines of a level a source wrote over the last seconds, written or waiting', () => {
    const { api, clock, lines, recorder } = harness()
    lines('f1', '5', { error: 5 })
    clock.t += 30_000
    lines('f1', '8', { error: 3 })
    lines('f1', '9', { info: 1 })
    lines('f2', '7', { error: 7 })
    api.flush()
    clock.t += 20_000
    lines('f1', '11', { error: 2 })
    expect(api.lineRate('f1', 'error', 60)).toBe(10)
    expect(api.lineRate('f1', 'error', 30)).toBe(5)
    expect(api.lineRate('f1', 'info', 60)).toBe(1)
    expect(api.lineRate('f3', 'error', 60)).toBe(0)
    clock.t += 45_000
    expect(api.lineRate('f1', 'error', 60)).toBe(2)
    recorder.dispose()
  })

  it('migrates a database of schema 1: its episodes stay, and new ones keep their context', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-recorder-'))
    const old = new Database(join(dataDir, 'recorder.db'))
    migrations[0]!(old)
    old.exec('PRAGMA user_version = 1')
    old
      .prepare('INSERT INTO episodes (t, rule_id, state, since, value, message) VALUES (?, ?, ?, ?, ?, ?)')
      .run(start, 'old', 'firing', start, 91, 'before the upgrade')
    old.close()
    // A reader, which never migrates, reads it as it is.
    const reader = openRecorderReader(dataDir)
    expect(reader.api.events({ from: start, to: start, limit: 10 }).episodes).toEqual([
      { t: start, ruleId: 'old', state: 'firing', since: start, value: 91, message: 'before the upgrade' },
    ])
    reader.dispose()
    const { api, episode, clock, recorder } = harness(dataDir)
    clock.t += 1000
    episode({ ruleId: 'new', state: 'firing', since: clock.t, value: 92, message: 'after the upgrade' })
    await vi.waitFor(() => {
      api.flush()
      expect(api.events({ from: start, to: clock.t, limit: 10 }).episodes).toHaveLength(2)
    })
    expect(api.events({ from: start, to: clock.t, limit: 10 }).episodes).toEqual([
      { t: start, ruleId: 'old', state: 'firing', since: start, value: 91, message: 'before the upgrade' },
      expect.objectContaining({ ruleId: 'new', context: { processes: [], lines: [] } }),
    ])
    recorder.dispose()
    const reopened = new Database(join(dataDir, 'recorder.db'))
    expect(scalar(reopened.prepare('PRAGMA user_version'))).toBe(migrations.length)
    expect(migrations).toHaveLength(2)
    reopened.close()
  })

  it('moves a damaged database aside, starts a fresh one and says so', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-recorder-'))
    writeFileSync(join(dataDir, 'recorder.db'), Buffer.alloc(16_384, 7))
    const { api, entries, recorder } = harness(dataDir)
    const status = api.status()
    expect(status.state).toBe('recording')
    expect(status.movedAside?.reason).toMatch(/not a database/)
    expect(existsSync(status.movedAside!.path)).toBe(true)
    expect(readdirSync(dataDir).filter((name) => name.startsWith('recorder.db.corrupt-'))).toHaveLength(1)
    expect(entries.some((entry) => entry.level === 'error' && /was damaged .* moved to/.test(entry.message))).toBe(true)
    recorder.dispose()
  })
})
