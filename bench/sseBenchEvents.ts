// The events of the SSE delivery benchmark, shared by its two servers (bench/sseServers.ts) and its client:
// their payload, the clock both sides stamp them with, and the pace the servers send them at.
import { setTimeout as delay } from 'node:timers/promises'

export const benchStreamPath = '/api/bench/stream'
export const benchEventName = 'tick'

/** About 50 bytes of JSON: `{"seq":123,"t":1732423423423.123,"v":0.23}`. */
export interface BenchEventData {
  seq: number
  /** When the server sent it, by epochMsNow(). */
  t: number
  v: number
}

/**
 * flood: as fast as the socket takes them, for durationMs.
 * paced: eventsPerSecond, evenly spaced, for durationMs.
 */
export interface StreamPlan {
  mode: 'flood' | 'paced'
  durationMs: number
  eventsPerSecond: number
}

/**
 * Epoch ms with sub-ms resolution. Server and client are separate processes, so their timeOrigins may
 * disagree slightly; both servers live in one process, so that offset is the same for ours and the peer's.
 */
export function epochMsNow(): number {
  return performance.timeOrigin + performance.now()
}

export function streamPathFor(plan: StreamPlan): string {
  const query = new URLSearchParams({
    mode: plan.mode,
    durationMs: String(plan.durationMs),
    eventsPerSecond: String(plan.eventsPerSecond),
  })
  return `${benchStreamPath}?${query}`
}

export function planFromUrl(url: URL): StreamPlan {
  const mode = url.searchParams.get('mode') === 'paced' ? 'paced' : 'flood'
  return {
    mode,
    durationMs: Number(url.searchParams.get('durationMs')),
    eventsPerSecond: Number(url.searchParams.get('eventsPerSecond')),
  }
}

/** Where a server's producer sends events: the bare writer or Vigil's. */
export interface BenchEventSink {
  /** Sends one event; false when the socket is congested and the producer must wait for waitUntilWritable(). */
  send(id: string, data: BenchEventData): boolean
  waitUntilWritable(): Promise<void>
  readonly isClosed: boolean
  end(): void
}

/** Sends the plan's events, never one into a congested socket, then ends the stream. */
export async function produceEvents(sink: BenchEventSink, plan: StreamPlan): Promise<void> {
  const startedAt = performance.now()
  const intervalMs = plan.mode === 'paced' ? 1000 / plan.eventsPerSecond : 0
  const isDue = (seq: number): boolean =>
    seq * intervalMs < plan.durationMs && performance.now() - startedAt < plan.durationMs
  for (let seq = 0; !sink.isClosed && isDue(seq); seq += 1) {
    if (intervalMs > 0) await delay(Math.max(0, startedAt + seq * intervalMs - performance.now()))
    const isWritable = sink.send(String(seq), { seq, t: epochMsNow(), v: (seq % 100) / 100 })
    if (!isWritable) await sink.waitUntilWritable()
  }
  sink.end()
}
