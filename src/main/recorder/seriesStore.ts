// The metric series on disk. Samples first land in open_samples (one row each, written in batches); a
// run of them that is complete (its clock hour is over, or the clock went back, or Vigil restarted) is
// sealed into a chunk: one compressed time column and one compressed column per series, and its minute
// aggregates are merged into the series' day blocks. Reads take sealed chunks and open rows alike.
// Every method runs inside the caller's transaction where it writes; none keeps a statement open.
import type Database from 'libsql'
import type { MetricSample } from '../../shared/protocol'
import {
  decodeMinutes,
  decodeOpenSample,
  decodeTimes,
  decodeValues,
  encodeMinutes,
  encodeOpenSample,
  encodeTimes,
  encodeValues,
  type Blob,
  type MinuteRows,
} from './codec'
import { scalar } from './sql'

const hourMs = 3_600_000
const minuteMs = 60_000
const dayMs = 86_400_000

/** Samples in time order, a column per asked key (NaN where a sample had no value). */
export interface RawSeries {
  t: number[]
  values: Map<string, number[]>
}

export interface SeriesStore {
  /** Adds samples to the open rows; call seal() after, in the same transaction. */
  append(samples: readonly MetricSample[]): void
  /** Seals every open run but the newest (which may still grow), or all of them. */
  seal(options: { isNewestIncluded: boolean }): void
  /**
   * Drops at most `limit` sealed chunks that ended before `rawBeforeMs` and `limit` day blocks of days
   * before `minuteBeforeMs`; returns how many went (0: nothing older is left).
   */
  prune(rawBeforeMs: number, minuteBeforeMs: number, limit: number): number
  /** Drops every sample, chunk and day block (the series names stay). */
  clear(): void
  /** Epoch ms of the oldest sample on disk. */
  oldestTime(): number | undefined
  /** Epoch ms of the oldest minute aggregate (of any series). */
  oldestMinute(): number | undefined
  /** How many samples a raw read of [from, to] would decode. */
  countSamples(from: number, to: number): number
  readRaw(from: number, to: number, keys: readonly string[]): RawSeries
  /** Only the samples not sealed yet (whose minutes are not in the day blocks). */
  readOpen(from: number, to: number, keys: readonly string[]): RawSeries
  /** How many day blocks a minute read would decode, per key. */
  countDays(from: number, to: number): number
  readMinutes(from: number, to: number, key: string): MinuteSeries
  keys(): string[]
  /** After a transaction was rolled back: forgets series ids that were not committed. */
  rollback(): void
  /** Epoch ms of the newest sample on disk. */
  newestTime(): number | undefined
}

/** Minute aggregates of one series, oldest first. */
export interface MinuteSeries {
  t: number[]
  min: number[]
  avg: number[]
  max: number[]
  count: number[]
}

interface OpenRow {
  id: number
  t: number
  data: Blob
}

/** Minute aggregates of one series in the making. */
interface MinuteAccumulator {
  min: number
  max: number
  sum: number
  count: number
}

