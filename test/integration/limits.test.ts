// Connection and stream caps, fast closing of tokenless sockets, and header and body timeouts, against a
// real core on 127.0.0.1 with lowered limits. Floods are bounded (a few hundred loopback sockets, closed
// in `finally`); nothing here times anything: each test checks what happened, not how fast.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServerLimits } from '../../src/main/server/limits'
import { routes } from '../../src/shared/protocol'
import { bearer, send, sendRaw, statusOf } from '../support/http'
import { connectSse, type SseConnection } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore | undefined
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await running?.dispose()
  running = undefined
})

async function startCore(limits: Partial<ServerLimits>): Promise<TestCore['core']> {
  running = await startTestCore({ serverLimits: limits })
  return running.core
}

async function openStreams(port: number, path: string, token: string, count: number): Promise<SseConnection[]> {
  const streams: SseConnection[] = []
  cleanups.push(() => streams.forEach((stream) => stream.close()))
  for (let index = 0; index < count; index += 1) streams.push(await connectSse(port, path, bearer(token)))
  return streams
}

/** Opens `count` sockets to the core that send `prefix` (or nothing) and then sit; counts those the server closes. */
async function openIdleSockets(port: number, count: number, prefix = ''): Promise<{ closedByServer(): number }> {
  const sockets: Socket[] = []
  let closed = 0
  cleanups.push(() => sockets.forEach((socket) => socket.destroy()))
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port }, () => {
            if (prefix) socket.write(prefix)
            resolve()
          })
          socket.on('error', () => undefined)
          socket.once('close', () => (closed += 1))
          socket.once('error', reject)
          sockets.push(socket)
        }),
    ),
  )
  return { closedByServer: () => closed }
}

describe('stream caps', () => {
  it('refuse one stream past the cap of its kind with 503 naming it, while other requests go on', async () => {
    const core = await startCore({ maxStreams: { core: 3, metrics: 16, logs: 16, chat: 16, download: 8 } })
    const streams = await openStreams(core.port, routes.coreStream, core.token, 3)
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200])
    const refused = await send(core.port, routes.coreStream, { headers: bearer(core.token) })
    expect(refused.status).toBe(503)
    expect(refused.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/3 core streams/) })
    // Other kinds and plain requests are not held back.
    const metrics = await openStreams(core.port, routes.metricsStream, core.token, 1)
    expect(metrics[0]!.status).toBe(200)
    expect((await send(core.port, routes.info, { headers: bearer(core.token) })).status).toBe(200)
    // A closed stream gives its place back.
    streams[0]!.close()
    await expect
      .poll(async () => {
        const again = await connectSse(core.port, routes.coreStream, bearer(core.token))
        again.close()
        return again.status
      })
      .toBe(200)
  })
})

describe('the connection cap', () => {
  it('answers 503 naming it when every connection is busy, and lets requests in again once one closes', async () => {
    const core = await startCore({
      maxConnections: 10,
      maxStreams: { core: 50, metrics: 50, logs: 50, chat: 50, download: 8 },
    })
    const streams = await openStreams(core.port, routes.coreStream, core.token, 10)
    const refused = await send(core.port, routes.info, { headers: bearer(core.token) })
    expect(refused.status).toBe(503)
    expect(refused.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/10 connections/) })
    expect(refused.headers.connection).toBe('close')
    streams[0]!.close()
    await expect
      .poll(async () => (await send(core.port, routes.info, { headers: bearer(core.token) })).status)
      .toBe(200)
  })

  it('gives way to a legitimate request under a flood of idle tokenless sockets, closing them', async () => {
    const core = await startCore({ maxConnections: 50 })
    const flood = await openIdleSockets(core.port, 300)
    // Each socket past the cap took the place of an older idle one.
    await expect.poll(flood.closedByServer).toBeGreaterThanOrEqual(250)
    const answer = await send(core.port, routes.info, { headers: bearer(core.token) })
    expect(answer.status).toBe(200)
  })

  it('gives way to a legitimate request under a flood of sockets trickling headers (slowloris)', async () => {
    const core = await startCore({ maxConnections: 50 })
    const flood = await openIdleSockets(core.port, 300, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${core.port}\r\nX-Slow: `)
    await expect.poll(flood.closedByServer).toBeGreaterThanOrEqual(250)
    expect((await send(core.port, routes.info, { headers: bearer(core.token) })).status).toBe(200)
  })
})

describe('a request without a valid token', () => {
  it('gets its 401 and loses its connection at once', async () => {
    const core = await startCore({})
    // HTTP/1.1 keeps a connection open by default: the server must close this one itself.
    const answer = await sendRaw(core.port, `GET ${routes.info} HTTP/1.1\r\nHost: 127.0.0.1:${core.port}\r\n\r\n`)
    expect(statusOf(answer)).toBe(401)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
  })
})

/** Sends `head` at once, then `drip` every 100 ms for at most `maxDrips` times; whether the server cut it. */
function trickle(
  port: number,
  head: string,
  drip: string,
  maxDrips: number,
): Promise<{ wasCut: boolean; answer: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const received: Buffer[] = []
    let drips = 0
    let timer: NodeJS.Timeout | undefined
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('error', () => undefined)
    socket.once('close', () => {
      clearInterval(timer)
      resolve({ wasCut: drips < maxDrips, answer: Buffer.concat(received).toString('utf8') })
    })
    socket.once('connect', () => {
      socket.write(head)
      timer = setInterval(() => {
        drips += 1
        if (drips >= maxDrips) socket.destroy()
        else socket.write(drip)
      }, 100)
    })
  })
}

describe('timeouts', () => {
  it('cut headers that trickle in past the configured header timeout', async () => {
    const core = await startCore({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 })
    // 150 drips take 15 s: far past the 1 s limit.
    const { wasCut } = await trickle(core.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${core.port}\r\n`, 'X-A: b\r\n', 150)
    expect(wasCut).toBe(true)
  })

  it('cut a body that trickles in past the configured request timeout', async () => {
    const core = await startCore({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 })
    const head =
      `PUT ${routes.settings} HTTP/1.1\r\nHost: 127.0.0.1:${core.port}\r\nAuthorization: Bearer ${core.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"theme": `
    const { wasCut } = await trickle(core.port, head, ' ', 150)
    expect(wasCut).toBe(true)
  })
})
