// Vigil speaks Prometheus: /metrics off by default, behind its own scrape token, scraped by Debian's real
// Prometheus (beside a real node_exporter), checked by promtool, and served to other machines only on
// its own listener. Values are compared with /proc read at the same moment, within stated tolerances.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exporterRoutes, type ExporterChange, type ExporterStatus } from '../../src/shared/exporter'
import { addConversation, endOf, startGeneration } from '../support/chatSession'
import { closedPort } from '../support/closedPort'
import { startFakeProvider } from '../support/fakeProvider'
import { bearer, send, type TestResponse } from '../support/http'
import { hasPrometheus, startNodeExporter, startPrometheus, type RunningServer } from '../support/prometheus'
import { startTestCore, type TestCore } from '../support/testCore'

const promtoolPath = '/usr/bin/promtool'

let running: TestCore | undefined
const servers: RunningServer[] = []
afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop()
  await running?.dispose()
})

function core(): TestCore['core'] {
  return running!.core
}

function putExporter(body: unknown): Promise<TestResponse> {
  return send(core().port, exporterRoutes.settings, {
    method: 'PUT',
    headers: { ...bearer(core().token), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

function scrape(port: number, token: string | undefined, accept?: string): Promise<TestResponse> {
  return send(port, exporterRoutes.metrics, {
    headers: { ...(token === undefined ? {} : bearer(token)), ...(accept ? { Accept: accept } : {}) },
  })
}

/** The value of the one sample of `series` (name and labels exactly as written) in a text exposition. */
function sampleOf(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

async function meminfoBytes(field: string): Promise<number> {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(await readFile('/proc/meminfo', 'utf8'))
  return Number(match![1]) * 1024
}

/** Seconds cpu0 spent idle, from /proc/stat now (USER_HZ = 100). */
async function cpu0IdleSeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n').find((candidate) => candidate.startsWith('cpu0 '))
  return Number(line!.trim().split(/\s+/)[4]) / 100
}

async function promtool(exposition: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(promtoolPath, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stdin.end(exposition)
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, output }
}

interface VectorSample {
  metric: Record<string, string>
  value: [number, string]
}

async function query(prometheus: RunningServer, promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`)
  const body = (await response.json()) as { status: string; data: { result: VectorSample[] } }
  expect(body.status).toBe('success')
  return body.data.result
}

/** Polls a query until it has at least `count` samples (Prometheus scrapes every second; a loaded machine is slower). */
async function queryUntil(prometheus: RunningServer, promql: string, count = 1): Promise<VectorSample[]> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const result = await query(prometheus, promql)
    if (result.length >= count || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('Vigil’s /metrics', () => {
  let scrapeToken = ''

  beforeAll(async () => {
    running = await startTestCore()
  })

  it('is off by default: 404 with or without a token, and the status says so', async () => {
    expect((await scrape(core().port, undefined)).status).toBe(404)
    expect((await scrape(core().port, core().token)).status).toBe(404)
    const status = await send(core().port, exporterRoutes.settings, { headers: bearer(core().token) })
    expect(status.json<ExporterStatus>()).toMatchObject({
      isEnabled: false,
      listenAddress: null,
      hasToken: false,
      remote: { state: 'off' },
    })
  })

  it('refuses bad settings with 400 and the reason', async () => {
    for (const [body, message] of [
      [{ isEnabled: 'yes', listenAddress: null }, /isEnabled must be true or false/],
      [{ isEnabled: true, listenAddress: '999.1.1.1:9101' }, /listenAddress must be an IP address and a port/],
      [{ isEnabled: true, listenAddress: '0.0.0.0:70000' }, /port 1 to 65535/],
      [{ isEnabled: true }, /listenAddress/],
    ] as const) {
      const response = await putExporter(body)
      expect(response.status).toBe(400)
      expect(response.json<{ message: string }>().message).toMatch(message)
    }
  })

  it('turned on, shows a scrape token once and accepts only it, with 401 and WWW-Authenticate otherwise', async () => {
    const enabled = await putExporter({ isEnabled: true, listenAddress: null })
    expect(enabled.status).toBe(200)
    const change = enabled.json<ExporterChange>()
    expect(change.token).toMatch(/^[\w-]{43}$/)
    expect(change.status.hasToken).toBe(true)
    scrapeToken = change.token!
    // Shown once: neither the status nor a second save carries it again.
    const again = (await putExporter({ isEnabled: true, listenAddress: null })).json<ExporterChange>()
    expect(again.token).toBeUndefined()
    const status = await send(core().port, exporterRoutes.settings, { headers: bearer(core().token) })
    expect(status.text).not.toContain(scrapeToken)

    for (const token of [undefined, core().token, 'wrong']) {
      const refused = await scrape(core().port, token)
      expect(refused.status).toBe(401)
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="vigil-metrics"/)
    }
    const answer = await scrape(core().port, scrapeToken)
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(answer.text).toContain('# TYPE node_cpu_seconds_total counter\n')
    expect(answer.text).toContain('# TYPE vigil_log_lines_total counter\n')
    expect(answer.text).toMatch(/^vigil_build_info\{version="[^"]+",nodejs="[^"]+"\} 1$/m)
    expect(answer.text).not.toContain('# EOF')
  })

  it('writes what /proc says: memory exactly, CPU seconds within a second of /proc/stat read around the scrape', async () => {
    const before = await cpu0IdleSeconds()
    const answer = await scrape(core().port, scrapeToken)
    const after = await cpu0IdleSeconds()
    expect(sampleOf(answer.text, 'node_memory_MemTotal_bytes')).toBe(await meminfoBytes('MemTotal'))
    expect(sampleOf(answer.text, 'node_memory_SwapTotal_bytes')).toBe(await meminfoBytes('SwapTotal'))
    const idle = sampleOf(answer.text, 'node_cpu_seconds_total{cpu="0",mode="idle"}')!
    // /proc/stat counts in hundredths: the scrape's reading lies between the two taken around it.
    expect(idle).toBeGreaterThanOrEqual(before)
    expect(idle).toBeLessThanOrEqual(after)
  })

  it('counts the chat’s answers and tokens by model, and gives the last answer’s streaming rate', async () => {
    const provider = await startFakeProvider()
    try {
      provider.next({ kind: 'answer', tokens: ['one', ' two', ' three', ' four'], tokenDelayMs: 20 })
      const conversation = await addConversation(core(), provider.baseUrl, 'Counted')
      const { stream } = await startGeneration(core(), conversation.id, 'Count this')
      const answer = await endOf(stream)
      stream.close()
      expect(answer.state).toBe('done')
      const text = (await scrape(core().port, scrapeToken)).text
      expect(sampleOf(text, 'vigil_chat_answers_total{model="test-model",state="done"}')).toBe(1)
      expect(sampleOf(text, 'vigil_chat_completion_tokens_total{model="test-model"}')).toBe(
        answer.usage!.completionTokens,
      )
      expect(sampleOf(text, 'vigil_chat_tokens_per_second{model="test-model"}')).toBe(answer.tokensPerSecond)
    } finally {
      await provider.close()
    }
  })

  it('answers OpenMetrics when asked, ending in # EOF', async () => {
    const answer = await scrape(core().port, scrapeToken, 'application/openmetrics-text;version=1.0.0,*/*;q=0.1')
    expect(answer.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    expect(answer.text).toContain('# TYPE node_cpu_seconds counter\n')
    expect(answer.text.endsWith('\n# EOF\n')).toBe(true)
  })

  it('is accepted by promtool check metrics (its only remarks are on node_exporter’s own camelCase memory names)', async () => {
    const answer = await scrape(core().port, scrapeToken)
    const checked = await promtool(answer.text)
    // Exit code 1 is a parse error; 3 is lint remarks only, listed one a line.
    const remarks = checked.output.split('\n').filter(Boolean)
    expect(
      remarks.filter(
        (remark) =>
          !/^node_memory_\w+_bytes metric names should be written in 'snake_case' not 'camelCase'$/.test(remark),
      ),
    ).toEqual([])
    expect(checked.code).toBe(remarks.length > 0 ? 3 : 0)
  })

  it.skipIf(!hasPrometheus)(
    'is scraped by a real Prometheus with the token: its API gives Vigil’s series, a wrong token shows the target down',
    async () => {
      const nodeExporter = await startNodeExporter()
      servers.push(nodeExporter)
      const target = `127.0.0.1:${core().port}`
      const prometheus = await startPrometheus([
        { jobName: 'vigil', targets: [target], bearerToken: scrapeToken },
        { jobName: 'vigil-wrong-token', targets: [target], bearerToken: 'not-the-token' },
        { jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] },
      ])
      servers.push(prometheus)

      const up = await queryUntil(prometheus, 'up', 3)
      const upOf = (job: string) => up.find((sample) => sample.metric.job === job)?.value[1]
      expect(upOf('vigil')).toBe('1')
      expect(upOf('vigil-wrong-token')).toBe('0')
      expect(upOf('node')).toBe('1')

      const [memTotal] = await queryUntil(prometheus, 'node_memory_MemTotal_bytes{job="vigil"}')
      expect(Number(memTotal!.value[1])).toBe(await meminfoBytes('MemTotal'))
      const [nodeMemTotal] = await queryUntil(prometheus, 'node_memory_MemTotal_bytes{job="node"}')
      expect(memTotal!.value[1]).toBe(nodeMemTotal!.value[1])
      const [bootTime] = await queryUntil(prometheus, 'node_boot_time_seconds{job="vigil"}')
      const [nodeBootTime] = await queryUntil(prometheus, 'node_boot_time_seconds{job="node"}')
      expect(bootTime!.value[1]).toBe(nodeBootTime!.value[1])

      // The last scrape's idle seconds of cpu0: at most /proc/stat's now, and within a few seconds of it
      // (the series gains at most one second per second, and the scrape is a few seconds old at most).
      const [idle] = await queryUntil(prometheus, 'node_cpu_seconds_total{job="vigil",cpu="0",mode="idle"}')
      const procIdle = await cpu0IdleSeconds()
      expect(Number(idle!.value[1])).toBeLessThanOrEqual(procIdle)
      expect(Number(idle!.value[1])).toBeGreaterThan(procIdle - 15)

      // Each file system node_exporter reports, Vigil reports with the same labels and size.
      const nodeSizes = await query(prometheus, 'node_filesystem_size_bytes{job="node"}')
      for (const sample of nodeSizes) {
        const { device, fstype, mountpoint } = sample.metric
        const ours = await query(
          prometheus,
          `node_filesystem_size_bytes{job="vigil",device=${JSON.stringify(device)},fstype=${JSON.stringify(fstype)},mountpoint=${JSON.stringify(mountpoint)}}`,
        )
        expect(ours.map((found) => found.value[1])).toEqual([sample.value[1]])
      }

      expect(await queryUntil(prometheus, 'vigil_build_info{job="vigil"}')).toHaveLength(1)
      const logLines = await queryUntil(prometheus, 'vigil_log_lines_total{job="vigil",source="vigil"}')
      expect(logLines.length).toBeGreaterThan(0)
    },
    120_000,
  )

  it('serves only /metrics on a remote listener, with the same token check; a port in use is refused with 409', async () => {
    const inUse = await putExporter({ isEnabled: true, listenAddress: `127.0.0.1:${core().port}` })
    expect(inUse.status).toBe(409)
    expect(inUse.json<{ message: string }>().message).toMatch(/already in use by another program/)

    const port = await closedPort()
    const listening = await putExporter({ isEnabled: true, listenAddress: `127.0.0.1:${port}` })
    expect(listening.status).toBe(200)
    expect(listening.json<ExporterChange>().status.remote).toEqual({
      state: 'listening',
      address: `127.0.0.1:${port}`,
    })
    expect((await scrape(port, scrapeToken)).text).toContain('node_load1 ')
    expect((await scrape(port, 'wrong')).status).toBe(401)
    expect((await scrape(port, core().token)).status).toBe(401)
    for (const path of ['/', '/api/info', exporterRoutes.settings, '/metrics/', '/index.html']) {
      const response = await send(port, path, { headers: bearer(core().token) })
      expect(response.status).toBe(404)
    }
    expect((await send(port, '/metrics', { method: 'POST', headers: bearer(scrapeToken) })).status).toBe(405)

    // Turned off, the listener goes away and the core's own /metrics is 404 again.
    expect((await putExporter({ isEnabled: false, listenAddress: `127.0.0.1:${port}` })).status).toBe(200)
    await expect(scrape(port, scrapeToken)).rejects.toThrow(/ECONNREFUSED/)
    expect((await scrape(core().port, scrapeToken)).status).toBe(404)
  })

  it('renews the token: the old one stops working at once, the new one is shown once', async () => {
    await putExporter({ isEnabled: true, listenAddress: null })
    const renewed = await send(core().port, exporterRoutes.token, { method: 'POST', headers: bearer(core().token) })
    const newToken = renewed.json<ExporterChange>().token!
    expect(newToken).not.toBe(scrapeToken)
    expect((await scrape(core().port, scrapeToken)).status).toBe(401)
    expect((await scrape(core().port, newToken)).status).toBe(200)
  })

  it('keeps its settings and token across a restart; a listen address taken meanwhile shows as failed, the core starts anyway', async () => {
    const port = await closedPort()
    expect((await putExporter({ isEnabled: true, listenAddress: `127.0.0.1:${port}` })).status).toBe(200)
    const renewed = await send(core().port, exporterRoutes.token, { method: 'POST', headers: bearer(core().token) })
    const token = renewed.json<ExporterChange>().token!
    const { dataDir } = running!
    await core().dispose()

    // Another program takes the port while Vigil is stopped.
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      running = await startTestCore({ dataDir })
      const status = (await send(core().port, exporterRoutes.settings, { headers: bearer(core().token) })).json()
      expect(status).toMatchObject({ isEnabled: true, listenAddress: `127.0.0.1:${port}`, hasToken: true })
      expect((status as ExporterStatus).remote).toMatchObject({ state: 'failed', address: `127.0.0.1:${port}` })
      expect((status as ExporterStatus).remote).toHaveProperty('message', expect.stringMatching(/already in use/))
      expect((await scrape(core().port, token)).status).toBe(200)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
    // Saved again once the port is free, the listener starts.
    const retried = await putExporter({ isEnabled: true, listenAddress: `127.0.0.1:${port}` })
    expect(retried.json<ExporterChange>().status.remote).toEqual({ state: 'listening', address: `127.0.0.1:${port}` })
    expect((await scrape(port, token)).status).toBe(200)
  })
})
