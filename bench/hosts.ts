// The Hosts view's query time for a 24 h window: Vigil's /api/fleet/host (eight PromQL range queries at a
// 5 min step, sent side by side, answers parsed and put on one time grid) against the same eight queries
// sent straight to Prometheus, the floor any client pays. Debian's real Prometheus scrapes a real
// node_exporter every second; a benchmark kept under a minute gives it only about 30 s of samples, so the
// figures are for a window that is mostly empty: a Prometheus holding a full day reads more.
import { hostQueries } from '../src/main/fleet/promql'
import { stepSecondsFor } from '../src/shared/fleet'
import { bearer, send } from '../test/support/http'
import { startNodeExporter, startPrometheus, type RunningServer } from '../test/support/prometheus'
import { startTestCore, type TestCore } from '../test/support/testCore'
import { median, percentile } from './stats'
import type { Benchmark, Table } from './table'

const scrapeSeconds = 30
const runs = 40
const daySeconds = 86_400

/** The eight queries straight to Prometheus, side by side, each answer read whole and parsed (node:http, as Vigil). */
async function direct(prometheus: RunningServer, instance: string): Promise<number> {
  const stepSeconds = stepSecondsFor(daySeconds)
  const end = Math.floor(Date.now() / 1000 / stepSeconds) * stepSeconds
  const started = performance.now()
  await Promise.all(
    hostQueries(instance, stepSeconds).map(async ({ promql }) => {
      const params = new URLSearchParams({ query: promql, start: String(end - daySeconds), end: String(end) })
      params.set('step', String(stepSeconds))
      const response = await send(prometheus.port, `/api/v1/query_range?${params}`)
      if (response.status !== 200) throw new Error(`Prometheus answered ${response.status}: ${response.text}`)
      response.json()
    }),
  )
  return performance.now() - started
}

async function throughVigil(running: TestCore, serverId: string, instance: string): Promise<number> {
  const started = performance.now()
  const path = `/api/fleet/host?${new URLSearchParams({ server: serverId, instance, window: '24h' })}`
  const response = await send(running.core.port, path, { headers: bearer(running.core.token) })
  if (response.status !== 200) throw new Error(`Vigil answered ${response.status}: ${response.text}`)
  response.json()
  return performance.now() - started
}

async function measure(): Promise<Table> {
  const nodeExporter = await startNodeExporter()
  const prometheus = await startPrometheus([{ jobName: 'node', targets: [`127.0.0.1:${nodeExporter.port}`] }])
  const running = await startTestCore()
  try {
    const instance = `127.0.0.1:${nodeExporter.port}`
    const added = await send(running.core.port, '/api/fleet/servers', {
      method: 'POST',
      headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench', url: prometheus.url, auth: { kind: 'none' } }),
    })
    const serverId = added.json<{ id: string }>().id
    await new Promise((resolve) => setTimeout(resolve, scrapeSeconds * 1000))
    await throughVigil(running, serverId, instance)
    await direct(prometheus, instance)
    const vigil: number[] = []
    const floor: number[] = []
    for (let run = 0; run < runs; run += 1) {
      vigil.push(await throughVigil(running, serverId, instance))
      floor.push(await direct(prometheus, instance))
    }
    const overheadMs = median(vigil) - median(floor)
    return {
      oursHeading: 'Vigil',
      peerHeading: 'straight to Prometheus',
      rows: [
        { label: '24 h window, median (ms)', ours: median(vigil), peer: median(floor), decimals: 1 },
        { label: '24 h window, p95 (ms)', ours: percentile(vigil, 95), peer: percentile(floor, 95), decimals: 1 },
      ],
      targets: [
        {
          description: `a 24 h window answers within 500 ms at the median (measured ${median(vigil).toFixed(1)} ms)`,
          isMet: median(vigil) < 500,
        },
        {
          description: `Vigil adds at most 20 ms to the queries themselves (measured ${overheadMs.toFixed(1)} ms)`,
          isMet: overheadMs <= 20,
        },
      ],
      notes: [
        `${runs} runs each after one unmeasured run, alternating; 8 range queries at a ${stepSecondsFor(daySeconds) / 60} min step (289 points a series)`,
        `Prometheus had only about ${scrapeSeconds} s of 1 s scrapes of one node_exporter: the 24 h window is mostly empty, so these are the fixed costs; a day of data reads more samples`,
        "Vigil's time is through its HTTP API on 127.0.0.1 (the core in this process, Prometheus and node_exporter in their own); both sides use node:http (Node 20's fetch was about 5 times slower for the same eight requests)",
      ],
    }
  } finally {
    await running.dispose()
    await prometheus.stop()
    await nodeExporter.stop()
  }
}

export const hosts: Benchmark = {
  name: 'hosts',
  description: "Hosts view: a host's 24 h charts through Vigil vs the same PromQL straight to Prometheus",
  run: measure,
}
