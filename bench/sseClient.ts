// The SSE client every benchmark uses: node:http for the connection, eventsource-parser for the frames
// (a real parser: an event may span two network chunks).
import { get, type Agent } from 'node:http'
import { createParser, type EventSourceMessage } from 'eventsource-parser'

export interface SseClientOptions {
  port: number
  /** Path and query: `/api/streams/metrics?windowSeconds=0`. */
  path: string
  token: string
  /** The global agent unless given. */
  agent?: Agent
  onEvent(message: EventSourceMessage): void
}

export interface SseClient {
  /** Settles when the stream ends: resolves when the server ended it or close() was called, rejects otherwise. */
  readonly ended: Promise<void>
  close(): void
}

/** Connects to 127.0.0.1:port; Node's client sends `Host: 127.0.0.1:PORT` itself, as Vigil requires. */
export function openSseClient(options: SseClientOptions): SseClient {
  let isClosedByUs = false
  const request = get({
    host: '127.0.0.1',
    port: options.port,
    path: options.path,
    agent: options.agent,
    headers: { Authorization: `Bearer ${options.token}`, Accept: 'text/event-stream' },
  })
  const ended = new Promise<void>((resolve, reject) => {
    request.once('error', (error) => (isClosedByUs ? resolve() : reject(error)))
    request.once('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume()
        reject(new Error(`${options.path} answered ${response.statusCode}`))
        return
      }
      const parser = createParser({ onEvent: options.onEvent })
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => parser.feed(chunk))
      response.once('error', (error) => (isClosedByUs ? resolve() : reject(error)))
      response.once('close', () => {
        if (response.complete || isClosedByUs) resolve()
        else reject(new Error(`${options.path}: the stream was cut before its end`))
      })
    })
  })
  return {
    ended,
    close() {
      isClosedByUs = true
      request.destroy()
    },
  }
}
