// Fan-out: one browser-mode core, its metrics stream watched by 1 client and then by 200, for a window each.
// Measures the server's CPU and memory, and shows that the sampler reads once per tick, not once per client:
// across all clients there is about one distinct seq per second, and every client sees the same seqs.
import { Agent } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import { sampleTimesOf, type MetricsEvent } from '../src/shared/protocol'
import { readClockTicks, readCpuTimeMs, readRssBytes, type ClockTicks } from './procStats'
import { openSseClient, type SseClient } from './sseClient'
import type { Benchmark, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'
import { withTimeout } from './withTimeout'

const manyClients = 200
const windowMs = 10_000
/** Samples this close to either end of the window may reach some clients inside it and others outside. */
const edgeMs = 1000
/** A 10 s window holds 10 or 11 ticks. */
const oneSampleToleranceSeqsPerSecond = 0.15
const metricsPath = '/api/streams/metrics?windowSeconds=0'

interface Watcher {
  client: SseClient
  /** Resolves at the first event (the history), when the client is surely subscribed. */
  subscribed: Promise<void>
  /** Seqs received while a window is open, with their sample time. */
  seqTimes: Map<number, number>
}

interface WindowResult {
  cpuMsPerSecond: number
  rssBytes: number
  distinctSeqsPerSecond: number
  /** Clients that saw every seq of the window's interior (samples taken at least edgeMs inside it). */
  completeClients: number
  interiorSeqs: number
}

function watch(vigil: VigilProcess, agent: Agent, recording: { isOpen: boolean }): Watcher {
  const seqTimes = new Map<number, number>()
  let onSubscribed = (): void => {}
  const firstEvent = new Promise<void>((resolve) => (onSubscribed = resolve))
  const client = openSseClient({
    port: vigil.port,
    token: vigil.token,
    path: metricsPath,
    agent,
    onEvent(message) {
      onSubscribed()
      if (!recording.isOpen || (message.event !== 'history' && message.event !== 'samples')) return
      // A congested client gets several samples in one event: count each sample's seq, not only the event id's.
      const event = { event: message.event, data: JSON.parse(message.data) } as MetricsEvent
      for (const sample of sampleTimesOf(event)) seqTimes.set(sample.seq, sample.t)
    },
  })
  const endedFirst = client.ended.then(() => Promise.reject(new Error('a metrics stream ended before its first event')))
  return { client, subscribed: Promise.race([firstEvent, endedFirst]), seqTimes }
}

async function measureWindow(
  vigil: VigilProcess,
  watchers: Watcher[],
  recording: { isOpen: boolean },
  clockTicks: ClockTicks,
): Promise<WindowResult> {
  for (const watcher of watchers) watcher.seqTimes.clear()
  const cpuBeforeMs = await readCpuTimeMs(vigil.pid, clockTicks)
  const startedAt = performance.now()
  const startedAtEpochMs = Date.now()
  recording.isOpen = true
  await delay(windowMs)
  recording.isOpen = false
  const cpuMs = (await readCpuTimeMs(vigil.pid, clockTicks)) - cpuBeforeMs
  const elapsedMs = performance.now() - startedAt
  const rssBytes = await readRssBytes(vigil.pid)

  const union = new Map<number, number>()
  for (const watcher of watchers) for (const [seq, sampledAt] of watcher.seqTimes) union.set(seq, sampledAt)
  const interior = [...union].filter(
    ([, sampledAt]) => sampledAt >= startedAtEpochMs + edgeMs && sampledAt <= startedAtEpochMs + elapsedMs - edgeMs,
  )
  const completeClients = watchers.filter((watcher) => interior.every(([seq]) => watcher.seqTimes.has(seq))).length
  return {
    cpuMsPerSecond: (cpuMs * 1000) / elapsedMs,
    rssBytes,
    distinctSeqsPerSecond: (union.size * 1000) / elapsedMs,
    completeClients,
    interiorSeqs: interior.length,
  }
}

async function run(): Promise<Table> {
  const clockTicks = readClockTicks()
  const vigil = await startVigil()
  const agent = new Agent({ maxSockets: manyClients + 10 })
  const recording = { isOpen: false }
  const watchers: Watcher[] = []
  try {
    watchers.push(watch(vigil, agent, recording))
    await withTimeout(watchers[0]!.subscribed, 5000, 'the first client to get its history')
    const withOneClient = await measureWindow(vigil, watchers, recording, clockTicks)
    while (watchers.length < manyClients) watchers.push(watch(vigil, agent, recording))
    await withTimeout(
      Promise.all(watchers.map((watcher) => watcher.subscribed)),
      10_000,
      `${manyClients} clients to get their history`,
    )
    const withManyClients = await measureWindow(vigil, watchers, recording, clockTicks)

    const mebibytes = (bytes: number): number => bytes / 2 ** 20
    const percentComplete = (result: WindowResult, clients: number): number => (result.completeClients * 100) / clients
    const isOnePerSecond = Math.abs(withManyClients.distinctSeqsPerSecond - 1) <= oneSampleToleranceSeqsPerSecond
    return {
      oursHeading: `${manyClients} clients`,
      peerHeading: '1 client',
      rows: [
        {
          label: 'server CPU (ms per s of wall time)',
          ours: withManyClients.cpuMsPerSecond,
          peer: withOneClient.cpuMsPerSecond,
          decimals: 1,
        },
        {
          label: 'server RSS at the end (MiB)',
          ours: mebibytes(withManyClients.rssBytes),
          peer: mebibytes(withOneClient.rssBytes),
          decimals: 1,
        },
        {
          label: 'distinct seqs across clients per s',
          ours: withManyClients.distinctSeqsPerSecond,
          peer: withOneClient.distinctSeqsPerSecond,
          decimals: 2,
        },
        {
          label: 'clients that saw every interior seq (%)',
          ours: percentComplete(withManyClients, manyClients),
          peer: percentComplete(withOneClient, 1),
        },
      ],
      targets: [
        {
          description: `1 ± ${oneSampleToleranceSeqsPerSecond} distinct seqs per s whatever the number of clients (measured ${withManyClients.distinctSeqsPerSecond.toFixed(2)}/s with ${manyClients})`,
          isMet: isOnePerSecond,
        },
        {
          description: `all ${manyClients} clients saw the same seqs (measured ${withManyClients.completeClients} of ${manyClients})`,
          isMet: withManyClients.completeClients === manyClients,
        },
      ],
      notes: [
        `${windowMs / 1000} s window each; interior seqs (sampled ≥ ${edgeMs} ms inside the window): ${withManyClients.interiorSeqs} with ${manyClients} clients, ${withOneClient.interiorSeqs} with 1`,
        `server CPU is utime+stime from /proc/PID/stat at ${clockTicks.perSecond} ticks/s (${clockTicks.source}): resolution ${(1000 / clockTicks.perSecond / (windowMs / 1000)).toFixed(1)} ms per s`,
      ],
    }
  } finally {
    for (const watcher of watchers) watcher.client.close()
    agent.destroy()
    await vigil.stop()
  }
}

export const fanout: Benchmark = {
  name: 'fanout',
  description: `Fan-out: ${manyClients} clients on the metrics stream`,
  run,
}
