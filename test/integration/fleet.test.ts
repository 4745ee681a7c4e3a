// The Hosts view's routes against Debian's real Prometheus scraping a real node_exporter, and against
// what is not a usable Prometheus: a closed port, an HTML page, a query Prometheus refuses, an answer
// too large, a server that never answers, one that refuses the credentials.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FleetTarget, HostSeriesAnswer, PrometheusServerView } from '../../src/shared/fleet'
import { closedPort } from '../support/closedPort'
import { callCore, type TestResponse } from '../support/http'
import { startNodeExporter, startPrometheus, type RunningServer } from '../support/prometheus'
import { startStandInServer, type StandInServer } from '../support/standInServer'
import { startTestCore, type TestCore } from '../support/testCore'

const scrapeToken = 'prom-bearer-secret-4f1c'
const basicPassword = 'basic-password-9d2e'
const maxResponseBytes = 256 * 1024
const timeoutMs = 2000

let nodeExporter: RunningServer
let prometheus: RunningServer
let testCore: TestCore
const standIns: StandInServer[] = []
/** Every answer the core gave: none may carry a secret. */
const answers: string[] = []

async function call(path: string, method = 'GET', body?: unknown): Promise<TestResponse> {
  const response = await callCore(testCore.core, method, path, body)
  answers.push(response.text)
  return response
}

async function addServer(name: string, url: string, auth: unknown = { kind: 'none' }): Promise<PrometheusServerView> {
  const response = await call('/api/fleet/servers', 'POST', { name, url, auth, acceptWeakStorage: true })
  expect(response.status).toBe(200)
  return response.json<PrometheusServerView>()
}

async function standIn(...args: Parameters<typeof startStandInServer>): Promise<StandInServer> {
  const server = await startStandInServer(...args)
  standIns.push(server)
  return server
}

const hostPath = (server: string, instance: string, window = '1h') =>
  `/api/fleet/host?${new URLSearchParams({ server, instance, window })}`

function expectProblem(response: TestResponse, problem: string): string {
  expect(response.status).toBe(502)
  const error = response.json<{ code: string; message: string; details: { problem: string } }>()
  expect(error.code).toBe('upstream_failed')
  expect(error.details.problem, error.message).toBe(problem)
  return error.message
}

beforeAll(async () => {
  nodeExporter = await startNodeExporter()
  prometheus = await startPrometheus([{ jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] }])
  testCore = await startTestCore({ fleetLimits: { timeoutMs, maxResponseBytes } })
}, 90_000)

afterAll(async () => {
  await testCore?.dispose()
  await Promise.all(standIns.map((server) => server.close()))
  await prometheus?.stop()
  await nodeExporter?.stop()
})

