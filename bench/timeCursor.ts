// The time-cursor panel (one file of about 300 lines: the day's generator, the in-memory peer and the run
// belong together). A recorder filled with one realistic day (24 series every second, the top 40
// processes every 5 s, three log files written at 0 to 20 lines a second with their byte offsets, alert
// episodes and marks), then the moment query the panel sends (GET /api/recorder/moment: the snapshot then,
// the lines of every source ±5 s read back from the files by the real logs capability, open alerts,
// marks) at 40 moments spread over the day, beside the same lookup over in-memory arrays (binary searches,
// the same nearest-rows choice, lines sliced from arrays). Also the window summary of 1 h and 24 h.
import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../src/main/logger'
import { createLogs, createVigilLog } from '../src/main/logs'
import { fileIdOf } from '../src/main/logs/fileTailer'
import { createRecorder } from '../src/main/recorder'
import { openRecorderDatabase } from '../src/main/recorder/database'
import { createJournalStore, type ActivityRow } from '../src/main/recorder/journalStore'
import { nearestRows, openEpisodesAt, timeLines } from '../src/main/recorder/moment'
import { createSeriesStore } from '../src/main/recorder/seriesStore'
import { inTransaction } from '../src/main/recorder/sql'
import type { LogLevelName } from '../src/shared/logs'
import type { MetricSample } from '../src/shared/protocol'
import { activityLevels, recorderLimits, type ProcessSnapshot, type RecordedEpisode } from '../src/shared/recorder'
import { median } from './stats'
import type { Benchmark, Table } from './table'

const day0 = Date.UTC(2026, 0, 5)
const daySeconds = 86_400
const momentSeconds = 5
const momentCount = 40
const rounds = 5
const panelTargetMs = 50
const seriesKeys = [
  ...['total', 'user', 'system', 'iowait'].map((measure) => `cpu_${measure}_pct`),
  ...[0, 1, 2, 3].map((core) => `core${core}_total_pct`),
  ...['used_bytes', 'used_pct', 'available_bytes', 'cached_bytes'].map((measure) => `mem_${measure}`),
  'load_1',
  'load_5',
  'load_15',
  ...['rx', 'tx'].map((way) => `net_eth0_${way}_bytes_per_s`),
  ...['read', 'write'].map((way) => `disk_vda_${way}_bytes_per_s`),
  'swap_used_bytes',
  'procs_running',
  'procs_blocked',
  'temp_cpu_c',
  'fs_root_used_pct',
]
/** Mean lines a second of each file; `web` comes in bursts. */
const sources = [
  { id: 'f0000000a', name: 'app.log', perSecond: 3 },
  { id: 'f0000000b', name: 'db.log', perSecond: 1 },
  { id: 'f0000000c', name: 'web.log', perSecond: 2 },
]

/** A small deterministic generator, so both sides see the same day and the same moments. */
function createRandom(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
}

interface PeerSource {
  id: string
  name: string
  rows: (ActivityRow & { lineEnd: number })[]
  lines: { text: string; level: LogLevelName }[]
}

function levelFor(random: () => number): LogLevelName {
  const roll = random()
  return roll < 0.02 ? 'error' : roll < 0.07 ? 'warn' : roll < 0.15 ? 'debug' : 'info'
}

/** Writes the three log files of the day; answers their rows (with byte offsets) and lines as arrays. */
function writeLogFiles(folder: string, random: () => number): PeerSource[] {
  return sources.map(({ id, name, perSecond }) => {
    const path = join(folder, name)
    writeFileSync(path, '')
    const fileId = fileIdOf(statSync(path))
    const fd = openSync(path, 'a')
    const peer: PeerSource = { id, name, rows: [], lines: [] }
    let offset = 0
    let pending: string[] = []
    for (let second = 0; second < daySeconds; second += 1) {
      const count =
        name === 'web.log' ? (random() < 0.1 ? Math.floor(random() * 40) : 0) : Math.floor(random() * 2 * perSecond)
      if (count === 0) continue
      const levels = Object.fromEntries(activityLevels.map((level) => [level, 0])) as ActivityRow['levels']
      const iso = new Date(day0 + second * 1000).toISOString()
      for (let index = 0; index < count; index += 1) {
        const level = levelFor(random)
        const text = `${iso} ${level.toUpperCase()} [${name.slice(0, -4)}] request ${peer.lines.length} handled by worker ${index % 8} in ${Math.floor(random() * 900)} ms`
        levels[level] += 1
        peer.lines.push({ text, level })
        pending.push(`${text}\n`)
        offset += Buffer.byteLength(text) + 1
      }
      peer.rows.push({
        source: id,
        second: day0 / 1000 + second,
        levels,
        position: `${fileId}.${offset}`,
        lineEnd: peer.lines.length,
      })
      if (pending.length > 10_000) {
        writeSync(fd, pending.join(''))
        pending = []
      }
    }
    writeSync(fd, pending.join(''))
    closeSync(fd)
    return peer
  })
}

