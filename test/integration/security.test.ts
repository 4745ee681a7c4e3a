// DESIGN.md section 4 against a real core on 127.0.0.1: token (bearer only, never a cookie), Host, Origin, CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatRoutes } from '../../src/shared/chat'
import { logRoutes } from '../../src/shared/logs'
import { routes } from '../../src/shared/protocol'
import { bearer, send, sendRaw, statusOf } from '../support/http'
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

// Every route of the table, so a new route cannot skip the token unnoticed; and one that does not exist.
const apiRoutes = [
  ...[...Object.values(routes), ...Object.values(logRoutes), ...Object.values(chatRoutes)].map((path) => ({
    method: 'GET',
    path,
  })),
  { method: 'POST', path: logRoutes.ingest },
  { method: 'POST', path: chatRoutes.generate },
  { method: 'PUT', path: chatRoutes.providerKey },
  { method: 'PUT', path: routes.settings },
  { method: 'PUT', path: routes.alerts },
  { method: 'GET', path: '/api/no-such-route' },
]

describe('the token', () => {
  it.each(apiRoutes)('is required by $method $path', async ({ method, path }) => {
    const missing = await send(port, path, { method })
    expect(missing.status).toBe(401)
    expect(missing.json()).toMatchObject({ code: 'unauthorized' })
    const wrong = await send(port, path, { method, headers: bearer('not-the-token') })
    expect(wrong.status).toBe(401)
    // What an earlier version set as a cookie, replayed by any server on 127.0.0.1 that received it.
    const replayedCookie = await send(port, path, { method, headers: { Cookie: `vigil_token_${port}=${token}` } })
    expect(replayedCookie.status).toBe(401)
  })

  it('opens every route when given as a bearer header', async () => {
    for (const path of [
      routes.info,
      routes.settings,
      routes.machine,
      routes.minutes,
      routes.processes,
      routes.alerts,
    ]) {
      expect((await send(port, path, { headers: bearer(token) })).status, path).toBe(200)
    }
  })

  it('opens every stream route when given as a bearer header', async () => {
    for (const path of [routes.coreStream, routes.metricsStream]) {
      const stream = await connectSse(port, path, bearer(token))
      expect(stream.status).toBe(200)
      stream.close()
    }
  })

  it('travels in the launch address’s fragment, which reaches no server, and is never set as a cookie', async () => {
    expect(running.core.launchUrl).toBe(`${running.core.origin}/#token=${token}`)
    for (const path of ['/', `/?token=${token}`]) {
      const page = await send(port, path)
      expect(page.status).toBe(200)
      expect(page.headers['set-cookie']).toBeUndefined()
    }
  })

  it('is not needed for the static UI', async () => {
    const page = await send(port, '/')
    expect(page.status).toBe(200)
    expect(page.text).toContain('fixture UI')
  })
})

describe('the Host header', () => {
  it('is required: HTTP/1.0 without Host is refused', async () => {
    const answer = await sendRaw(port, 'GET /api/info HTTP/1.0\r\n\r\n')
    expect(statusOf(answer)).toBe(400)
    expect(answer).toContain('no Host header')
  })

  it.each(['evil.test:PORT', '127.0.0.1:OTHER', 'localhost', 'attacker.example'])(
    'refuses Host %s even with the right token',
    async (template) => {
      const host = template.replace('PORT', String(port)).replace('OTHER', String(port + 1))
      const answer = await sendRaw(
        port,
        `GET /api/info HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
      )
      expect(statusOf(answer)).toBe(421)
      expect(answer).not.toContain(running.core.info.instanceId)
    },
  )

  it('refuses a foreign Host for the static UI too (DNS rebinding)', async () => {
    const answer = await sendRaw(port, `GET / HTTP/1.1\r\nHost: rebind.evil.test:${port}\r\nConnection: close\r\n\r\n`)
    expect(statusOf(answer)).toBe(421)
  })

  it('accepts localhost with our port', async () => {
    const answer = await sendRaw(
      port,
      `GET /api/info HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    )
    expect(statusOf(answer)).toBe(200)
  })
})

describe('cross-origin requests', () => {
  it.each([`http://127.0.0.1:${1}`, 'http://evil.test', 'null'])(
    'are refused from Origin %s, with no CORS headers',
    async (origin) => {
      const answer = await send(port, routes.info, { headers: { ...bearer(token), Origin: origin } })
      expect(answer.status).toBe(403)
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    },
  )

  it('are refused from another port of 127.0.0.1, which browsers count as the same site', async () => {
    const answer = await send(port, routes.info, {
      headers: {
        ...bearer(token),
        Origin: `http://127.0.0.1:${port + 1}`,
        'Sec-Fetch-Site': 'same-site',
      },
    })
    expect(answer.status).toBe(403)
  })

  it('are refused by fetch metadata when a no-cors request carries no Origin', async () => {
    const answer = await send(port, routes.metricsStream, {
      headers: { ...bearer(token), 'Sec-Fetch-Site': 'same-site' },
    })
    expect(answer.status).toBe(403)
  })

  it('preflights get no CORS answer', async () => {
    const answer = await send(port, routes.settings, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.test', 'Access-Control-Request-Method': 'PUT' },
    })
    expect(answer.status).toBe(403)
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
  })
})
