// SSE delivery: Vigil's server (httpServer + sseWriter) against a bare node:http SSE server, both in one child
// process: throughput of one client flooded with small events, and latency at 100 events/s.
import { fileURLToPath } from 'node:url'
import { spawnUntilReady, stopChild } from './childProcess'
import { readClockTicks, readCpuTimeMs, type ClockTicks } from './procStats'
import { benchEventName, epochMsNow, streamPathFor, type BenchEventData } from './sseBenchEvents'
import { openSseClient } from './sseClient'
import { median, percentile } from './stats'
import type { Benchmark, Table } from './table'

const throughputRuns = 3
const floodDurationMs = 3000
const latencyDurationMs = 5000
const latencyEventsPerSecond = 100
const serversScriptPath = fileURLToPath(new URL('./sseServers.ts', import.meta.url))
const projectRoot = fileURLToPath(new URL('..', import.meta.url))

interface Servers {
  pid: number
  vigilPort: number
  barePort: number
  token: string
}

interface ThroughputRun {
  eventsPerSecond: number
  /** Events missing from the seq sequence, plus any the server reported as skipped. */
  lostEvents: number
  serverCpuMs: number
  events: number
}

async function measureThroughput(servers: Servers, port: number, clockTicks: ClockTicks): Promise<ThroughputRun> {
  let events = 0
  let nextSeq = 0
  let lostEvents = 0
  let firstEventAt = 0
  let lastEventAt = 0
  const cpuBeforeMs = await readCpuTimeMs(servers.pid, clockTicks)
  const client = openSseClient({
    port,
    token: servers.token,
    path: streamPathFor({ mode: 'flood', durationMs: floodDurationMs, eventsPerSecond: 0 }),
    onEvent(message) {
      if (message.event !== benchEventName) {
        if (message.event === 'skipped') lostEvents += (JSON.parse(message.data) as { count: number }).count
        return
      }
      lastEventAt = performance.now()
      if (events === 0) firstEventAt = lastEventAt
      // The id is the seq: a gap means lost events, without paying for JSON.parse on the hot path.
      const seq = Number(message.id)
      lostEvents += seq - nextSeq
      nextSeq = seq + 1
      events += 1
    },
  })
  await client.ended
  const serverCpuMs = (await readCpuTimeMs(servers.pid, clockTicks)) - cpuBeforeMs
  return { eventsPerSecond: ((events - 1) * 1000) / (lastEventAt - firstEventAt), lostEvents, serverCpuMs, events }
}

async function measureLatenciesMs(servers: Servers, port: number): Promise<number[]> {
  const latenciesMs: number[] = []
  const client = openSseClient({
    port,
    token: servers.token,
    path: streamPathFor({ mode: 'paced', durationMs: latencyDurationMs, eventsPerSecond: latencyEventsPerSecond }),
    onEvent(message) {
      if (message.event !== benchEventName) return
      const receivedAt = epochMsNow()
      latenciesMs.push(receivedAt - (JSON.parse(message.data) as BenchEventData).t)
    },
  })
  await client.ended
  return latenciesMs
}

async function run(): Promise<Table> {
  const clockTicks = readClockTicks()
  const { child, readyMatch } = await spawnUntilReady(
    process.execPath,
    ['--import', 'tsx', serversScriptPath],
    /^sse-servers ready (.+)$/,
    {
      timeoutMs: 20_000,
      cwd: projectRoot,
    },
  )
  try {
    const servers: Servers = { pid: child.pid!, ...(JSON.parse(readyMatch[1]!) as Omit<Servers, 'pid'>) }
    const ours: ThroughputRun[] = []
    const bare: ThroughputRun[] = []
    for (let round = 0; round < throughputRuns; round += 1) {
      ours.push(await measureThroughput(servers, servers.vigilPort, clockTicks))
      bare.push(await measureThroughput(servers, servers.barePort, clockTicks))
    }
    const oursLatenciesMs = await measureLatenciesMs(servers, servers.vigilPort)
    const bareLatenciesMs = await measureLatenciesMs(servers, servers.barePort)

    const eventsPerSecond = (runs: ThroughputRun[]): number =>
      median(runs.map((throughputRun) => throughputRun.eventsPerSecond))
    const cpuMsPer100kEvents = (runs: ThroughputRun[]): number =>
      median(runs.map((throughputRun) => (throughputRun.serverCpuMs * 100_000) / throughputRun.events))
    const lostEvents = (runs: ThroughputRun[]): number =>
      runs.reduce((sum, throughputRun) => sum + throughputRun.lostEvents, 0)
    const listRates = (runs: ThroughputRun[]): string =>
      runs.map((throughputRun) => Math.round(throughputRun.eventsPerSecond).toLocaleString('en-US')).join(', ')
    const throughputShare = eventsPerSecond(ours) / eventsPerSecond(bare)
    const p99DifferenceMs = percentile(oursLatenciesMs, 99) - percentile(bareLatenciesMs, 99)
    return {
      oursHeading: 'Vigil',
      peerHeading: 'bare node:http',
      rows: [
        {
          label: `throughput, median of ${throughputRuns} (events/s)`,
          ours: eventsPerSecond(ours),
          peer: eventsPerSecond(bare),
        },
        { label: 'server CPU per 100 000 events (ms)', ours: cpuMsPer100kEvents(ours), peer: cpuMsPer100kEvents(bare) },
        {
          label: `latency at ${latencyEventsPerSecond} events/s, p50 (ms)`,
          ours: percentile(oursLatenciesMs, 50),
          peer: percentile(bareLatenciesMs, 50),
          decimals: 3,
        },
        {
          label: `latency at ${latencyEventsPerSecond} events/s, p99 (ms)`,
          ours: percentile(oursLatenciesMs, 99),
          peer: percentile(bareLatenciesMs, 99),
          decimals: 3,
        },
      ],
      targets: [
        {
          description: `ours ≥ 80 % of bare throughput (measured ${(throughputShare * 100).toFixed(0)} %)`,
          isMet: throughputShare >= 0.8,
        },
        {
          description: `our p99 within 1 ms of bare's p99 (measured ${p99DifferenceMs >= 0 ? '+' : ''}${p99DifferenceMs.toFixed(3)} ms)`,
          isMet: p99DifferenceMs <= 1,
        },
      ],
      notes: [
        `throughput runs (events/s), interleaved: Vigil ${listRates(ours)}; bare ${listRates(bare)}; ${floodDurationMs / 1000} s each`,
        `events lost: Vigil ${lostEvents(ours)}, bare ${lostEvents(bare)} (the producer waits while the socket is congested)`,
        `latency: ${oursLatenciesMs.length} and ${bareLatenciesMs.length} events over ${latencyDurationMs / 1000} s each; both servers share one process, so clock offsets cancel`,
        `server CPU from /proc/PID/stat at ${clockTicks.perSecond} ticks/s (${clockTicks.source})`,
      ],
    }
  } finally {
    await stopChild(child)
  }
}

export const sseDelivery: Benchmark = {
  name: 'sse',
  description: "SSE delivery: Vigil's server vs a bare node:http SSE server",
  run,
}