/** The day's snapshots (40 of 60 processes every 5 s) and a few alert episodes. */
function processesAndEpisodes(random: () => number) {
  const snapshots: ProcessSnapshot[] = []
  for (let second = 0; second < daySeconds; second += 5)
    snapshots.push({
      t: day0 + second * 1000,
      processes: Array.from({ length: 40 }, (_, index) => ({
        pid: 1000 + ((index * 7 + second) % 60),
        name: `worker-${(index * 7 + second) % 60}`,
        user: index % 3 === 0 ? 'root' : 'app',
        cpuPct: Math.round(random() * 10_000) / 100,
        memBytes: Math.floor(random() * 2 ** 30),
      })),
    })
  const episodes: RecordedEpisode[] = []
  for (let hour = 0; hour < 24; hour += 3) {
    const t = day0 + hour * 3_600_000 + 600_000
    episodes.push({ t, ruleId: 'cpu-hot', state: 'firing', since: t, value: 95, message: 'CPU above 80 % for 5 s' })
    episodes.push({
      t: t + 300_000,
      ruleId: 'cpu-hot',
      state: 'resolved',
      since: t + 300_000,
      value: 20,
      message: 'CPU back',
    })
  }
  return { snapshots, episodes }
}

function fillDatabase(dataDir: string, peers: PeerSource[], random: () => number) {
  const { snapshots, episodes } = processesAndEpisodes(random)
  const { db } = openRecorderDatabase(join(dataDir, 'recorder.db'), () => false)
  const series = createSeriesStore(db)
  const journal = createJournalStore(db)
  const marks = [
    { t: day0, kind: 'started' as const, detail: 'Vigil started recording.' },
    { t: day0 + daySeconds * 1000, kind: 'stopped' as const, detail: 'Vigil stopped.' },
  ]
  const values = seriesKeys.map(() => random() * 100)
  for (let hour = 0; hour < 24; hour += 1) {
    const from = day0 + hour * 3_600_000
    const to = from + 3_599_999
    const samples: MetricSample[] = Array.from({ length: 3600 }, (_, index) => ({
      seq: hour * 3600 + index,
      t: from + index * 1000,
      values: Object.fromEntries(
        seriesKeys.map((key, at) => [
          key,
          (values[at] = Math.round(Math.abs(values[at]! + random() - 0.5) * 100) / 100),
        ]),
      ),
    }))
    inTransaction(db, () => {
      series.append(samples)
      series.seal({ isNewestIncluded: hour === 23 })
      for (const snapshot of snapshots) if (snapshot.t >= from && snapshot.t <= to) journal.addSnapshot(snapshot)
      for (const peer of peers)
        journal.addActivity(peer.rows.filter((row) => row.second * 1000 >= from && row.second * 1000 <= to))
      for (const episode of episodes) if (episode.t >= from && episode.t <= to) journal.addEpisode(episode)
      for (const mark of marks) if (mark.t >= from && mark.t <= to + 1) journal.addMark(mark)
    })
  }
  db.close()
  return { snapshots, episodes, marks }
}

/** The index of the first item whose key is above `key`. */
function upperBound<T>(items: readonly T[], key: number, keyOf: (item: T) => number): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (keyOf(items[middle]!) <= key) low = middle + 1
    else high = middle
  }
  return low
}

/** The moment from in-memory arrays: the same choices as assembleMoment, without the database or the files. */
function peerMoment(peers: PeerSource[], day: ReturnType<typeof fillDatabase>, at: number) {
  const atSecond = Math.floor(at / 1000)
  const logs = peers.flatMap((peer) => {
    const first = upperBound(peer.rows, atSecond - momentSeconds - 1, (row) => row.second)
    const end = upperBound(peer.rows, atSecond + momentSeconds, (row) => row.second)
    if (first >= end) return []
    const kept = nearestRows(peer.rows.slice(first, end), atSecond, recorderLimits.momentLinesPerSource)
    const wanted = Math.min(
      recorderLimits.momentLinesPerSource,
      kept.reduce((sum, row) => sum + activityLevels.reduce((lines, level) => lines + row.levels[level], 0), 0),
    )
    const lineEnd = (kept.at(-1) as PeerSource['rows'][number]).lineEnd
    return [{ name: peer.name, lines: timeLines(kept, peer.lines.slice(lineEnd - wanted, lineEnd)) }]
  })
  const snapshotIndex = upperBound(day.snapshots, at, (snapshot) => snapshot.t) - 1
  const snapshot = day.snapshots[snapshotIndex]
  const episodeEnd = upperBound(day.episodes, at, (episode) => episode.t)
  const changes = day.episodes.slice(Math.max(0, episodeEnd - recorderLimits.momentEpisodeRows), episodeEnd).reverse()
  return {
    snapshot: snapshot && at - snapshot.t <= recorderLimits.processSnapshotReachMs ? snapshot : null,
    logs,
    openEpisodes: openEpisodesAt(changes),
    marks: day.marks.filter((mark) => Math.abs(mark.t - at) <= recorderLimits.momentMarksReachMs),
  }
}