describe('a real Prometheus scraping a real node_exporter', () => {
  let server: PrometheusServerView
  const instance = () => `127.0.0.1:${nodeExporter.port}`

  beforeAll(async () => {
    server = await addServer('lab', prometheus.url, { kind: 'bearer', token: scrapeToken })
  })

  it('asks before keeping credentials it cannot encrypt, and keeps nothing until asked again with consent', async () => {
    const auth = { kind: 'bearer', token: `${scrapeToken}-unconsented` }
    const refused = await call('/api/fleet/servers', 'POST', { name: 'asked', url: prometheus.url, auth })
    expect(refused.status).toBe(409)
    expect(refused.json<{ message: string }>().message).toMatch(/not encrypted\)\. Confirm/)
    expect((await call('/api/fleet/servers')).json<PrometheusServerView[]>().map((entry) => entry.name)).toEqual([
      'lab',
    ])
    expect(await readFile(join(testCore.dataDir, 'secrets.json'), 'utf8')).not.toContain('unconsented')
  })

  it('keeps the server with its kind of authentication, and the token only in the secret store', async () => {
    expect(server).toMatchObject({ name: 'lab', url: prometheus.url, auth: { kind: 'bearer' } })
    expect((await call('/api/fleet/servers')).json()).toEqual([server])
    expect(await readFile(join(testCore.dataDir, 'secrets.json'), 'utf8')).toContain(scrapeToken)
    expect(await readFile(join(testCore.dataDir, 'prometheus-servers.json'), 'utf8')).not.toContain(scrapeToken)
  })

  it('lists the node_exporter target as up, and as a node_exporter', async () => {
    await expect
      .poll(
        async () => {
          const { targets } = (await call(`/api/fleet/targets?server=${server.id}`)).json<{ targets: FleetTarget[] }>()
          return targets.find((target) => target.instance === instance())
        },
        { timeout: 60_000, interval: 500 },
      )
      .toMatchObject({ job: 'node', health: 'up', lastError: '', kind: 'node' })
  })

  it('answers the host’s CPU, memory and network series with real values once Prometheus has samples', async () => {
    let answer: HostSeriesAnswer | undefined
    const valuesOf = (key: string) => answer?.series.find((series) => series.key === key)?.values ?? []
    const hasValue = (key: string) => valuesOf(key).some((value) => value !== null)
    await expect
      .poll(
        async () => {
          const response = await call(hostPath(server.id, instance()))
          expect(response.status).toBe(200)
          answer = response.json<HostSeriesAnswer>()
          return ['cpu', 'memory.used', 'memory.available', 'network.rx', 'network.tx'].every(hasValue)
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(true)
    expect(answer!.stepSeconds).toBe(15)
    expect(answer!.t).toHaveLength(241)
    expect(answer!.t[1]! - answer!.t[0]!).toBe(15_000)
    const latest = (key: string) =>
      valuesOf(key)
        .filter((value) => value !== null)
        .at(-1)!
    expect(latest('cpu')).toBeGreaterThanOrEqual(0)
    expect(latest('cpu')).toBeLessThanOrEqual(100)
    expect(latest('memory.used')).toBeGreaterThan(0)
    expect(latest('memory.available')).toBeGreaterThan(0)
    expect(latest('network.rx')).toBeGreaterThanOrEqual(0)
    expect(answer!.missing).not.toContain('cpu')
  })

  it('chooses a coarser step for longer windows', async () => {
    const answer = (await call(hostPath(server.id, instance(), '7d'))).json<HostSeriesAnswer>()
    expect(answer.stepSeconds).toBe(1800)
    expect(answer.t).toHaveLength(337)
  })

  it('says which charts a host without node_exporter metrics lacks: all of them', async () => {
    const answer = (await call(hostPath(server.id, 'no-exporter.example:9100'))).json<HostSeriesAnswer>()
    expect(answer.series).toEqual([])
    expect(answer.missing).toEqual(['cpu', 'memory', 'network', 'disk', 'fs'])
  })

  it('treats an instance name that tries to end the selector as a name, not as PromQL', async () => {
    const response = await call(hostPath(server.id, 'x"} or vector(1) or {a="'))
    expect(response.status).toBe(200)
    expect(response.json<HostSeriesAnswer>().series).toEqual([])
  })
})

describe('what is not a usable Prometheus', () => {
  it('a closed port: unreachable', async () => {
    const server = await addServer('gone', `http://127.0.0.1:${await closedPort()}`)
    expect(expectProblem(await call(`/api/fleet/targets?server=${server.id}`), 'unreachable')).toMatch(
      /cannot reach .*ECONNREFUSED/,
    )
  })

  it('an HTML page at the URL: not Prometheus', async () => {
    const page = await standIn((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end('<!doctype html><html><body><h1>Router login</h1></body></html>')
    })
    const server = await addServer('router', page.url)
    expect(expectProblem(await call(`/api/fleet/targets?server=${server.id}`), 'not_prometheus')).toMatch(/HTML page/)
  })

  it('an answer larger than the cap: refused while it arrives', async () => {
    const huge = await standIn((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      response.write('{"status":"success","data":{"activeTargets":[],"padding":"')
      let sent = 0
      const more = () => {
        while (sent < 4 * maxResponseBytes && !response.destroyed) {
          sent += chunk.length
          if (!response.write(chunk)) return response.once('drain', more)
        }
        response.end('"}}')
      }
      more()
    })
    const server = await addServer('huge', huge.url)
    expect(expectProblem(await call(`/api/fleet/targets?server=${server.id}`), 'too_large')).toMatch(
      /more than 0\.3 MiB/,
    )
  })

  it('a server that never answers: a timeout', async () => {
    const silent = await standIn(() => undefined)
    const server = await addServer('silent', silent.url)
    expect(expectProblem(await call(hostPath(server.id, 'a:1')), 'timeout')).toMatch(/did not answer within 2 s/)
  })

  it('credentials refused: unauthorized, and basic credentials sent only as the Authorization header', async () => {
    const guarded = await standIn((_request, response) => {
      response.writeHead(401, { 'Content-Type': 'text/plain' })
      response.end('Unauthorized')
    })
    const server = await addServer('guarded', guarded.url, { kind: 'basic', username: 'ops', password: basicPassword })
    expect(server.auth).toEqual({ kind: 'basic', username: 'ops' })
    expectProblem(await call(`/api/fleet/targets?server=${server.id}`), 'unauthorized')
    expect(guarded.authorizations.at(-1)).toBe(`Basic ${Buffer.from(`ops:${basicPassword}`).toString('base64')}`)
  })

  it('keeps credentials from a new origin unless they are given again', async () => {
    const elsewhere = `http://127.0.0.1:${await closedPort()}`
    const server = await addServer('moving', prometheus.url, { kind: 'bearer', token: scrapeToken })
    const kept = await call(`/api/fleet/servers?server=${server.id}`, 'PUT', { name: 'moving', url: elsewhere })
    expect(kept.status).toBe(409)
    const moved = await call(`/api/fleet/servers?server=${server.id}`, 'PUT', {
      name: 'moved',
      url: elsewhere,
      auth: { kind: 'none' },
    })
    expect(moved.json()).toMatchObject({ name: 'moved', url: elsewhere, auth: { kind: 'none' } })
    expect((await call(`/api/fleet/servers?server=${server.id}`, 'DELETE')).status).toBe(200)
    expect((await call(`/api/fleet/servers`)).json<PrometheusServerView[]>().map((entry) => entry.id)).not.toContain(
      server.id,
    )
  })
})

describe('a query Prometheus refuses', () => {
  let strict: RunningServer
  afterAll(() => strict?.stop())

  it('passes on Prometheus’s own error', async () => {
    // This Prometheus may load only 10 samples per query: a host's hour at 15 s steps needs far more.
    strict = await startPrometheus(
      [{ jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] }],
      ['--query.max-samples=10'],
    )
    const server = await addServer('strict', strict.url)
    await expect
      .poll(async () => (await call(hostPath(server.id, `127.0.0.1:${nodeExporter.port}`))).status, {
        timeout: 60_000,
        interval: 1000,
      })
      .toBe(502)
    const message = expectProblem(await call(hostPath(server.id, `127.0.0.1:${nodeExporter.port}`)), 'query_failed')
    expect(message).toMatch(/^Prometheus refused the query: .*too many samples/)
  }, 90_000)
})

