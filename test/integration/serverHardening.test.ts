// The smaller server findings of the security review (issue 15), against a real core on 127.0.0.1:
// a doubled Host header, what a refused Host learns, SSE caching headers, and a client that leaves mid-body.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logRoutes } from '../../src/shared/logs'
import { routes } from '../../src/shared/protocol'
import { bearer, sendRaw, statusOf } from '../support/http'
import { connectSse } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
let port: number
let token: string

beforeAll(async () => {
  running = await startTestCore()
  port = running.core.port
  token = running.core.token
})
afterAll(() => running.dispose())

describe('the Host header', () => {
  it('is refused when sent twice, even with the good one first', async () => {
    const answer = await sendRaw(
      port,
      `GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: rebind.evil.test:${port}\r\n` +
        `Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    )
    expect(statusOf(answer)).toBe(400)
    expect(answer).toContain('one Host header')
    expect(answer).not.toContain(running.core.info.instanceId)
  })

  it('when foreign, gets a 421 that names neither Vigil nor its port', async () => {
    const answer = await sendRaw(port, `GET / HTTP/1.1\r\nHost: rebind.evil.test\r\nConnection: close\r\n\r\n`)
    expect(statusOf(answer)).toBe(421)
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4)
    expect(body).not.toMatch(/vigil/i)
    expect(body).not.toContain(String(port))
    expect(body).not.toContain('127.0.0.1')
  })
})

describe('streams', () => {
  it.each([routes.coreStream, routes.metricsStream])('%s may not be cached or transformed by a proxy', async (path) => {
    const stream = await connectSse(port, path, bearer(token))
    expect(stream.status).toBe(200)
    expect(stream.headers['cache-control']).toBe('no-cache, no-store, no-transform')
    stream.close()
  })
})

describe('a client that disconnects in the middle of its body', () => {
  it('is logged at debug, not as an error', async () => {
    const before = running.logs.length
    const socket = connect({ host: '127.0.0.1', port })
    await new Promise<void>((resolve) => socket.once('connect', resolve))
    // Expect: 100-continue makes the server say when it has read the headers and waits for the body.
    socket.write(
      `POST ${logRoutes.ingest} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: text/plain\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`,
    )
    await new Promise<void>((resolve) => socket.once('data', () => resolve()))
    socket.write('first line\n')
    socket.destroy()
    await expect
      .poll(() => running.logs.slice(before).filter((entry) => entry.component === 'server'))
      .toContainEqual(expect.objectContaining({ level: 'debug', message: expect.stringMatching(/went away/) }))
    expect(running.logs.slice(before).filter((entry) => entry.level === 'error' || entry.level === 'warn')).toEqual([])
  })
})