async function timed(work: () => unknown): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

async function run(): Promise<Table> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-cursor-'))
  const random = createRandom(17)
  const fillStarted = performance.now()
  const peers = writeLogFiles(dataDir, random)
  const day = fillDatabase(dataDir, peers, random)
  writeFileSync(
    join(dataDir, 'log-sources.json'),
    JSON.stringify(peers.map(({ id, name }) => ({ id, path: join(dataDir, name), addedAt: day0 }))),
  )
  const fillSeconds = (performance.now() - fillStarted) / 1000
  const logger = createLogger(() => undefined)
  const logs = await createLogs({
    dataDir,
    epoch: 'bench',
    logger,
    vigilLog: createVigilLog('bench').source,
    keepAliveMs: 15_000,
  })
  const recorder = createRecorder({
    dataDir,
    logger,
    intervalMs: 1000,
    onSample: () => () => undefined,
    readLinesBefore: logs.api.linesBefore,
    now: () => day0 + daySeconds * 1000 + 1000,
  })
  try {
    const moments = Array.from({ length: momentCount }, () => day0 + Math.floor(random() * daySeconds) * 1000 + 500)
    const ours: number[] = []
    const peer: number[] = []
    let linesRead = 0
    for (let round = 0; round <= rounds; round += 1)
      for (const at of moments) {
        // Round 0 warms both sides up (statements prepared, pages cached, code compiled) and is not counted.
        const oursMs = await timed(async () => {
          const moment = await recorder.api.moment({ at, seconds: momentSeconds })
          if (round === 1) linesRead += moment.logs.reduce((sum, source) => sum + source.lines.length, 0)
        })
        const peerMs = await timed(() => peerMoment(peers, day, at))
        if (round > 0) {
          ours.push(oursMs)
          peer.push(peerMs)
        }
      }
    const summaryMs = async (hours: number) => {
      const times: number[] = []
      for (let round = 0; round <= 3; round += 1) {
        const from = day0 + (24 - hours) * 3_600_000
        const ms = await timed(() => recorder.api.summary({ from, to: from + hours * 3_600_000 - 1 }))
        if (round > 0) times.push(ms)
      }
      return median(times)
    }
    const [hourSummaryMs, daySummaryMs] = [await summaryMs(1), await summaryMs(24)]
    const panelMs = median(ours)
    const peerPanelMs = median(peer)
    const lineCount = peers.reduce((sum, source) => sum + source.lines.length, 0)
    return {
      oursHeading: 'recorder',
      peerHeading: 'in-memory arrays',
      rows: [
        { label: 'time-cursor panel, one moment ±5 s (ms)', ours: panelMs, peer: peerPanelMs, decimals: 2 },
        { label: 'window summary of 1 h, for Ask AI (ms)', ours: hourSummaryMs, peer: undefined, decimals: 1 },
        { label: 'window summary of 24 h, for Ask AI (ms)', ours: daySummaryMs, peer: undefined, decimals: 1 },
      ],
      targets: [
        {
          description: `time-cursor panel < ${panelTargetMs} ms (measured ${panelMs.toFixed(2)})`,
          isMet: panelMs < panelTargetMs,
        },
      ],
      notes: [
        `one day: ${seriesKeys.length} series × ${daySeconds.toLocaleString('en-US')} s, ${day.snapshots.length.toLocaleString('en-US')} snapshots of 40 processes, ${lineCount.toLocaleString('en-US')} log lines in 3 files with their activity rows, ${day.episodes.length} episode changes; filled in ${fillSeconds.toFixed(0)} s`,
        `moments: median of ${rounds} rounds × ${momentCount} moments spread over the day (after a warm-up round), ${(linesRead / momentCount).toFixed(0)} lines read back per moment on average`,
        'recorder: recorder.api.moment as the route calls it (SQLite reads, snapshot inflated, lines read back from the files by the logs capability); peer: the same lookup from arrays held in memory (binary searches, the same nearestRows, lines sliced from arrays)',
        'window summary: series over 1 h at 1 s and 24 h per minute, processes from at most 720 snapshots, activity counted, up to 15 seconds of warnings and errors read back',
      ],
    }
  } finally {
    recorder.dispose()
    await logs.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export const timeCursor: Benchmark = {
  name: 'cursor',
  description: 'Time-cursor panel: the moment query on a recorder holding one realistic day, against in-memory arrays',
  run,
}
