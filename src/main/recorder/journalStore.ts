// The causes kept beside the numbers: process snapshots, log activity per source and second, alert
// episodes (a start with its context: processes and log lines then) and marks. Writes run inside the caller's transaction; reads are bounded by a LIMIT (lists)
// or refused past their row budget (log activity).
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type Database from 'libsql'
import {
  activityLevels,
  type ActivityLevel,
  type EpisodeContext,
  type MarkKind,
  type ProcessSnapshot,
  type RecordedEpisode,
  type RecorderMark,
} from '../../shared/recorder'
import type { Blob } from './codec'
import { scalar } from './sql'

/** The lines of one source in one second. */
export interface ActivityRow {
  source: string
  second: number
  levels: Record<ActivityLevel, number>
  position: string
}

export interface JournalStore {
  addSnapshot(snapshot: ProcessSnapshot): void
  addActivity(rows: readonly ActivityRow[]): void
  addEpisode(episode: RecordedEpisode): void
  addMark(mark: RecorderMark): void
  /** The newest snapshot at or before `at`, not older than `reachMs`. */
  snapshotAt(at: number, reachMs: number): ProcessSnapshot | undefined
  snapshots(from: number, to: number, limit: number): ProcessSnapshot[]
  countSnapshots(from: number, to: number): number
  /** The oldest snapshot of [from, to]. */
  firstSnapshotIn(from: number, to: number): ProcessSnapshot | undefined
  /** Rows of [fromSecond, toSecond], oldest first; at most `limit` (the caller asks one more to notice more). */
  activity(fromSecond: number, toSecond: number, source: string | undefined, limit: number): ActivityRow[]
  /** Lines of `level` from `source` over [fromSecond, toSecond]. */
  lineCount(source: string, level: ActivityLevel, fromSecond: number, toSecond: number): number
  /**
   * Lines per source and level over the oldest `limit` rows of [fromSecond, toSecond], with how many rows
   * were counted and the newest second among them.
   */
  activityTotals(
    fromSecond: number,
    toSecond: number,
    limit: number,
  ): { sources: Omit<ActivityRow, 'second' | 'position'>[]; rows: number; lastSecond?: number }
  /** Of the oldest `scanLimit` rows of [fromSecond, toSecond], those with warnings or worse: at most `limit`, oldest first. */
  notableActivity(fromSecond: number, toSecond: number, scanLimit: number, limit: number): ActivityRow[]
  marks(from: number, to: number, limit: number): RecorderMark[]
  /** Episode changes over [from, to], with each start's context. */
  episodes(from: number, to: number, limit: number): RecordedEpisode[]
  /** The newest episode changes at or before `at`, newest first (without their context). */
  episodesBefore(at: number, limit: number): RecordedEpisode[]
  lastMark(): RecorderMark | undefined
  /**
   * Drops at most `limit` rows of each kind: snapshots and log activity before `beforeMs`, episodes and
   * marks before `eventsBeforeMs`; returns how many went (0: nothing older is left).
   */
  prune(beforeMs: number, eventsBeforeMs: number, limit: number): number
  /** Drops every snapshot, log activity row, episode and mark. */
  clear(): void
}

/** A snapshot as one deflated JSON object of columns: names and users repeat, and deflate takes them. */
function packSnapshot({ processes }: ProcessSnapshot): Buffer {
  const columns = {
    pid: processes.map((entry) => entry.pid),
    name: processes.map((entry) => entry.name),
    user: processes.map((entry) => entry.user),
    cpuPct: processes.map((entry) => entry.cpuPct),
    memBytes: processes.map((entry) => entry.memBytes),
    ...(processes.some((entry) => entry.command !== undefined)
      ? { command: processes.map((entry) => entry.command ?? null) }
      : {}),
  }
  return deflateRawSync(JSON.stringify(columns))
}

function unpackSnapshot(t: number, data: Blob): ProcessSnapshot {
  const columns = JSON.parse(inflateRawSync(data).toString('utf8')) as {
    pid: number[]
    name: string[]
    user: string[]
    cpuPct: number[]
    memBytes: number[]
    command?: (string | null)[]
  }
  return {
    t,
    processes: columns.pid.map((pid, index) => {
      const command = columns.command?.[index]
      return {
        pid,
        name: columns.name[index]!,
        user: columns.user[index]!,
        cpuPct: columns.cpuPct[index]!,
        memBytes: columns.memBytes[index]!,
        ...(typeof command === 'string' ? { command } : {}),
      }
    }),
  }
}

type MarkRow = [number, MarkKind, number | null, string]

const toMark = ([t, kind, until, detail]: MarkRow): RecorderMark =>
  until === null ? { t, kind, detail } : { t, kind, until, detail }

