// An SSE client for tests: node:http plus eventsource-parser, the same parser the renderer uses,
// so what the tests check is what a real client reads.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { createParser } from 'eventsource-parser'

export interface ReceivedEvent {
  event: string
  id: string | undefined
  data: unknown
  rawData: string
}

export interface SseConnection {
  status: number
  headers: IncomingHttpHeaders
  events: ReceivedEvent[]
  comments: string[]
  retryMs: number | undefined
  response: IncomingMessage
  /** Resolves with the first event (counting from `fromIndex`) that satisfies `predicate`. */
  waitForEvent(
    predicate: (event: ReceivedEvent) => boolean,
    timeoutMs?: number,
    fromIndex?: number,
  ): Promise<ReceivedEvent>
  close(): void
}

/** GETs `path`, or POSTs `jsonBody` to it (a stream that answers a request, such as a chat answer). */
export function connectSse(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  jsonBody?: string,
): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const method = jsonBody === undefined ? 'GET' : 'POST'
    const bodyHeaders: Record<string, string> = jsonBody === undefined ? {} : { 'Content-Type': 'application/json' }
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method,
      headers: { Accept: 'text/event-stream', ...bodyHeaders, ...headers },
      agent: false,
    })
    request.on('error', reject)
    request.on('response', (response) => {
      const waiters = new Set<() => void>()
      const connection: SseConnection = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: [],
        comments: [],
        retryMs: undefined,
        response,
        waitForEvent(predicate, timeoutMs = 15_000, fromIndex = 0) {
          return new Promise((resolveEvent, rejectEvent) => {
            const check = (): boolean => {
              const found = connection.events.slice(fromIndex).find(predicate)
              if (!found) return false
              clearTimeout(timer)
              waiters.delete(onChange)
              resolveEvent(found)
              return true
            }
            const onChange = (): void => void check()
            const timer = setTimeout(() => {
              waiters.delete(onChange)
              rejectEvent(
                new Error(
                  `no matching SSE event within ${timeoutMs} ms; got ${connection.events.map((e) => e.event).join(', ')}`,
                ),
              )
            }, timeoutMs)
            if (!check()) waiters.add(onChange)
          })
        },
        close() {
          request.destroy()
        },
      }
      const parser = createParser({
        onEvent(message) {
          const data = message.data.length > 0 ? JSON.parse(message.data) : undefined
          connection.events.push({ event: message.event ?? 'message', id: message.id, data, rawData: message.data })
          for (const waiter of [...waiters]) waiter()
        },
        onComment: (comment) => connection.comments.push(comment),
        onRetry: (retryMs) => {
          connection.retryMs = retryMs
        },
      })
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => parser.feed(chunk))
      // close() hangs up on purpose; the reset that follows is expected, not a failure.
      response.on('error', () => undefined)
      resolve(connection)
    })
    request.end(jsonBody)
  })
}