export function createSeriesStore(db: Database.Database): SeriesStore {
  const idOfKey = new Map<string, number>()
  const loadSeries = () => {
    idOfKey.clear()
    for (const [id, key] of db.prepare('SELECT id, key FROM series').raw().all() as [number, string][])
      idOfKey.set(key, id)
  }
  loadSeries()
  const insertSeries = db.prepare('INSERT INTO series (key) VALUES (?)')
  const insertOpen = db.prepare('INSERT INTO open_samples (t, data) VALUES (?, ?)')
  const selectOpen = db.prepare('SELECT id, t, data FROM open_samples ORDER BY id')
  const selectOpenRange = db.prepare('SELECT id, t, data FROM open_samples WHERE t BETWEEN ? AND ? ORDER BY id')
  const countOpenRange = db.prepare('SELECT count(*) FROM open_samples WHERE t BETWEEN ? AND ?')
  const deleteOpenUpTo = db.prepare('DELETE FROM open_samples WHERE id <= ?')
  const insertChunk = db.prepare('INSERT INTO chunks (start_ms, end_ms, count, times) VALUES (?, ?, ?, ?)')
  const insertValues = db.prepare('INSERT INTO chunk_values (chunk_id, series_id, data) VALUES (?, ?, ?)')
  const selectMinuteDay = db.prepare('SELECT data FROM minute_days WHERE series_id = ? AND day = ?')
  const upsertMinuteDay = db.prepare('INSERT OR REPLACE INTO minute_days (series_id, day, data) VALUES (?, ?, ?)')
  const chunksInRange = 'FROM chunks WHERE end_ms >= ? AND start_ms <= ?'
  const countChunkSamples = db.prepare(`SELECT coalesce(sum(count), 0) ${chunksInRange}`)
  const selectChunks = db.prepare(`SELECT id, count, times ${chunksInRange} ORDER BY start_ms, id`).raw()
  const selectChunkValues = db.prepare('SELECT data FROM chunk_values WHERE chunk_id = ? AND series_id = ?')
  const selectOldChunks = db.prepare('SELECT id FROM chunks WHERE end_ms < ? ORDER BY end_ms LIMIT ?').raw()
  const deleteChunkValues = db.prepare('DELETE FROM chunk_values WHERE chunk_id = ?')
  const deleteChunk = db.prepare('DELETE FROM chunks WHERE id = ?')
  const deleteOldDays = db.prepare(
    'DELETE FROM minute_days WHERE (series_id, day) IN (SELECT series_id, day FROM minute_days WHERE day < ? LIMIT ?)',
  )

  // The newest open run: its clock hour and last time, to know when a new sample starts another run.
  // The caller seals whatever an earlier run of Vigil left open before appending.
  let runHour: number | undefined
  let runLastT = -Infinity
  let hasFinishedRun = false

  function idFor(key: string): number {
    let id = idOfKey.get(key)
    if (id === undefined) {
      id = Number(insertSeries.run(key).lastInsertRowid)
      idOfKey.set(key, id)
    }
    return id
  }

  function sealRun(rows: OpenRow[]): void {
    const count = rows.length
    const times = rows.map((row) => row.t)
    const columns = new Map<number, Float64Array>()
    rows.forEach((row, index) =>
      decodeOpenSample(row.data, (id, value) => {
        let column = columns.get(id)
        if (!column) {
          column = new Float64Array(count).fill(Number.NaN)
          columns.set(id, column)
        }
        column[index] = value
      }),
    )
    const chunkId = Number(
      insertChunk.run(Math.min(...times), Math.max(...times), count, encodeTimes(times)).lastInsertRowid,
    )
    for (const [seriesId, column] of columns) {
      insertValues.run(chunkId, seriesId, encodeValues(column))
      mergeMinutes(seriesId, times, column)
    }
    deleteOpenUpTo.run(rows.at(-1)!.id)
  }

  /** Folds a run's values into the day blocks of its minutes (a minute seen before is combined). */
  function mergeMinutes(seriesId: number, times: number[], column: Float64Array): void {
    const byDay = new Map<number, Map<number, MinuteAccumulator>>()
    times.forEach((t, index) => {
      const value = column[index]!
      if (Number.isNaN(value)) return
      const day = Math.floor(t / dayMs)
      const minute = Math.floor((t - day * dayMs) / minuteMs)
      let minutes = byDay.get(day)
      if (!minutes) byDay.set(day, (minutes = new Map()))
      const slot = minutes.get(minute)
      if (!slot) minutes.set(minute, { min: value, max: value, sum: value, count: 1 })
      else {
        slot.min = Math.min(slot.min, value)
        slot.max = Math.max(slot.max, value)
        slot.sum += value
        slot.count += 1
      }
    })
    for (const [day, minutes] of byDay) {
      const existing = scalar<Blob>(selectMinuteDay, seriesId, day)
      if (existing) {
        const rows = decodeMinutes(existing)
        rows.minute.forEach((minute, index) => {
          const count = rows.count[index]!
          const earlier = { min: rows.min[index]!, max: rows.max[index]!, sum: rows.avg[index]! * count, count }
          const slot = minutes.get(minute)
          if (!slot) minutes.set(minute, earlier)
          else {
            slot.min = Math.min(slot.min, earlier.min)
            slot.max = Math.max(slot.max, earlier.max)
            slot.sum += earlier.sum
            slot.count += earlier.count
          }
        })
      }
      const rows: MinuteRows = { minute: [], min: [], avg: [], max: [], count: [] }
      for (const minute of [...minutes.keys()].sort((a, b) => a - b)) {
        const slot = minutes.get(minute)!
        rows.minute.push(minute)
        rows.min.push(slot.min)
        // Readings have two decimals; an average finer than that says nothing more and packs worse.
        rows.avg.push(Math.round((slot.sum / slot.count) * 100) / 100)
        rows.max.push(slot.max)
        rows.count.push(slot.count)
      }
      upsertMinuteDay.run(seriesId, day, encodeMinutes(rows))
    }
  }

  function decodeRowInto(row: OpenRow, wanted: Map<number, number[]>, at: number): void {
    decodeOpenSample(row.data, (id, value) => {
      const column = wanted.get(id)
      if (column) column[at] = value
    })
  }

  function readOpen(from: number, to: number, keys: readonly string[]): RawSeries {
    const wanted = new Map<number, number[]>()
    const openRows = selectOpenRange.all(from, to) as OpenRow[]
    const openColumns = keys.map(() => new Array<number>(openRows.length).fill(Number.NaN))
    keys.forEach((key, at) => {
      const id = idOfKey.get(key)
      if (id !== undefined) wanted.set(id, openColumns[at]!)
    })
    openRows.forEach((row, index) => decodeRowInto(row, wanted, index))
    return { t: openRows.map((row) => row.t), values: new Map(keys.map((key, at) => [key, openColumns[at]!])) }
  }

  return {
    readOpen,
    append(samples) {
      for (const sample of samples) {
        const hour = Math.floor(sample.t / hourMs)
        if (runHour !== undefined && (hour !== runHour || sample.t < runLastT)) hasFinishedRun = true
        const ids: number[] = []
        const values: number[] = []
        for (const key in sample.values) {
          ids.push(idFor(key))
          values.push(sample.values[key]!)
        }
        insertOpen.run(sample.t, encodeOpenSample(ids, values))
        runHour = hour
        runLastT = sample.t
      }
    },
    seal({ isNewestIncluded }) {
      if (!hasFinishedRun && !isNewestIncluded) return
      const rows = selectOpen.all() as OpenRow[]
      const runs: OpenRow[][] = []
      for (const row of rows) {
        const current = runs.at(-1)
        const previous = current?.at(-1)
        const isSameRun =
          previous !== undefined &&
          Math.floor(row.t / hourMs) === Math.floor(previous.t / hourMs) &&
          row.t >= previous.t
        if (current && isSameRun) current.push(row)
        else runs.push([row])
      }
      const toSeal = isNewestIncluded ? runs : runs.slice(0, -1)
      for (const run of toSeal) sealRun(run)
      hasFinishedRun = false
      if (isNewestIncluded) {
        runHour = undefined
        runLastT = -Infinity
      }
    },
    prune(rawBeforeMs, minuteBeforeMs, limit) {
      const chunkIds = (selectOldChunks.all(rawBeforeMs, limit) as [number][]).map(([id]) => id)
      for (const id of chunkIds) {
        deleteChunkValues.run(id)
        deleteChunk.run(id)
      }
      const days = deleteOldDays.run(Math.floor(minuteBeforeMs / dayMs), limit).changes
      return chunkIds.length + days
    },
    clear() {
      for (const table of ['chunk_values', 'chunks', 'open_samples', 'minute_days']) db.exec(`DELETE FROM ${table}`)
      runHour = undefined
      runLastT = -Infinity
      hasFinishedRun = false
    },
    oldestTime() {
      const open = scalar<number | null>(db.prepare('SELECT min(t) FROM open_samples'))
      const sealed = scalar<number | null>(db.prepare('SELECT min(start_ms) FROM chunks'))
      const oldest = Math.min(open ?? Infinity, sealed ?? Infinity)
      return Number.isFinite(oldest) ? oldest : undefined
    },
    oldestMinute() {
      const blocks = db
        .prepare('SELECT day, data FROM minute_days WHERE day = (SELECT min(day) FROM minute_days)')
        .raw()
        .all() as [number, Blob][]
      const minutes = blocks.map(([day, data]) => day * dayMs + Math.min(...decodeMinutes(data).minute) * minuteMs)
      return minutes.length > 0 ? Math.min(...minutes) : undefined
    },
    countSamples(from, to) {
      return scalar<number>(countChunkSamples, from, to)! + scalar<number>(countOpenRange, from, to)!
    },
    readRaw(from, to, keys) {
      const t: number[] = []
      const columns = keys.map(() => [] as number[])
      for (const [chunkId, count, timesBlob] of selectChunks.all(from, to) as [number, number, Blob][]) {
        const times = decodeTimes(timesBlob, count)
        const inRange: number[] = []
        for (let index = 0; index < count; index += 1) {
          const time = times[index]!
          if (time < from || time > to) continue
          inRange.push(index)
          t.push(time)
        }
        keys.forEach((key, at) => {
          const id = idOfKey.get(key)
          const blob = id === undefined ? undefined : scalar<Blob>(selectChunkValues, chunkId, id)
          const values = blob ? decodeValues(blob, count) : undefined
          const column = columns[at]!
          for (const index of inRange) column.push(values ? values[index]! : Number.NaN)
        })
      }
      const open = readOpen(from, to, keys)
      for (const time of open.t) t.push(time)
      keys.forEach((key, at) => {
        for (const value of open.values.get(key)!) columns[at]!.push(value)
      })
      return sortedByTime(t, keys, columns)
    },
    countDays(from, to) {
      return Math.floor(to / dayMs) - Math.floor(from / dayMs) + 1
    },
    readMinutes(from, to, key) {
      const out: MinuteSeries = { t: [], min: [], avg: [], max: [], count: [] }
      const id = idOfKey.get(key)
      if (id === undefined) return out
      const blocks = db
        .prepare('SELECT day, data FROM minute_days WHERE series_id = ? AND day BETWEEN ? AND ? ORDER BY day')
        .raw()
        .all(id, Math.floor(from / dayMs), Math.floor(to / dayMs)) as [number, Blob][]
      for (const [day, data] of blocks) {
        const rows = decodeMinutes(data)
        rows.minute.forEach((minute, index) => {
          const time = day * dayMs + minute * minuteMs
          if (time < Math.floor(from / minuteMs) * minuteMs || time > to) return
          out.t.push(time)
          out.min.push(rows.min[index]!)
          out.avg.push(rows.avg[index]!)
          out.max.push(rows.max[index]!)
          out.count.push(rows.count[index]!)
        })
      }
      return out
    },
    keys: () => [...idOfKey.keys()].sort(),
    rollback: loadSeries,
    newestTime() {
      const open = scalar<number | null>(db.prepare('SELECT max(t) FROM open_samples'))
      const sealed = scalar<number | null>(db.prepare('SELECT max(end_ms) FROM chunks'))
      const newest = Math.max(open ?? -Infinity, sealed ?? -Infinity)
      return Number.isFinite(newest) ? newest : undefined
    },
  }
}

/** Chunks overlap in time only after the clock went back; then the samples are put in time order. */
function sortedByTime(t: number[], keys: readonly string[], columns: number[][]): RawSeries {
  const isSorted = t.every((time, index) => index === 0 || t[index - 1]! <= time)
  if (isSorted) return { t, values: new Map(keys.map((key, at) => [key, columns[at]!])) }
  const order = t.map((_, index) => index).sort((a, b) => t[a]! - t[b]! || a - b)
  return {
    t: order.map((index) => t[index]!),
    values: new Map(keys.map((key, at) => [key, order.map((index) => columns[at]![index]!)])),
  }
}
