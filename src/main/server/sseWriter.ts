// The one Server-Sent Events writer every stream uses.
// Lifecycle: opened by a route handler, it lives until the client goes away or the server closes it;
// either way `signal` aborts, so whatever the stream subscribed to (sampler, tailer, upstream request)
// lets go, and the keep-alive timer and pending events are released. A stream that fails after it
// started cannot change its status any more: fail() tells the client in-band with an `error` event
// (the server calls it for a route that throws once the stream is open), then ends the stream.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiError } from '../../shared/errors'
import { encodeSseMessage, encodeSseRetry, sseKeepAliveFrame, type SseMessage } from '../../shared/sse'
import { commonHeaders } from './headers'

/**
 * What happens to events sent while the socket is congested (a write returned false, no 'drain' yet):
 * - coalesce: one pending event per event name; a newer one replaces it, or is merged into it by the
 *   merger given for that event name.
 * - queue: up to `maxEvents` wait in order; past that they are dropped, counted, and reported to the
 *   client as one `skipped` event (with the first and last dropped ids) once the socket drains.
 */
export type BackpressurePolicy =
  | { kind: 'coalesce'; mergers?: Partial<Record<string, (pending: SseMessage, next: SseMessage) => SseMessage>> }
  | { kind: 'queue'; maxEvents: number }

export interface SseWriterOptions {
  retryMs: number
  keepAliveMs: number
  policy: BackpressurePolicy
}

/** Any typed event union of src/shared/protocol.ts, or another `{ event, data }` shape. */
export type EventShape = { event: string; data: unknown }

export type OutgoingEvent<E extends EventShape> = E & { id?: string }

export interface SseWriter<E extends EventShape> {
  /** Aborts when the stream ends, whoever ends it. */
  readonly signal: AbortSignal
  readonly isCongested: boolean
  send(message: OutgoingEvent<E>): void
  /** Resolves once the socket takes writes again (or the stream ended): for producers that must not drop. */
  whenWritable(): Promise<void>
  stats(): SseWriterStats
  close(): void
  /** Sends one `error` event past anything held back for congestion, then ends the stream. */
  fail(error: ApiError): void
}

export interface SseWriterStats {
  bufferedBytes: number
  pendingEvents: number
  skippedEvents: number
}

const sseHeaders: Record<string, string> = {
  ...commonHeaders,
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: a proxy may not recompress or rewrap the stream (that would hold events back).
  'Cache-Control': 'no-cache, no-store, no-transform',
  Connection: 'keep-alive',
  // nginx and similar proxies buffer responses unless told not to.
  'X-Accel-Buffering': 'no',
}

/** The stream open on each response, so that the server can fail it in-band. */
const openStreams = new WeakMap<ServerResponse, SseWriter<EventShape>>()

export function sseStreamOf(response: ServerResponse): SseWriter<EventShape> | undefined {
  return openStreams.get(response)
}

export function openSseStream<E extends EventShape>(
  request: IncomingMessage,
  response: ServerResponse,
  options: SseWriterOptions,
): SseWriter<E> {
  const controller = new AbortController()
  const coalesced = new Map<string, SseMessage>()
  const queued: SseMessage[] = []
  let skipped: { count: number; fromId: string; toId: string } | undefined
  let isCongested = false
  let writableWaiters: (() => void)[] = []

  response.writeHead(200, sseHeaders)
  response.socket?.setNoDelay(true)
  write(encodeSseRetry(options.retryMs))

  const keepAlive = setInterval(() => {
    if (!isCongested) write(sseKeepAliveFrame)
  }, options.keepAliveMs)

  // 'close' fires when the client disconnects and also after we end the response ourselves.
  response.once('close', release)
  request.once('close', () => {
    if (!response.writableFinished) release()
  })

  function write(frame: string): void {
    if (controller.signal.aborted) return
    if (!response.write(frame)) {
      isCongested = true
      response.once('drain', onSocketDrain)
    }
  }

  function hold(message: SseMessage): void {
    const { policy } = options
    if (policy.kind === 'coalesce') {
      const pending = coalesced.get(message.event)
      const merge = policy.mergers?.[message.event]
      coalesced.set(message.event, pending && merge ? merge(pending, message) : message)
      return
    }
    // Once a range is being skipped, later events join it until its notice is sent, so the client
    // always sees: queued events, then one skipped range, then what comes after, in order.
    if (!skipped && queued.length < policy.maxEvents) {
      queued.push(message)
      return
    }
    const id = message.id ?? ''
    skipped = skipped ? { ...skipped, count: skipped.count + 1, toId: id } : { count: 1, fromId: id, toId: id }
  }

  function onSocketDrain(): void {
    isCongested = false
    flushPending()
    if (!isCongested) wakeWritableWaiters()
  }

  function flushPending(): void {
    const pending = options.policy.kind === 'coalesce' ? coalesced : undefined
    if (pending) {
      for (const [name, message] of pending) {
        if (isCongested) return
        pending.delete(name)
        write(encodeSseMessage(message))
      }
      return
    }
    while (queued.length > 0 && !isCongested) write(encodeSseMessage(queued.shift()!))
    if (skipped && !isCongested) {
      const notice = skipped
      skipped = undefined
      write(encodeSseMessage({ event: 'skipped', data: notice }))
    }
  }

  function release(): void {
    if (controller.signal.aborted) return
    clearInterval(keepAlive)
    coalesced.clear()
    queued.length = 0
    response.off('drain', onSocketDrain)
    controller.abort()
    wakeWritableWaiters()
  }

  function wakeWritableWaiters(): void {
    const waiters = writableWaiters
    writableWaiters = []
    for (const wake of waiters) wake()
  }

  const writer: SseWriter<E> = {
    signal: controller.signal,
    get isCongested() {
      return isCongested
    },
    send(message) {
      if (controller.signal.aborted) return
      if (isCongested) hold(message)
      else write(encodeSseMessage(message))
    },
    whenWritable() {
      if (!isCongested || controller.signal.aborted) return Promise.resolve()
      return new Promise<void>((resolve) => writableWaiters.push(resolve))
    },
    stats() {
      return {
        bufferedBytes: response.writableLength,
        pendingEvents: coalesced.size + queued.length,
        skippedEvents: skipped?.count ?? 0,
      }
    },
    close() {
      release()
      response.end()
    },
    fail(error) {
      if (controller.signal.aborted) return
      // What waits for the socket to drain would arrive after the error: the error is the last word.
      coalesced.clear()
      queued.length = 0
      skipped = undefined
      const frame = encodeSseMessage({ event: 'error', data: error })
      release()
      response.end(frame)
    },
  }
  openStreams.set(response, writer)
  return writer
}
