// For store tests (which run in happy-dom, a browser's globals without its network): the core faked at the
// fetch level only. The stores run unchanged: their requests go through lib/api.ts and their streams
// through lib/streamClient.ts, into the answers given here.
// Lifecycle: each fake lasts until vi.unstubAllGlobals(), which every test file calls after each test.
import { vi } from 'vitest'
import type { ApiError } from '../../../shared/errors'

export interface SentRequest {
  method: string
  /** Path and query, as the store asked for them. */
  path: string
  /** The JSON body, parsed. */
  body: unknown
  /** Aborts when the store lets go of the request (a stream closed). */
  signal: AbortSignal | undefined
}

/** Answers every fetch with `answer`; returns the requests sent, in order. */
export function fakeCore(answer: (request: SentRequest) => Response | Promise<Response>): SentRequest[] {
  const sent: SentRequest[] = []
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const request: SentRequest = {
      method: init.method ?? 'GET',
      path: input,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init.signal ?? undefined,
    }
    sent.push(request)
    return answer(request)
  })
  return sent
}

/** The core's refusal: its status and `{ code, message }`. */
export function refusal(status: number, code: ApiError['code'], message: string): Response {
  return Response.json({ code, message }, { status })
}

/** A stream as the core sends it: `events` (each with its name and JSON data), then open until the client aborts. */
export function eventStream(
  events: readonly { event: string; data: unknown }[],
  signal: AbortSignal | undefined,
): Response {
  const text = events.map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('')
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
    },
  })
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
}
