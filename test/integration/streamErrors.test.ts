// A stream that fails after its headers were sent cannot change its status: it sends one in-band
// `error` event with a code and a message, then ends cleanly; the renderer's stream client shows it.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { VigilError } from '../../src/shared/errors'
import { createLogger } from '../../src/main/logger'
import { startHttpServer, type Route, type VigilHttpServer } from '../../src/main/server/httpServer'
import { createToken } from '../../src/main/server/security'
import { openSseStream } from '../../src/main/server/sseWriter'
import type { StaticFiles } from '../../src/main/server/staticFiles'
import { holdLaunchToken } from '../../src/renderer/src/lib/authorization'
import { openStream, type StreamStatus } from '../../src/renderer/src/lib/streamClient'
import { bearer } from '../support/http'
import { connectSse } from '../support/sseClient'

const token = createToken()
const noUi: StaticFiles = { serve: () => Promise.reject(new VigilError('not_found', 'This test server has no UI.')) }
let server: VigilHttpServer | undefined
const logged: string[] = []

afterEach(async () => {
  await server?.dispose()
  server = undefined
  logged.length = 0
})

/** A stream route that sends one event, then fails with `error` (after a turn of the event loop, as real work does). */
function failingStream(path: string, error: unknown): Route {
  return {
    method: 'GET',
    path,
    async handle({ request, response }) {
      const stream = openSseStream<{ event: 'ready'; data: { n: number } }>(request, response, {
        retryMs: 50,
        keepAliveMs: 15_000,
        policy: { kind: 'coalesce' },
      })
      stream.send({ event: 'ready', data: { n: 1 } })
      await new Promise((resolve) => setTimeout(resolve, 10))
      throw error
    },
  }
}

async function serve(...routes: Route[]): Promise<number> {
  server = await startHttpServer({
    port: 0,
    token,
    routes,
    staticFiles: noUi,
    logger: createLogger((entry) => logged.push(`${entry.level} ${entry.message}`)),
  })
  return server.port
}

describe('a stream route that throws after its headers', () => {
  it('delivers one error event with the domain error’s code and message, then ends', async () => {
    const port = await serve(failingStream('/api/test/broken', new VigilError('conflict', 'app.log went away.')))
    const connection = await connectSse(port, '/api/test/broken', bearer(token))
    await once(connection.response, 'end')
    expect(connection.status).toBe(200)
    expect(connection.events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: 'ready', data: { n: 1 } },
      { event: 'error', data: { code: 'conflict', message: 'app.log went away.' } },
    ])
    expect(connection.response.complete).toBe(true)
  })

  it('names an unexpected failure "internal" on the wire and keeps its details for the log', async () => {
    const port = await serve(failingStream('/api/test/bug', new TypeError('secret detail at /home/x')))
    const connection = await connectSse(port, '/api/test/bug', bearer(token))
    await once(connection.response, 'end')
    const errors = connection.events.filter((event) => event.event === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.data).toEqual({
      code: 'internal',
      message: 'Vigil failed to answer this request; its log has the details.',
    })
    expect(errors[0]!.rawData).not.toContain('secret detail')
    expect(logged.some((line) => line.includes('secret detail'))).toBe(true)
  })

  it('is shown by the renderer’s stream client, which says why it reconnects', async () => {
    const port = await serve(failingStream('/api/test/broken', new VigilError('conflict', 'app.log went away.')))
    const statuses: StreamStatus[] = []
    const events: string[] = []
    holdLaunchToken(token)
    const close = openStream<{ event: 'ready' | 'error'; data: unknown }>({
      path: `http://127.0.0.1:${port}/api/test/broken`,
      onEvent: (event) => events.push(event.event),
      onStatus: (status) => statuses.push(status),
      maxBackoffMs: 100,
    })
    try {
      await expect
        .poll(() => statuses.find((status) => status.state === 'reconnecting')?.detail)
        .toBe('The core reported an error (app.log went away.); retrying.')
      expect(events.slice(0, 2)).toEqual(['ready', 'error'])
    } finally {
      close()
      holdLaunchToken(undefined)
    }
  })
})
