// Tool latency: seven days of a 2-core machine written fast into a fresh recorder database (samples of
// its usual series every second, a process snapshot every 5 s, a busy log file with the recorder's
// activity for it, alert episodes), then each of the AI's tools over the whole week, called directly on
// the ToolBox and through the MCP SDK's client over Streamable HTTP on a loopback server, in the same run.
// Target: under 100 ms per tool called directly.
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createLogger } from '../src/main/logger'
import { fileIdOf } from '../src/main/logs/fileTailer'
import { openDataDirTools } from '../src/main/mcpCommand'
import { createRecorder } from '../src/main/recorder'
import { levelCounts } from '../src/shared/recorder'
import { openRecorderDatabase } from '../src/main/recorder/database'
import { createJournalStore, type ActivityRow } from '../src/main/recorder/journalStore'
import { inTransaction } from '../src/main/recorder/sql'
import { startHttpServer } from '../src/main/server/httpServer'
import { createToken } from '../src/main/server/security'
import { createStaticFiles } from '../src/main/server/staticFiles'
import type { MetricSample } from '../src/shared/protocol'
import type { ToolBox } from '../src/shared/tools'
import { median } from './stats'
import type { Benchmark, Row, Table } from './table'

const days = 7
const dayMs = 86_400_000
const snapshotIntervalMs = 5000
/** One line of the log file every this many seconds: 151,200 lines over the week. */
const logLineEverySeconds = 4
const rounds = 9
const budgetMs = 100
const fixtureUi = fileURLToPath(new URL('../test/fixtures/ui', import.meta.url))

/** The usual series of a 2-core machine with one disk and one interface. */
const seriesKeys = [
  'cpu_total_pct',
  'cpu_user_pct',
  'cpu_system_pct',
  'cpu_iowait_pct',
  'core0_total_pct',
  'core1_total_pct',
  'mem_used_bytes',
  'mem_available_bytes',
  'mem_used_pct',
  'load_1',
  'net_eth0_rx_bytes_per_s',
  'disk_vda_write_bytes_per_s',
]

const processNames = ['systemd', 'sshd', 'postgres', 'nginx', 'node', 'java', 'python3', 'dockerd', 'cron', 'rsyslogd']

/** A daily rhythm with noise, rounded to two decimals as readings are. */
function valueOf(key: string, t: number): number {
  const daily = (1 - Math.cos(((t % dayMs) / dayMs) * 2 * Math.PI)) / 2
  const noise = Math.random()
  if (key.endsWith('_pct')) return Math.round(Math.min(100, 5 + 60 * daily + 20 * noise) * 100) / 100
  if (key.endsWith('_bytes')) return Math.round((4e9 + 2e9 * daily + 1e8 * noise) / 4096) * 4096
  if (key.startsWith('load_')) return Math.round((0.2 + 1.5 * daily + noise * 0.3) * 100) / 100
  return Math.round(1e5 * daily * noise)
}

/** Seven days of samples through the recorder itself, written an hour at a time. */
function recordSamples(dataDir: string, start: number, end: number): void {
  let t = start
  let monotonic = 0
  let listener: ((sample: MetricSample) => void) | undefined
  const recorder = createRecorder({
    dataDir,
    logger: createLogger(() => {}),
    intervalMs: 1000,
    settings: { retentionDays: 30 },
    flushIntervalMs: 3_600_000,
    onSample: (next) => ((listener = next), () => (listener = undefined)),
    now: () => t,
    monotonicNow: () => monotonic,
  })
  for (let seq = 0; t < end; seq += 1) {
    t += 1000
    monotonic += 1000
    const values: Record<string, number> = {}
    for (const key of seriesKeys) values[key] = valueOf(key, t)
    listener!({ seq, t, values })
    if (seq % 3600 === 0) recorder.api.flush()
  }
  recorder.dispose()
}

