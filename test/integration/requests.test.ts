// Input validation, limits, response headers and static files, against a real core on 127.0.0.1.
import { readdir, readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routes } from '../../src/shared/protocol'
import { defaultBodyLimitBytes } from '../../src/main/server/body'
import { bearer, send, sendRaw, statusOf } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
let port: number
let auth: Record<string, string>

beforeAll(async () => {
  running = await startTestCore()
  port = running.core.port
  auth = bearer(running.core.token)
})
afterAll(() => running.dispose())

const json = (body: unknown) => ({ 'Content-Type': 'application/json', ...auth, body: JSON.stringify(body) })

function putSettings(
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
  chunked = false,
) {
  return send(port, routes.settings, { method: 'PUT', headers: { ...auth, ...headers }, body, chunked })
}

describe('request bodies', () => {
  it('saves valid settings atomically and announces them', async () => {
    const { body, ...headers } = json({ theme: 'dark' })
    const answer = await send(port, routes.settings, { method: 'PUT', headers, body })
    expect(answer.status).toBe(200)
    expect(answer.json()).toEqual({ theme: 'dark' })
    expect(JSON.parse(await readFile(`${running.dataDir}/settings.json`, 'utf8'))).toEqual({ theme: 'dark' })
    expect((await readdir(running.dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('refuses malformed JSON with 400 and the parser’s reason', async () => {
    const answer = await putSettings('{"theme": "dark"')
    expect(answer.status).toBe(400)
    expect(answer.json()).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^The body is not valid JSON: /),
    })
  })

  it.each([
    ['an unknown theme', { theme: 'blue' }, /theme: /],
    ['an option that is not a boolean', { closeToTray: 'yes' }, /closeToTray: /],
    ['an unknown field', { theme: 'dark', extra: 1 }, /extra/],
    ['a wrong type', ['dark'], /expected object/],
  ])('refuses %s with 400 naming the field', async (_name, body, message) => {
    const answer = await putSettings(JSON.stringify(body))
    expect(answer.status).toBe(400)
    expect(answer.json<{ message: string }>().message).toMatch(message)
  })

  it('refuses a body that is not JSON with 415', async () => {
    const answer = await putSettings('theme=dark', { 'Content-Type': 'application/x-www-form-urlencoded' })
    expect(answer.status).toBe(415)
    expect(answer.json()).toMatchObject({ code: 'unsupported_media_type' })
  })

  it('refuses an oversized body with 413 before reading it', async () => {
    const answer = await putSettings(JSON.stringify({ theme: 'x'.repeat(defaultBodyLimitBytes) }))
    expect(answer.status).toBe(413)
    expect(answer.json()).toMatchObject({ code: 'payload_too_large' })
  })

  it('refuses an oversized chunked body with 413 once it passes the limit, and closes the connection', async () => {
    const answer = await putSettings(
      JSON.stringify({ theme: 'x'.repeat(4 * defaultBodyLimitBytes) }),
      { 'Content-Type': 'application/json' },
      true,
    )
    expect(answer.status).toBe(413)
    expect(answer.headers.connection).toBe('close')
  })

  it('leaves the saved settings as they were after every refusal', async () => {
    expect(JSON.parse(await readFile(`${running.dataDir}/settings.json`, 'utf8'))).toEqual({ theme: 'dark' })
  })

  it('changes only the fields sent: a change of one option keeps the others', async () => {
    const put = async (change: object) => {
      const { body, ...headers } = json(change)
      return (await send(port, routes.settings, { method: 'PUT', headers, body })).json()
    }
    expect(await put({ closeToTray: true, startAtLogin: true })).toEqual({
      theme: 'dark',
      closeToTray: true,
      startAtLogin: true,
    })
    expect(await put({ theme: 'light' })).toEqual({ theme: 'light', closeToTray: true, startAtLogin: true })
    expect(await put({ startAtLogin: false })).toEqual({ theme: 'light', closeToTray: true, startAtLogin: false })
    expect(JSON.parse(await readFile(`${running.dataDir}/settings.json`, 'utf8'))).toEqual({
      theme: 'light',
      closeToTray: true,
      startAtLogin: false,
    })
  })
})

describe('routing', () => {
  it('answers an unknown API route with 404 and a wrong method with 405 and Allow', async () => {
    expect((await send(port, '/api/nothing', { headers: auth })).status).toBe(404)
    const wrongMethod = await send(port, routes.info, { method: 'DELETE', headers: auth })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.allow).toBe('GET')
  })

  it('refuses an unknown process sort with 400 naming the choices', async () => {
    const answer = await send(port, `${routes.processes}?sort=pid`, { headers: auth })
    expect(answer.status).toBe(400)
    expect(answer.json<{ message: string }>().message).toMatch(/sort: .*"cpu"\|"memory"/)
  })

  it('refuses a bad stream query with 400 naming the parameter', async () => {
    for (const query of ['windowSeconds=-1', 'windowSeconds=abc', 'windowSeconds=999999', 'other=1']) {
      const answer = await send(port, `${routes.metricsStream}?${query}`, { headers: auth })
      expect(answer.status, query).toBe(400)
      expect(answer.json<{ message: string }>().message, query).toMatch(/windowSeconds|other/)
    }
  })
})

describe('response headers', () => {
  it('mark API answers no-store and nosniff, with no CORS headers', async () => {
    const answer = await send(port, routes.info, { headers: auth })
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
  })

  it('give the UI a strict Content-Security-Policy', async () => {
    const page = await send(port, '/')
    const policy = page.headers['content-security-policy']!
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).not.toContain('unsafe-eval')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
  })
})

describe('static files', () => {
  it('serves the UI’s assets with their types', async () => {
    const script = await send(port, '/assets/app.js')
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/index.html%00.js',
    '/%E0%A4%A',
    '//etc/passwd',
  ])('refuses the path %s without leaving the UI folder', async (path) => {
    const answer = await sendRaw(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect([400, 404]).toContain(statusOf(answer))
    expect(answer).not.toContain('"devDependencies"')
    expect(answer).not.toContain('root:')
  })

  it('refuses to write to the UI', async () => {
    expect((await send(port, '/index.html', { method: 'POST', body: 'x' })).status).toBe(405)
  })
})

describe('request targets', () => {
  it('refuses an absolute-form target', async () => {
    const answer = await sendRaw(
      port,
      `GET http://evil.test/api/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    )
    expect(statusOf(answer)).toBe(400)
  })
})