export function createJournalStore(db: Database.Database): JournalStore {
  const levelColumns = activityLevels.join(', ')
  const insertSnapshot = db.prepare('INSERT OR REPLACE INTO process_snapshots (t, data) VALUES (?, ?)')
  // A second written in two batches adds up; the position is the later one.
  const upsertActivity = db.prepare(
    `INSERT INTO log_activity (source, second, ${levelColumns}, position)
     VALUES (?, ?, ${activityLevels.map(() => '?').join(', ')}, ?)
     ON CONFLICT (second, source) DO UPDATE SET
       ${activityLevels.map((level) => `${level} = ${level} + excluded.${level}`).join(', ')},
       position = excluded.position`,
  )
  // Made at the first write: a reader of a database of schema 1 (see contextColumn below) never writes.
  let insertEpisode: Database.Statement | undefined
  // One statement per level: the level names a column.
  const selectLineCounts = new Map(
    activityLevels.map((level) => [
      level,
      db.prepare(`SELECT COALESCE(SUM(${level}), 0) FROM log_activity WHERE second BETWEEN ? AND ? AND source = ?`),
    ]),
  )
  const insertMark = db.prepare('INSERT INTO marks (t, kind, until, detail) VALUES (?, ?, ?, ?)')
  const selectSnapshotAt = db
    .prepare('SELECT t, data FROM process_snapshots WHERE t BETWEEN ? AND ? ORDER BY t DESC LIMIT 1')
    .raw()
  const selectSnapshots = db
    .prepare('SELECT t, data FROM process_snapshots WHERE t BETWEEN ? AND ? ORDER BY t LIMIT ?')
    .raw()
  const countSnapshotsIn = db.prepare('SELECT count(*) FROM process_snapshots WHERE t BETWEEN ? AND ?')
  const activityColumns = `source, second, ${levelColumns}, position`
  // The inner LIMIT bounds the rows read, whatever the range; the outer query only adds up or filters them.
  const oldestActivity = `SELECT ${activityColumns} FROM log_activity WHERE second BETWEEN ? AND ? ORDER BY second LIMIT ?`
  const selectActivityTotals = db
    .prepare(
      `SELECT source, ${activityLevels.map((level) => `sum(${level})`).join(', ')}, count(*), max(second)
       FROM (${oldestActivity}) GROUP BY source`,
    )
    .raw()
  const selectNotableActivity = db
    .prepare(`SELECT * FROM (${oldestActivity}) WHERE warn + error + fatal > 0 ORDER BY second LIMIT ?`)
    .raw()
  const selectActivity = db
    .prepare(`SELECT ${activityColumns} FROM log_activity WHERE second BETWEEN ? AND ? ORDER BY second LIMIT ?`)
    .raw()
  const selectSourceActivity = db
    .prepare(
      `SELECT ${activityColumns} FROM log_activity WHERE second BETWEEN ? AND ? AND source = ? ORDER BY second LIMIT ?`,
    )
    .raw()
  const selectMarks = db
    .prepare('SELECT t, kind, until, detail FROM marks WHERE t BETWEEN ? AND ? ORDER BY t, id LIMIT ?')
    .raw()
  const selectLastMark = db.prepare('SELECT t, kind, until, detail FROM marks ORDER BY id DESC LIMIT 1').raw()
  // A reader (the MCP command) may open a database no core has migrated to schema 2 yet: no context there.
  const columns = db.prepare('PRAGMA table_info(episodes)').raw().all() as unknown[][]
  const contextColumn = columns.some((column) => column[1] === 'context') ? 'context' : 'NULL'
  const selectEpisodes = db
    .prepare(
      `SELECT t, rule_id, state, since, value, message, ${contextColumn} FROM episodes WHERE t BETWEEN ? AND ? ORDER BY t, id LIMIT ?`,
    )
    .raw()

  const deleteOldSnapshots = db.prepare(
    'DELETE FROM process_snapshots WHERE t IN (SELECT t FROM process_snapshots WHERE t < ? ORDER BY t LIMIT ?)',
  )
  const deleteOldActivity = db.prepare(
    `DELETE FROM log_activity WHERE (second, source) IN
       (SELECT second, source FROM log_activity WHERE second < ? ORDER BY second LIMIT ?)`,
  )
  const deleteOldEpisodes = db.prepare(
    'DELETE FROM episodes WHERE id IN (SELECT id FROM episodes WHERE t < ? ORDER BY t LIMIT ?)',
  )
  const deleteOldMarks = db.prepare(
    'DELETE FROM marks WHERE id IN (SELECT id FROM marks WHERE t < ? ORDER BY t LIMIT ?)',
  )
  const selectEpisodesBefore = db
    .prepare(
      'SELECT t, rule_id, state, since, value, message FROM episodes WHERE t <= ? ORDER BY t DESC, id DESC LIMIT ?',
    )
    .raw()
  type EpisodeRow = [number, string, 'firing' | 'resolved', number, number, string, Blob | null | undefined]
  const toEpisode = ([t, ruleId, state, since, value, message, context]: EpisodeRow): RecordedEpisode => ({
    t,
    ruleId,
    state,
    since,
    value,
    message,
    ...(context ? { context: JSON.parse(inflateRawSync(context).toString('utf8')) as EpisodeContext } : {}),
  })

  function toActivity(row: unknown[]): ActivityRow {
    const levels = {} as Record<ActivityLevel, number>
    activityLevels.forEach((level, index) => (levels[level] = row[2 + index] as number))
    return { source: row[0] as string, second: row[1] as number, levels, position: row.at(-1) as string }
  }

  return {
    addSnapshot: (snapshot) => insertSnapshot.run(snapshot.t, packSnapshot(snapshot)),
    addActivity(rows) {
      for (const row of rows)
        upsertActivity.run(row.source, row.second, ...activityLevels.map((level) => row.levels[level]), row.position)
    },
    addEpisode: (episode) =>
      (insertEpisode ??= db.prepare(
        'INSERT INTO episodes (t, rule_id, state, since, value, message, context) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )).run(
        episode.t,
        episode.ruleId,
        episode.state,
        episode.since,
        episode.value,
        episode.message,
        episode.context ? deflateRawSync(JSON.stringify(episode.context)) : null,
      ),
    addMark: (mark) => insertMark.run(mark.t, mark.kind, mark.until ?? null, mark.detail),
    snapshotAt(at, reachMs) {
      const row = selectSnapshotAt.get(at - reachMs, at) as [number, Blob] | undefined
      return row ? unpackSnapshot(row[0], row[1]) : undefined
    },
    snapshots: (from, to, limit) =>
      (selectSnapshots.all(from, to, limit) as [number, Blob][]).map(([t, data]) => unpackSnapshot(t, data)),
    countSnapshots: (from, to) => scalar<number>(countSnapshotsIn, from, to)!,
    firstSnapshotIn(from, to) {
      const row = selectSnapshots.get(from, to, 1) as [number, Blob] | undefined
      return row ? unpackSnapshot(row[0], row[1]) : undefined
    },
    activityTotals(fromSecond, toSecond, limit) {
      const rows = selectActivityTotals.all(fromSecond, toSecond, limit) as unknown[][]
      const levelsOf = (row: unknown[]) =>
        Object.fromEntries(activityLevels.map((level, index) => [level, row[1 + index] as number])) as Record<
          ActivityLevel,
          number
        >
      const counted = (row: unknown[]) => row.at(-2) as number
      const newest = rows.map((row) => row.at(-1) as number)
      return {
        sources: rows.map((row) => ({ source: row[0] as string, levels: levelsOf(row) })),
        rows: rows.reduce((sum, row) => sum + counted(row), 0),
        ...(newest.length > 0 ? { lastSecond: Math.max(...newest) } : {}),
      }
    },
    notableActivity: (fromSecond, toSecond, scanLimit, limit) =>
      (selectNotableActivity.all(fromSecond, toSecond, scanLimit, limit) as unknown[][]).map(toActivity),
    activity(fromSecond, toSecond, source, limit) {
      const rows =
        source === undefined
          ? selectActivity.all(fromSecond, toSecond, limit)
          : selectSourceActivity.all(fromSecond, toSecond, source, limit)
      return (rows as unknown[][]).map(toActivity)
    },
    lineCount: (source, level, fromSecond, toSecond) =>
      scalar<number>(selectLineCounts.get(level)!, fromSecond, toSecond, source) ?? 0,
    marks: (from, to, limit) => (selectMarks.all(from, to, limit) as MarkRow[]).map(toMark),
    episodes: (from, to, limit) => (selectEpisodes.all(from, to, limit) as EpisodeRow[]).map(toEpisode),
    episodesBefore: (at, limit) => (selectEpisodesBefore.all(at, limit) as EpisodeRow[]).map(toEpisode),
    lastMark() {
      const row = selectLastMark.get() as MarkRow | undefined
      return row ? toMark(row) : undefined
    },
    prune(beforeMs, eventsBeforeMs, limit) {
      return (
        deleteOldSnapshots.run(beforeMs, limit).changes +
        deleteOldActivity.run(Math.floor(beforeMs / 1000), limit).changes +
        deleteOldEpisodes.run(eventsBeforeMs, limit).changes +
        deleteOldMarks.run(eventsBeforeMs, limit).changes
      )
    },
    clear() {
      for (const table of ['process_snapshots', 'log_activity', 'episodes', 'marks']) db.exec(`DELETE FROM ${table}`)
    },
  }
}
