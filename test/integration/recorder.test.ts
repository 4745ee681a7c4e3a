// The recorder against real failures: a process killed with SIGKILL while it writes, a full disk, and a
// core restarted on the same data folder; and its routes over real HTTP.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { appendFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type LogEntry } from '../../src/main/logger'
import { createRecorder } from '../../src/main/recorder'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { routes, type MetricSample, type MetricsEvent } from '../../src/shared/protocol'
import {
  recorderRoutes,
  type LogActivity,
  type ProcessSnapshot,
  type RecorderEvents,
  type RecorderStatus,
  type SeriesRange,
  type SourceActivity,
} from '../../src/shared/recorder'
import { bearer, send } from '../support/http'
import { recordedValueAt } from '../support/recorderValues'
import { connectSse } from '../support/sseClient'
import { makeDataDir, startTestCore, type TestCore } from '../support/testCore'

const childScript = fileURLToPath(new URL('../support/recorderChild.ts', import.meta.url))
const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  // Each cleanup runs even when one before it failed; the first failure is reported.
  const failures: unknown[] = []
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => failures.push(error))
  if (failures.length > 0) throw failures[0]
})

const silentLogger = (entries: LogEntry[] = []) => createLogger((entry) => entries.push(entry))

/** Runs the child recorder from `firstT` and kills it with SIGKILL after `killAfterMs`; returns the last sample time it printed. */
async function recordAndKill(dataDir: string, firstT: number, killAfterMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir, String(firstT)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const output: string[] = []
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const closed = new Promise((resolve) => child.once('close', resolve))
  try {
    const deadline = Date.now() + 30_000
    while (!output.join('').includes('ready\n')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the recorder child did not start')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await new Promise((resolve) => setTimeout(resolve, killAfterMs))
  } finally {
    child.kill('SIGKILL')
  }
  await closed
  const times = output
    .join('')
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number)
  return times.at(-1) ?? firstT
}

describe('recorder under failure', () => {
  it('survives SIGKILL at random moments 30 times: intact, and holding all but the last 10 s', async () => {
    const dataDir = await makeDataDir()
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    let firstT = Date.UTC(2026, 0, 5, 10, 59, 30)
    for (let round = 0; round < 30; round += 1) {
      const lastT = await recordAndKill(dataDir, firstT, 50 + Math.floor(Math.random() * 500))
      const db = new Database(join(dataDir, 'recorder.db'))
      const check = db.prepare('PRAGMA integrity_check').pluck().all()
      db.close()
      expect(check).toEqual(['ok'])

      const recorder = createRecorder({ dataDir, logger: silentLogger(), intervalMs: 1000, onSample: () => () => {} })
      try {
        const kept = recorder.api.series({
          from: firstT + 1000,
          to: lastT,
          keys: ['cpu_total_pct'],
          maxPoints: 10_000,
          stepSeconds: 1,
        })
        const mustHave = Math.max(0, (lastT - 10_000 - firstT) / 1000)
        expect(kept.t.length).toBeGreaterThanOrEqual(mustHave)
        // No hole and nothing invented: consecutive simulated seconds from the first sample on.
        expect(kept.t).toEqual(kept.t.map((_, index) => firstT + (index + 1) * 1000))
        expect(kept.values.cpu_total_pct).toEqual(kept.t.map(recordedValueAt))
        const { marks } = recorder.api.events({ from: firstT, to: lastT + 1, limit: 10 })
        if (kept.t.length > 0) expect(marks.map((mark) => mark.kind)).toContain('stopped')
      } finally {
        recorder.dispose()
      }
      firstT = lastT + 60_000
    }
  }, 400_000)

  it('pauses on a full disk with the reason as status, and resumes on its own when there is room', async () => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'vigil-full-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint])
    cleanups.push(() => rmSync(mountPoint, { recursive: true, force: true }))
    // Lazily: libsql's close() lets go of the files only when its statements are garbage-collected.
    cleanups.push(() => void execFileSync('umount', ['--lazy', mountPoint]))
    const entries: LogEntry[] = []
    let listener: ((sample: MetricSample) => void) | undefined
    let t = Date.UTC(2026, 0, 5, 12)
    const recorder = createRecorder({
      dataDir: mountPoint,
      logger: silentLogger(entries),
      intervalMs: 1000,
      flushIntervalMs: 3_600_000,
      onSample: (next) => ((listener = next), () => (listener = undefined)),
      now: () => t,
    })
    let isDisposed = false
    cleanups.push(() => void (isDisposed || recorder.dispose()))
    const statuses: RecorderStatus[] = []
    recorder.api.onStatus((status) => statuses.push(status))
    let cores = 16
    const record = (count: number) => {
      for (let index = 0; index < count; index += 1) {
        t += 1000
        const values: MetricSample['values'] = {}
        for (let core = 0; core < cores; core += 1) values[`core${core}_total_pct`] = Math.random() * 100
        listener!({ seq: 0, t, values })
      }
    }
    record(10)
    expect(recorder.api.flush()).toBe(true)
    const filler = join(mountPoint, 'filler')
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' })
    } catch {
      // dd stops with an error when the disk is full: that is the point.
    }
    let flushes = 0
    do {
      record(200)
      flushes += 1
    } while (recorder.api.flush() && flushes < 50)
    expect(recorder.api.status()).toMatchObject({ state: 'paused', reason: expect.stringMatching(/disk is full/) })
    expect(statuses.at(-1)?.state).toBe('paused')
    expect(entries.some((entry) => entry.level === 'error' && /disk is full/.test(entry.message))).toBe(true)
    const pausedAt = t
    // A series first seen while nothing can be written: its id must not outlive the failed transaction.
    cores = 17
    record(5)
    expect(recorder.api.flush()).toBe(false)

    rmSync(filler)
    record(5)
    expect(recorder.api.flush()).toBe(true)
    expect(recorder.api.status().state).toBe('recording')
    const { marks } = recorder.api.events({ from: 0, to: t + 1, limit: 100 })
    expect(marks.find((mark) => mark.kind === 'paused')).toMatchObject({ until: t })
    const kept = recorder.api.series({ from: pausedAt - 200_000, to: t, keys: ['core0_total_pct'], maxPoints: 10_000 })
    // The samples taken while the disk was full were kept in memory and written once there was room.
    expect(kept.t.at(-1)).toBe(t)
    expect(kept.t).toContain(pausedAt)
    recorder.dispose()
    isDisposed = true
    const reopened = createRecorder({
      dataDir: mountPoint,
      logger: silentLogger(),
      intervalMs: 1000,
      onSample: () => () => {},
    })
    cleanups.push(() => reopened.dispose())
    const newSeries = reopened.api.series({ from: pausedAt, to: t, keys: ['core16_total_pct'], maxPoints: 100 })
    expect(newSeries.values.core16_total_pct?.filter((value) => value !== null)).toHaveLength(10)
  })
})

