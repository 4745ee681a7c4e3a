// Alert rules on remote hosts, against Debian's real Prometheus scraping a real node_exporter: a rule on
// the node_exporter host fires from its PromQL reading and shows it; a rule on a server that cannot be
// reached, or on a host the server does not have, shows why it has no reading and fires nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostRuleState, PrometheusServerView } from '../../src/shared/fleet'
import { routes, type AlertRule, type AlertsEventData } from '../../src/shared/protocol'
import { closedPort } from '../support/closedPort'
import { callCore } from '../support/http'
import { startNodeExporter, startPrometheus, type RunningServer } from '../support/prometheus'
import { startTestCore, type TestCore } from '../support/testCore'

let nodeExporter: RunningServer
let prometheus: RunningServer
let testCore: TestCore

const call = (path: string, method = 'GET', body?: unknown) => callCore(testCore.core, method, path, body)

async function addServer(name: string, url: string): Promise<PrometheusServerView> {
  const response = await call('/api/fleet/servers', 'POST', { name, url, auth: { kind: 'none' } })
  expect(response.status).toBe(200)
  return response.json<PrometheusServerView>()
}

const alertState = async () => (await call(routes.alerts)).json<AlertsEventData>()

const hostRule = (id: string, serverId: string, instance: string): AlertRule => ({
  id,
  seriesKey: 'cpu_total_pct',
  operator: 'above',
  threshold: 0,
  forSeconds: 0,
  isEnabled: true,
  host: { serverId, instance },
})

beforeAll(async () => {
  nodeExporter = await startNodeExporter()
  prometheus = await startPrometheus([{ jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] }])
  testCore = await startTestCore({ hostAlertIntervalMs: 500, fleetLimits: { timeoutMs: 2000 } })
}, 90_000)

afterAll(async () => {
  await testCore?.dispose()
  await prometheus?.stop()
  await nodeExporter?.stop()
})

describe('alert rules on remote hosts', () => {
  it('fire from the host’s reading; an unreachable server or a missing host is a state, never an episode', async () => {
    const lab = await addServer('lab', prometheus.url)
    const gone = await addServer('gone', `http://127.0.0.1:${await closedPort()}`)
    const instance = `127.0.0.1:${nodeExporter.port}`
    const rules = [
      hostRule('node-cpu', lab.id, instance),
      hostRule('gone-cpu', gone.id, instance),
      hostRule('nobody-cpu', lab.id, '127.0.0.1:1'),
    ]
    const saved = await call(routes.alerts, 'PUT', { rules })
    expect(saved.status).toBe(200)

    // rate() needs two scrapes in its minute: the rule fires once Prometheus has them.
    await expect
      .poll(async () => (await alertState()).firing.map((episode) => episode.ruleId), { timeout: 60_000 })
      .toEqual(['node-cpu'])
    const state = await alertState()
    expect(state.firing[0]!.message).toMatch(new RegExp(`^CPU total above 0\\.0 % on ${instance}: now \\d`))
    expect(state.hostStates['node-cpu']).toMatchObject({ state: 'ok', value: expect.any(Number) })
    expect(state.hostStates['gone-cpu']).toMatchObject<Partial<HostRuleState>>({
      state: 'failed',
      problem: 'unreachable',
    })
    expect(state.hostStates['nobody-cpu']).toMatchObject({ state: 'missing', message: /no data.*127\.0\.0\.1:1/ })

    // Rounds later, still only the readable host's rule fires.
    const reads = (await alertState()).hostStates['gone-cpu'] as { at: number }
    await expect
      .poll(async () => ((await alertState()).hostStates['gone-cpu'] as { at: number }).at)
      .toBeGreaterThan(reads.at)
    expect((await alertState()).firing.map((episode) => episode.ruleId)).toEqual(['node-cpu'])
  }, 120_000)

  it('refuses a rule on a remote host for a series the Hosts view has no query for', async () => {
    const rule = { ...hostRule('load', 'sabc', 'db:9100'), seriesKey: 'mem_used_bytes' }
    const refused = await call(routes.alerts, 'PUT', { rules: [rule] })
    expect(refused.status).toBe(400)
    expect(refused.json<{ message: string }>().message).toMatch(
      /remote host watches one of cpu_total_pct, mem_used_pct/,
    )
  })
})
