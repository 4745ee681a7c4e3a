// Exports read from the recorder over real HTTP. Metrics of ranges the ring buffers no longer hold: history
// written into the data folder before the core starts, exported at 1 s and per minute, page by page with
// a page budget of a few values (every row once, none lost at a page's edge), seconds past their retention
// exported as minute averages with a step column, and ranges refused with the reason. Log lines of a time
// range: a file written before, during and after it, and only the lines of the range exported.
import { appendFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { exportRoutes, type ExportJob } from '../../src/shared/export'
import { recorderRoutes, type LogActivity, type RecorderStatus } from '../../src/shared/recorder'
import { bearer, send } from '../support/http'
import { coreWithLogFile, quickRecording, waitUntil } from '../support/recordedLog'
import { recordedValueAt, seedRecorderHistory } from '../support/recorderValues'
import { makeDataDir, startTestCore, type TestCore } from '../support/testCore'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const minuteMs = 60_000
const dayMs = 86_400_000

/** A core on a data folder holding `count` seeded samples a second apart from `firstT`. */
async function coreWithHistory(firstT: number, count: number, exportPageCells?: number): Promise<TestCore> {
  const dataDir = await makeDataDir()
  seedRecorderHistory(dataDir, firstT, count)
  const running = await startTestCore({ ...quickRecording, dataDir, exportPageCells })
  cleanups.push(() => running.dispose())
  return running
}

function createExport(running: TestCore, body: unknown) {
  return send(running.core.port, exportRoutes.exports, {
    method: 'POST',
    headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Exports and downloads; the CSV's header and rows. */
async function exportRows(
  running: TestCore,
  body: object,
): Promise<{ job: ExportJob; header: string[]; rows: string[][] }> {
  const created = await createExport(running, { kind: 'metrics', csv: { timestamps: 'epoch' }, ...body })
  expect(created.status, created.text).toBe(200)
  const job = created.json<ExportJob>()
  const file = await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, {
    headers: bearer(running.core.token),
  })
  expect(file.status, file.text).toBe(200)
  const [header, ...rows] = parse(file.text) as string[][]
  return { job, header: header!, rows }
}

/** Two days back, on a whole minute: older than the ring buffers, within the seconds' retention. */
const twoDaysAgo = () => Math.floor((Date.now() - 2 * dayMs) / minuteMs) * minuteMs

describe('metrics exports from the recorder', () => {
  it('exports every recorded second of a past range once, read in pages of a few values', async () => {
    const firstT = twoDaysAgo()
    const running = await coreWithHistory(firstT, 100, 7)
    const { header, rows, job } = await exportRows(running, {
      from: firstT,
      to: firstT + 99_000,
      series: ['cpu_total_pct', 'mem_used_bytes'],
    })
    expect(job.title).toMatch(/\(1 s, recorded\)/)
    expect(header).toEqual(['time_epoch_ms', 'cpu_total_pct', 'mem_used_bytes'])
    const times = Array.from({ length: 100 }, (_, index) => firstT + index * 1000)
    expect(rows).toEqual(times.map((t) => [String(t), String(recordedValueAt(t)), '']))
  })

  it('exports a past range per minute: each series’ min, avg and max', async () => {
    const firstT = twoDaysAgo()
    const running = await coreWithHistory(firstT, 90, 5)
    const { header, rows } = await exportRows(running, {
      from: firstT,
      to: firstT + 89_000,
      series: ['cpu_total_pct'],
      resolution: 'minute',
    })
    expect(header).toEqual(['time_epoch_ms', 'cpu_total_pct_min', 'cpu_total_pct_avg', 'cpu_total_pct_max'])
    const minute = (start: number, count: number) => {
      const values = Array.from({ length: count }, (_, index) => recordedValueAt(start + index * 1000))
      const avg = Math.round((values.reduce((sum, value) => sum + value, 0) / count) * 100) / 100
      return [String(start), String(Math.min(...values)), String(avg), String(Math.max(...values))]
    }
    expect(rows).toEqual([minute(firstT, 60), minute(firstT + minuteMs, 30)])
  })

  it('exports seconds past their retention as minute averages, marked by a step column, then the seconds held', async () => {
    const firstT = Math.floor((Date.now() - 10 * dayMs) / minuteMs) * minuteMs
    const running = await coreWithHistory(firstT, 120)
    // The core deletes the seconds older than the retention (7 days) at its first write; the minutes stay.
    await waitUntil(async () => {
      const status = (
        await send(running.core.port, recorderRoutes.status, { headers: bearer(running.core.token) })
      ).json<RecorderStatus>()
      return status.held !== undefined && status.held.from > firstT + dayMs
    })
    const { header, rows, job } = await exportRows(running, {
      from: firstT,
      to: Date.now(),
      series: ['cpu_total_pct'],
    })
    expect(job.title).toMatch(/1 s where held, 1 min before/)
    expect(header).toEqual(['time_epoch_ms', 'step_s', 'cpu_total_pct'])
    const average = (start: number) =>
      String(
        Math.round(
          (Array.from({ length: 60 }, (_, index) => recordedValueAt(start + index * 1000)).reduce((a, b) => a + b) /
            60) *
            100,
        ) / 100,
      )
    expect(rows.slice(0, 2)).toEqual([
      [String(firstT), '60', average(firstT)],
      [String(firstT + minuteMs), '60', average(firstT + minuteMs)],
    ])
    const recent = rows.slice(2)
    expect(recent.length).toBeGreaterThan(0)
    expect(recent.every((row) => row[1] === '1' && Number(row[0]) > Date.now() - dayMs)).toBe(true)
  })

  it('refuses ranges it cannot export with the reason', async () => {
    const firstT = twoDaysAgo()
    const running = await coreWithHistory(firstT, 10)
    const series = ['cpu_total_pct']
    const cases: [object, number, RegExp][] = [
      [{ from: firstT, to: firstT - 1, series }, 400, /from must not be after to/],
      [{ from: firstT - 401 * dayMs, to: firstT, series }, 400, /must not be longer than 400 days/],
      [{ from: 'yesterday', to: firstT, series }, 400, /from/],
      [{ from: firstT - 30 * dayMs, to: firstT - 29 * dayMs, series }, 409, /holds no/],
    ]
    for (const [body, status, reason] of cases) {
      const answer = await createExport(running, { kind: 'metrics', ...body })
      expect({ body, status: answer.status }).toEqual({ body, status })
      expect(answer.json<{ message: string }>().message).toMatch(reason)
    }
  })
})

describe('log exports of a time range', () => {
  /** The lines of `id` the recorder counted in [from, to]. */
  async function counted(running: TestCore, id: string, from: number, to: number): Promise<number> {
    const query = `from=${from}&to=${to}&source=${id}&maxPoints=1`
    const answer = await send(running.core.port, `${recorderRoutes.logActivity}?${query}`, {
      headers: bearer(running.core.token),
    })
    const activity = answer.json<LogActivity>().sources[id]
    return activity ? activity.lines.reduce((sum, lines) => sum + lines, 0) : 0
  }

  const untilNextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50))

  it('exports the lines written in the range, read back from the file, and none from before or after', async () => {
    const { running, path, id } = await coreWithLogFile(cleanups)
    const started = Date.now()
    // The file is followed once the registry announces it: a first line is written until it is counted.
    await waitUntil(async () => {
      await appendFile(path, 'INFO before the range\n')
      await new Promise((resolve) => setTimeout(resolve, 200))
      return (await counted(running, id, started, Date.now())) > 0
    })
    await untilNextSecond()
    const from = Date.now()
    const inside = ['ERROR first inside', 'WARN second inside', 'plain third inside']
    await appendFile(path, inside.map((line) => `${line}\n`).join(''))
    await waitUntil(async () => (await counted(running, id, from, Date.now())) === inside.length)
    const to = Date.now()
    await untilNextSecond()
    await appendFile(path, 'INFO after the range\n')
    await waitUntil(async () => (await counted(running, id, from, Date.now())) === inside.length + 1)

    const created = await createExport(running, { kind: 'logs', sources: [{ id, range: { kind: 'time', from, to } }] })
    expect(created.status, created.text).toBe(200)
    const job = created.json<ExportJob>()
    expect(job.title).toMatch(/^Logs of app\.log, \d{4}-/)
    const file = await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, {
      headers: bearer(running.core.token),
    })
    const [header, ...rows] = parse(file.text) as string[][]
    // Each line's own time first (these lines name none, so those cells are empty), as Timestamps writes it.
    expect(header).toEqual(['time_utc', 'time_epoch_ms', 'source', 'offset', 'level', 'text'])
    expect(rows.map((row) => row[5])).toEqual(inside)
    expect(rows.map((row) => row[4])).toEqual(['error', 'warn', ''])
  })

  it('refuses a time range it cannot export with the reason', async () => {
    const { running, id } = await coreWithLogFile(cleanups)
    const cases: [object, number, RegExp][] = [
      [{ kind: 'time', from: 5000, to: 1000 }, 400, /from must not be after to/],
      [{ kind: 'time', from: 0, to: 401 * dayMs }, 400, /must not be longer than 400 days/],
      [{ kind: 'time', from: 1000, to: 5000 }, 409, /counted no lines of these sources/],
    ]
    for (const [range, status, reason] of cases) {
      const answer = await createExport(running, { kind: 'logs', sources: [{ id, range }] })
      expect({ range, status: answer.status }).toEqual({ range, status })
      expect(answer.json<{ message: string }>().message).toMatch(reason)
    }
  })
})
