// Delivery latency: from a sample being made (its own `t`, epoch ms taken by the server) to a client's receipt
// of the `samples` event carrying it, on browser mode's metrics stream, with 1 client and then with 50.
// Server and clients share this machine's clock, so no offset needs estimating.
import { Agent } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import type { EventOf, MetricsEvent } from '../src/shared/protocol'
import { openSseClient, type SseClient } from './sseClient'
import { percentile } from './stats'
import type { Benchmark, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'
import { withTimeout } from './withTimeout'

const manyClients = 50
const samplesPerPhase = 10
/** Our own target: the issue asks only for the figures. */
const p99TargetMs = 50
/** How long past the last expected sample a phase waits for every client to have it. */
const deliveryGraceMs = 5000
const pollMs = 100
const metricsPath = '/api/streams/metrics?windowSeconds=0'

interface Seen {
  /** The newest seq this client knows of, from its history or its samples; -1 before any sample. */
  newestSeq: number
  latencyMsBySeq: Map<number, number>
}

interface Watcher {
  client: SseClient
  /** Resolves at the first event (the history), when the client is surely subscribed. */
  subscribed: Promise<void>
  seen: Seen
}

function watch(vigil: VigilProcess, agent: Agent): Watcher {
  const seen: Seen = { newestSeq: -1, latencyMsBySeq: new Map() }
  let onSubscribed = (): void => {}
  const firstEvent = new Promise<void>((resolve) => (onSubscribed = resolve))
  const client = openSseClient({
    port: vigil.port,
    token: vigil.token,
    path: metricsPath,
    agent,
    onEvent(message) {
      const receivedAt = Date.now()
      if (message.event === 'history') {
        const { columns } = JSON.parse(message.data) as EventOf<MetricsEvent, 'history'>['data']
        seen.newestSeq = Math.max(seen.newestSeq, columns.firstSeq + columns.t.length - 1)
        onSubscribed()
      }
      if (message.event !== 'samples') return
      // A congested client gets several samples in one event: each has its own latency.
      for (const sample of (JSON.parse(message.data) as EventOf<MetricsEvent, 'samples'>['data']).samples) {
        seen.latencyMsBySeq.set(sample.seq, receivedAt - sample.t)
        seen.newestSeq = Math.max(seen.newestSeq, sample.seq)
      }
    },
  })
  const endedFirst = client.ended.then(() => Promise.reject(new Error('a metrics stream ended before its history')))
  return { client, subscribed: Promise.race([firstEvent, endedFirst]), seen }
}

interface Phase {
  latenciesMs: number[]
  /** Deliveries expected (clients × samples) that had not arrived by the end of the grace time. */
  missing: number
}

/** The next samplesPerPhase samples, made after every watcher subscribed, at every watcher. */
async function measurePhase(watchers: Watcher[]): Promise<Phase> {
  const firstSeq = Math.max(...watchers.map((watcher) => watcher.seen.newestSeq)) + 1
  const seqs = Array.from({ length: samplesPerPhase }, (_, offset) => firstSeq + offset)
  const deadline = performance.now() + samplesPerPhase * 1000 + deliveryGraceMs
  const isComplete = (): boolean =>
    watchers.every((watcher) => seqs.every((seq) => watcher.seen.latencyMsBySeq.has(seq)))
  while (!isComplete() && performance.now() < deadline) await delay(pollMs)
  const latenciesMs = watchers.flatMap((watcher) => seqs.flatMap((seq) => watcher.seen.latencyMsBySeq.get(seq) ?? []))
  return { latenciesMs, missing: watchers.length * samplesPerPhase - latenciesMs.length }
}

async function run(): Promise<Table> {
  const vigil = await startVigil()
  const agent = new Agent({ maxSockets: manyClients + 10 })
  const watchers: Watcher[] = []
  try {
    watchers.push(watch(vigil, agent))
    await withTimeout(watchers[0]!.subscribed, 5000, 'the first client to get its history')
    const withOneClient = await measurePhase(watchers)
    while (watchers.length < manyClients) watchers.push(watch(vigil, agent))
    await withTimeout(
      Promise.all(watchers.map((watcher) => watcher.subscribed)),
      10_000,
      `${manyClients} clients to get their history`,
    )
    const withManyClients = await measurePhase(watchers)
    if (withOneClient.latenciesMs.length === 0 || withManyClients.latenciesMs.length === 0)
      throw new Error('no sample reached the clients')

    const p99WithManyMs = percentile(withManyClients.latenciesMs, 99)
    const p99WithOneMs = percentile(withOneClient.latenciesMs, 99)
    return {
      oursHeading: `${manyClients} clients`,
      peerHeading: '1 client',
      rows: [
        {
          label: 'latency p50 (ms)',
          ours: percentile(withManyClients.latenciesMs, 50),
          peer: percentile(withOneClient.latenciesMs, 50),
        },
        { label: 'latency p99 (ms)', ours: p99WithManyMs, peer: p99WithOneMs },
        {
          label: 'latency max (ms)',
          ours: Math.max(...withManyClients.latenciesMs),
          peer: Math.max(...withOneClient.latenciesMs),
        },
        {
          label: 'deliveries measured',
          ours: withManyClients.latenciesMs.length,
          peer: withOneClient.latenciesMs.length,
        },
        { label: 'deliveries missing', ours: withManyClients.missing, peer: withOneClient.missing },
      ],
      targets: [
        {
          description: `p99 < ${p99TargetMs} ms with 1 and with ${manyClients} clients — our own target, the issue asks only to report (measured ${p99WithOneMs} and ${p99WithManyMs} ms)`,
          isMet: Math.max(p99WithOneMs, p99WithManyMs) < p99TargetMs,
        },
      ],
      notes: [
        `${samplesPerPhase} samples per phase, each measured at every client: receipt time (Date.now() in this process) − sample.t (Date.now() in the server when the sample was made), whole ms; with 1 client the p99 of ${samplesPerPhase} deliveries is their max`,
        'sample.t is taken after the fast collector returns: latency covers the history and minutes update, the SSE write per client and the client parsing the event',
        `the ${manyClients} clients share this one process, so a late client's figure includes this process handling the earlier clients' events`,
        `stream ${metricsPath}, browser mode (out/main/cli.js) with a fresh data folder`,
      ],
    }
  } finally {
    for (const watcher of watchers) watcher.client.close()
    agent.destroy()
    await vigil.stop()
  }
}

export const deliveryLatency: Benchmark = {
  name: 'latency',
  description: 'Delivery latency: sample made → client event, 1 and 50 clients',
  run,
}