describe('recorder in the core', () => {
  let running: TestCore | undefined
  afterEach(async () => {
    await running?.dispose()
    running = undefined
  })

  async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  it('shows the past after a restart: old samples, a gap, then new ones, with stop and start marks', async () => {
    const dataDir = await makeDataDir()
    const first = await startTestCore({ dataDir, sampleIntervalMs: 50 })
    await waitUntil(() => first.core.metrics.history.size >= 10)
    const recorded = first.core.metrics.history.size
    await first.core.dispose()
    const stoppedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 300))
    running = await startTestCore({ dataDir, sampleIntervalMs: 50, recorderFlushIntervalMs: 100 })
    const { core } = running
    await waitUntil(() => core.metrics.history.size >= 2)
    const stream = await connectSse(core.port, `${routes.metricsStream}?windowSeconds=60`, bearer(core.token))
    const history = await stream.waitForEvent((event) => event.event === 'history')
    stream.close()
    const { columns } = history.data as Extract<MetricsEvent, { event: 'history' }>['data']
    const old = columns.t.filter((t) => t <= stoppedAt)
    expect(old.length).toBeGreaterThanOrEqual(recorded)
    const fresh = columns.t.slice(old.length)
    expect(fresh.length).toBeGreaterThanOrEqual(1)
    expect(fresh[0]! - old.at(-1)!).toBeGreaterThanOrEqual(300)
    expect(columns.values.cpu_total_pct).toHaveLength(columns.t.length)
    expect(columns.values.mem_total_bytes!.slice(0, old.length).every((bytes) => bytes! > 0)).toBe(true)
    expect(history.id).toBe(`${core.info.instanceId}:${columns.firstSeq + columns.t.length - 1}`)

    // Stalls of a loaded machine may add `missed` marks between: only the lifecycle is checked here.
    const lifecycle = async () => {
      const range = `from=${Date.now() - 3_600_000}&to=${Date.now()}`
      const answer = await send(core.port, `${recorderRoutes.events}?${range}`, { headers: bearer(core.token) })
      return answer
        .json<RecorderEvents>()
        .marks.map((mark) => mark.kind)
        .filter((kind) => kind === 'started' || kind === 'stopped')
    }
    await waitUntil(async () => (await lifecycle()).length === 3)
    expect(await lifecycle()).toEqual(['started', 'stopped', 'started'])
  })

  it('counts the lines of a log file added while it runs, per level and second, with no client following it', async () => {
    running = await startTestCore({ sampleIntervalMs: 50, recorderFlushIntervalMs: 100 })
    const { core } = running
    const folder = mkdtempSync(join(tmpdir(), 'vigil-recorder-logs-'))
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }))
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const added = await send(core.port, logRoutes.sources, {
      method: 'POST',
      headers: { ...bearer(core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ path }),
    })
    const { id } = added.json<LogSourceInfo>()
    const startedAt = Date.now() - 1000
    const written = 'INFO one\nERROR two\nERROR three\n'
    // The recorder starts following the file when the registry announces it; lines before that are not counted.
    const activity = async () => {
      const range = `from=${startedAt}&to=${Date.now() + 1000}&source=${id}`
      return (
        await send(core.port, `${recorderRoutes.logActivity}?${range}`, { headers: bearer(core.token) })
      ).json<LogActivity>().sources[id]
    }
    await waitUntil(async () => {
      await appendFile(path, written)
      await new Promise((resolve) => setTimeout(resolve, 200))
      return ((await activity())?.lines.reduce((sum, lines) => sum + lines, 0) ?? 0) >= 3
    })
    const counted = (await activity())!
    const total = (level: keyof SourceActivity['levels']) =>
      counted.levels[level].reduce((sum, count) => sum + count, 0)
    expect(total('error')).toBe(2 * total('info'))
    const lastOffset = Number(counted.position.at(-1)!.split('.').at(-1))
    expect(lastOffset % written.length).toBe(0)
    expect(lastOffset).toBeGreaterThan(0)
  })

  it('keeps the top processes every few seconds: this test process, by memory, is among them', async () => {
    // A spinning child, so that one process is sure to lead by CPU.
    const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
    cleanups.push(() => void spinner.kill('SIGKILL'))
    running = await startTestCore({ sampleIntervalMs: 50, recorderFlushIntervalMs: 100 })
    const { core } = running
    let snapshot: ProcessSnapshot | null = null
    await waitUntil(async () => {
      const answer = await send(core.port, `${recorderRoutes.processes}?at=${Date.now()}`, {
        headers: bearer(core.token),
      })
      snapshot = answer.json<{ snapshot: ProcessSnapshot | null }>().snapshot
      return snapshot !== null && snapshot.processes.some((entry) => entry.pid === spinner.pid)
    }, 20_000)
    const { processes } = snapshot!
    expect(processes.length).toBeLessThanOrEqual(40)
    expect(new Set(processes.map((entry) => entry.pid)).size).toBe(processes.length)
    expect(processes.find((entry) => entry.pid === spinner.pid)).toMatchObject({ name: 'node', user: 'root' })
    expect(processes.find((entry) => entry.pid === spinner.pid)!.cpuPct).toBeGreaterThan(0)
    expect(Object.keys(processes[0]!).sort()).toEqual(['cpuPct', 'memBytes', 'name', 'pid', 'user'])
  }, 30_000)

  it('answers bounded queries over HTTP and says what is wrong with a bad one', async () => {
    running = await startTestCore({ sampleIntervalMs: 50, recorderFlushIntervalMs: 100 })
    const { core } = running
    const get = (path: string) => send(core.port, path, { headers: bearer(core.token) })
    const startedAt = Date.now()
    await waitUntil(async () => {
      const answer = await get(`${recorderRoutes.series}?from=${startedAt - 5000}&to=${Date.now()}&keys=cpu_total_pct`)
      return answer.json<SeriesRange>().t.length >= 5
    })
    const status = await get(recorderRoutes.status)
    expect(status.json<RecorderStatus>()).toMatchObject({ state: 'recording', retentionDays: 7 })
    expect(status.json<RecorderStatus>().databaseBytes).toBeGreaterThan(0)

    const now = Date.now()
    const cases: [string, RegExp][] = [
      [`${recorderRoutes.series}?from=${now}&to=${now - 1}&keys=cpu_total_pct`, /to must be later than from/],
      [`${recorderRoutes.series}?from=0&to=${now}&keys=cpu_total_pct`, /not be longer than 400 days/],
      [`${recorderRoutes.series}?from=${now - 1000}&to=${now}&keys=nonsense`, /keys must be known series/],
      [`${recorderRoutes.series}?from=${now - 1000}&to=${now}`, /keys/],
      [
        `${recorderRoutes.series}?from=${now - 1000}&to=${now}&keys=cpu_total_pct&maxPoints=0`,
        /maxPoints must be at least 1/,
      ],
      [
        `${recorderRoutes.series}?from=${now - 3_600_000}&to=${now}&keys=cpu_total_pct&maxPoints=10&stepSeconds=1`,
        /more than maxPoints \(10\)/,
      ],
      [`${recorderRoutes.processes}?at=yesterday`, /at must be a whole number/],
      [`${recorderRoutes.events}?from=${now - 1000}&to=${now}&limit=100000`, /limit must be at most 1000/],
      [`${recorderRoutes.logActivity}?from=${now - 1000}&to=${now}&colour=red`, /colour/],
    ]
    for (const [path, reason] of cases) {
      const answer = await get(path)
      expect({ path, status: answer.status }).toEqual({ path, status: 400 })
      expect(answer.json<{ code: string; message: string }>()).toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(reason),
      })
    }
  })
})
