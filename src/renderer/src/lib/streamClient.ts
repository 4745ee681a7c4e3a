// The one client for every live stream: fetch + a real SSE parser (eventsource-parser), so an event
// split across network chunks is reassembled, never cut on a newline by hand. It reconnects with
// backoff and Last-Event-ID, and reports its state. A stream that fails after it started sends an
// in-band `error` event and ends: the client passes the event on, and says why it reconnects.
// Lifecycle: runs from openStream() until the returned close() is called; close() aborts the fetch.
import { createParser } from 'eventsource-parser'
import type { ApiError } from '../../../shared/errors'
import { sseRetryMs } from '../../../shared/protocol'
import { authorizationHeaders } from './authorization'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'offline'

export interface StreamStatus {
  state: StreamState
  /** Why the stream is reconnecting or offline, for people. */
  detail?: string
  /** The core's answer when it refused the stream for good (offline), with the details it gave. */
  refusal?: ApiError
}

/** Any typed event union of src/shared: `{ event, data }`. */
export type StreamEventShape = { event: string; data: unknown }

export interface StreamOptions<E extends StreamEventShape> {
  /** Path and query on the core, e.g. /api/streams/metrics?windowSeconds=60. */
  path: string
  /**
   * The first connection's request when it is not a GET of `path`: a POST of this JSON body to
   * `start.path`, whose answer is the stream (a chat answer). It is sent once; reconnects GET `path`.
   */
  start?: { path: string; body: string }
  onEvent(event: E): void
  onStatus?(status: StreamStatus): void
  maxBackoffMs?: number
  /**
   * A view's stream (metrics, logs, chat) shares one slot with the other views' streams: it connects only
   * once the previous one has wound down, so switching views never holds three connections, even for the
   * few milliseconds Chromium takes to cancel an aborted request.
   */
  isViewStream?: boolean
}

/** Settles when the last view stream has finished; the next one waits for it. */
let viewStreamSlot: Promise<void> = Promise.resolve()

/** A 4xx answer is final, except "timeout" (408) and "too many requests" (429), which invite a retry. */
export function isFinalRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429
}

/** Delay before reconnect attempt `attempt` (1, 2, …): the server's retry, doubled each time, with jitter. */
export function backoffDelayMs(
  attempt: number,
  retryMs: number,
  maxBackoffMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxBackoffMs, retryMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

export function openStream<E extends StreamEventShape>(options: StreamOptions<E>): () => void {
  const controller = new AbortController()
  const { signal } = controller
  const maxBackoffMs = options.maxBackoffMs ?? 15_000
  let lastEventId: string | undefined
  let retryMs = sseRetryMs
  let attempt = 0
  let pendingStart = options.start
  /** The message of the `error` event that ended the last connection, if one did. */
  let failure: string | undefined

  const report = (status: StreamStatus): void => options.onStatus?.(status)

  async function connectOnce(): Promise<'again' | 'stop'> {
    const headers: Record<string, string> = { ...authorizationHeaders(), Accept: 'text/event-stream' }
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId
    const start = pendingStart
    pendingStart = undefined
    const response = start
      ? await fetch(start.path, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: start.body,
          signal,
        })
      : await fetch(options.path, { headers, signal })
    if (isFinalRefusal(response.status)) {
      // The token is gone (a new launch), the page is not Vigil's, or what was asked for does not exist
      // (a removed source, an ended generation): retrying cannot help.
      const body = (await response.json().catch(() => undefined)) as ApiError | undefined
      report({
        state: 'offline',
        detail: body?.message ?? `The core refused this stream (${response.status}).`,
        ...(body ? { refusal: body } : {}),
      })
      return 'stop'
    }
    if (!response.ok || !response.body) throw new Error(`the core answered ${response.status}`)
    attempt = 0
    report({ state: 'live' })
    const parser = createParser({
      onEvent(message) {
        if (message.id !== undefined) lastEventId = message.id
        const event = { event: message.event ?? 'message', data: JSON.parse(message.data) as unknown }
        if (event.event === 'error') failure = (event.data as Partial<ApiError>).message ?? 'an unnamed error'
        options.onEvent(event as E)
      },
      onRetry(milliseconds) {
        retryMs = milliseconds
      },
    })
    // Decoded here rather than through a TextDecoderStream: one stage less for every chunk to pass, whose
    // promises cost each event time on its way to the page. `stream: true` keeps a character cut across
    // chunks whole.
    const decoder = new TextDecoder()
    const reader = response.body.getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return 'again'
      parser.feed(decoder.decode(value, { stream: true }))
    }
  }

  async function run(): Promise<void> {
    report({ state: 'connecting' })
    if (options.isViewStream) {
      const previous = viewStreamSlot
      let release = (): void => undefined
      viewStreamSlot = new Promise((resolve) => (release = resolve))
      signal.addEventListener('abort', () => setTimeout(release, slotSettleMs), { once: true })
      await previous
    }
    while (!signal.aborted) {
      let detail = 'the stream ended'
      failure = undefined
      try {
        if ((await connectOnce()) === 'stop') return
      } catch (error) {
        if (signal.aborted) return
        detail = (error as Error).message
      }
      attempt += 1
      report({
        state: 'reconnecting',
        detail:
          failure === undefined
            ? `Lost the connection to the core (${detail}); retrying.`
            : `The core reported an error (${failure}); retrying.`,
      })
      await sleep(backoffDelayMs(attempt, retryMs, maxBackoffMs), signal)
    }
  }

  void run()
  return () => controller.abort()
}

/** How long an aborted request takes to leave Chromium's network service, with room to spare (seen: under 10 ms). */
const slotSettleMs = 50

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}