describe('bad input', () => {
  it('answers 400 with the field and the rule', async () => {
    const noUrl = await call('/api/fleet/servers', 'POST', { name: 'x', url: 'ftp://x', auth: { kind: 'none' } })
    expect(noUrl.status).toBe(400)
    expect(noUrl.json<{ message: string }>().message).toMatch(/url must be an http or https URL/)
    const inlineCredentials = await call('/api/fleet/servers', 'POST', {
      name: 'x',
      url: 'http://u:p@127.0.0.1:9090',
      auth: { kind: 'none' },
    })
    expect(inlineCredentials.json<{ message: string }>().message).toMatch(/basic authentication/)
    const badWindow = await call(hostPath('s00000000', 'a:1', '3h'))
    expect(badWindow.status).toBe(400)
    expect(badWindow.json<{ message: string }>().message).toMatch(/window/)
    expect((await call(hostPath('s00000000', 'a:1'))).status).toBe(404)
  })
})

describe('secrets', () => {
  it('never come back to the page, in any answer', () => {
    expect(answers.length).toBeGreaterThan(10)
    for (const text of answers) {
      expect(text).not.toContain(scrapeToken)
      expect(text).not.toContain(basicPassword)
      expect(text).not.toContain(Buffer.from(`ops:${basicPassword}`).toString('base64'))
    }
  })
})