/** A syslog-like file of the week, and the recorder's activity rows for it (one per line's second). */
async function writeLogFile(path: string, sourceId: string, start: number, end: number): Promise<ActivityRow[]> {
  const handle = await open(path, 'w')
  const rows: ActivityRow[] = []
  let offset = 0
  let chunk: string[] = []
  const positions: { second: number; end: number; level: 'info' | 'warn' | 'error' }[] = []
  for (let t = start; t < end; t += logLineEverySeconds * 1000) {
    const roll = Math.random()
    const level = roll < 0.01 ? 'error' : roll < 0.05 ? 'warn' : 'info'
    const message =
      level === 'error'
        ? 'upstream timed out while reading response header from upstream'
        : `request completed in ${Math.round(roll * 300)} ms for /api/items/${Math.round(roll * 1e6)}`
    const line = `${new Date(t).toISOString()} ${level.toUpperCase()} nginx[812]: ${message}\n`
    offset += Buffer.byteLength(line)
    chunk.push(line)
    positions.push({ second: Math.floor(t / 1000), end: offset, level })
    if (chunk.length === 10_000) {
      await handle.write(chunk.join(''))
      chunk = []
    }
  }
  await handle.write(chunk.join(''))
  await handle.close()
  const fileId = fileIdOf(await stat(path))
  for (const { second, end: lineEnd, level } of positions) {
    rows.push({ source: sourceId, second, levels: levelCounts({ [level]: 1 }), position: `${fileId}.${lineEnd}` })
  }
  return rows
}

/** Process snapshots every 5 s, the log activity and a few alert episodes, straight into the journal. */
function writeJournal(dataDir: string, start: number, end: number, activity: ActivityRow[]): void {
  const { db } = openRecorderDatabase(join(dataDir, 'recorder.db'), () => false)
  const journal = createJournalStore(db)
  inTransaction(db, () => {
    for (let t = start; t < end; t += snapshotIntervalMs) {
      const processes = Array.from({ length: 30 }, (_, index) => ({
        pid: 100 + index * 37,
        name: processNames[index % processNames.length]!,
        user: index % 3 === 0 ? 'root' : 'app',
        cpuPct: Math.round(Math.random() * (index < 3 ? 90 : 5) * 10) / 10,
        memBytes: (30 - index) * 50e6,
      }))
      journal.addSnapshot({ t, processes })
    }
    journal.addActivity(activity)
    for (let t = start + 3_600_000; t < end; t += 6 * 3_600_000) {
      journal.addEpisode({ t, ruleId: 'cpu-high', state: 'firing', since: t, value: 95, message: 'CPU above 90 %' })
      const resolvedAt = t + 600_000
      journal.addEpisode({
        t: resolvedAt,
        ruleId: 'cpu-high',
        state: 'resolved',
        since: resolvedAt,
        value: 40,
        message: '',
      })
    }
  })
  db.close()
}

/**
 * The median time of each way of calling, after a warm-up of each; the two alternate in every round, so
 * a moment of load elsewhere on the machine falls on both rather than on one.
 */
