// Plain HTTP requests to a core, over real sockets, with nothing added behind the test's back.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'

export interface TestResponse {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json<T = unknown>(): T
}

export interface TestRequest {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Send the body in chunks with no Content-Length (chunked transfer encoding). */
  chunked?: boolean
}

export function send(port: number, path: string, options: TestRequest = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) })
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    if (options.body !== undefined && options.chunked) {
      const body = Buffer.from(options.body)
      for (let offset = 0; offset < body.length; offset += 16 * 1024)
        request.write(body.subarray(offset, offset + 16 * 1024))
      request.end()
    } else {
      request.end(options.body)
    }
  })
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` }
}

/** Writes `text` as it is on a fresh TCP connection and returns everything the server sent back. */
export function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')))
    // Not end(): a half-closed socket may be dropped before an asynchronous answer is written.
    socket.write(text)
  })
}

export function statusOf(rawResponse: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(rawResponse)?.[1] ?? 0)
}

/** Calls a route of the core with its token, and a JSON body when given one. */
export function callCore(
  core: { port: number; token: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<TestResponse> {
  return send(core.port, path, {
    method,
    headers: { ...bearer(core.token), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}