async function timedPair(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[number, number]> {
  await first()
  await second()
  const times: [number[], number[]] = [[], []]
  for (let round = 0; round < rounds; round += 1)
    for (const [index, call] of [first, second].entries()) {
      const startedAt = performance.now()
      await call()
      times[index]!.push(performance.now() - startedAt)
    }
  return [median(times[0]), median(times[1])]
}

async function run(): Promise<Table> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-tools-'))
  const logDir = await mkdtemp(join(tmpdir(), 'vigil-bench-tools-logs-'))
  try {
    const end = Math.floor(Date.now() / 60_000) * 60_000
    const start = end - days * dayMs
    const fillStartedAt = performance.now()
    recordSamples(dataDir, start, end)
    const sourceId = 'f0000beef'
    const logPath = join(logDir, 'nginx.log')
    const activity = await writeLogFile(logPath, sourceId, start, end)
    writeJournal(dataDir, start, end, activity)
    await writeFile(
      join(dataDir, 'log-sources.json'),
      JSON.stringify([{ id: sourceId, path: logPath, addedAt: start }]),
    )
    const fillSeconds = (performance.now() - fillStartedAt) / 1000

    const logger = createLogger(() => {})
    const tools = await openDataDirTools(dataDir, logger)
    const token = createToken()
    const server = await startHttpServer({
      port: 0,
      token,
      routes: tools.routes,
      staticFiles: await createStaticFiles(fixtureUi),
      logger,
    })
    const client = new Client({ name: 'vigil-bench', version: '1' })
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.origin}/api/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    )
    try {
      const week = { from: new Date(start).toISOString(), to: new Date(end).toISOString() }
      const calls: [string, string, Record<string, unknown>][] = [
        [
          'query_metric, 2 series over 7 days',
          'query_metric',
          { metrics: ['cpu_total_pct', 'mem_used_bytes'], ...week },
        ],
        ['query_metric, 1 series, 1 h steps', 'query_metric', { metrics: ['load_1'], ...week, step: '1h' }],
        ['top_processes over 7 days', 'top_processes', { ...week, limit: 10 }],
        ['top_processes at a moment', 'top_processes', { at: new Date(start + 3 * dayMs).toISOString() }],
        [
          'search_logs "timed out" over 7 days (15 MB file)',
          'search_logs',
          { sources: [sourceId], query: 'timed out', ...week },
        ],
        [
          'search_logs errors, last hour',
          'search_logs',
          { sources: [sourceId], level: 'error', from: new Date(end - 3_600_000).toISOString(), to: week.to },
        ],
        ['list_events over 7 days', 'list_events', week],
        ['describe_machine', 'describe_machine', {}],
      ]
      const context = { isOffMachine: true, signal: new AbortController().signal }
      const direct = (box: ToolBox, name: string, args: Record<string, unknown>) => async () => {
        const result = await box.call(name, args, context)
        if (result.isError) throw new Error(`${name}: ${result.text}`)
      }
      const rows: Row[] = []
      const slow: string[] = []
      let overheadSum = 0
      for (const [label, name, args] of calls) {
        const [directMs, mcpMs] = await timedPair(direct(tools.toolBox, name, args), () =>
          client.callTool({ name, arguments: args }),
        )
        overheadSum += mcpMs - directMs
        if (directMs >= budgetMs) slow.push(`${label} ${directMs.toFixed(1)} ms`)
        rows.push({ label: `${label} (ms)`, ours: mcpMs, peer: directMs, decimals: 1 })
      }
      rows.push({
        label: 'MCP over HTTP: added per call, mean (ms)',
        ours: overheadSum / calls.length,
        peer: undefined,
        decimals: 1,
      })
      return {
        oursHeading: 'MCP over HTTP',
        peerHeading: 'ToolBox.call',
        rows,
        targets: [
          {
            description: `every tool under ${budgetMs} ms called directly over 7 days${slow.length > 0 ? ` (over: ${slow.join(', ')})` : ''}`,
            isMet: slow.length === 0,
          },
        ],
        notes: [
          `${days} days written in ${fillSeconds.toFixed(1)} s: ${seriesKeys.length} series every second, a snapshot of 30 processes every 5 s, a log line every ${logLineEverySeconds} s; median of ${rounds} calls each way, alternating, after one warm-up.`,
          'MCP over HTTP: the SDK client, a stateless server and transport per POST, the loopback server with its token, Host and Origin checks.',
        ],
      }
    } finally {
      await client.close()
      await server.dispose()
      await tools.dispose()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
    await rm(logDir, { recursive: true, force: true })
  }
}

export const tools: Benchmark = {
  name: 'tools',
  description: "The AI's tools over 7 days of recorded data: each tool called directly and over MCP",
  run,
}
