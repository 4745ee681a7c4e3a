// Prometheus scrapes: CPU and bytes per scrape of Vigil's /metrics (browser mode in a child process, the
// exporter turned on over its API) against Debian's node_exporter on the same machine, in one run with
// alternating rounds; medians of the rounds. CPU is each process's utime + stime from /proc/PID/stat.
import { request } from 'node:http'
import { exporterRoutes, type ExporterChange } from '../src/shared/exporter'
import { startNodeExporter, type RunningServer } from '../test/support/prometheus'
import { readClockTicks, readCpuTimeMs } from './procStats'
import { median } from './stats'
import type { Benchmark, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'

const rounds = 12
/** Scrapes per round: /proc/PID/stat counts in 10 ms ticks, so a round must cost many of them. */
const scrapesPerRound = 20
/** What Prometheus asks for when it may not have OpenMetrics; no compression, so both write the same text. */
const scrapeHeaders = { Accept: 'text/plain;version=0.0.4', 'Accept-Encoding': 'identity' }

interface Target {
  pid: number
  port: number
  token?: string
}

function get(port: number, path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

async function enableExporter(vigil: VigilProcess): Promise<string> {
  const answer = await get(
    vigil.port,
    exporterRoutes.settings,
    { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'application/json' },
    'PUT',
    JSON.stringify({ isEnabled: true, listenAddress: null }),
  )
  if (answer.status !== 200) throw new Error(`turning /metrics on failed: ${answer.status} ${answer.text}`)
  return (JSON.parse(answer.text) as ExporterChange).token!
}

/** One round: `scrapesPerRound` scrapes one after another; CPU ms per scrape and the last answer's bytes. */
async function measureRound(target: Target): Promise<{ cpuMs: number; bytes: number }> {
  const clockTicks = readClockTicks()
  const headers = { ...scrapeHeaders, ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}) }
  const before = await readCpuTimeMs(target.pid, clockTicks)
  let bytes = 0
  for (let scrape = 0; scrape < scrapesPerRound; scrape += 1) {
    const answer = await get(target.port, exporterRoutes.metrics, headers)
    if (answer.status !== 200) throw new Error(`a scrape of port ${target.port} answered ${answer.status}`)
    bytes = Buffer.byteLength(answer.text)
  }
  const after = await readCpuTimeMs(target.pid, clockTicks)
  return { cpuMs: (after - before) / scrapesPerRound, bytes }
}

async function run(): Promise<Table> {
  const vigil = await startVigil()
  let nodeExporter: RunningServer | undefined
  try {
    nodeExporter = await startNodeExporter()
    const ours: Target = { pid: vigil.pid, port: vigil.port, token: await enableExporter(vigil) }
    const peer: Target = { pid: nodeExporter.pid, port: nodeExporter.port }
    // One scrape each first: node_exporter and Vigil both set things up on their first scrape.
    await measureRound(ours)
    await measureRound(peer)
    const oursRounds: { cpuMs: number; bytes: number }[] = []
    const peerRounds: { cpuMs: number; bytes: number }[] = []
    for (let round = 0; round < rounds; round += 1) {
      // Alternating which goes first, so that neither always follows the other's load.
      const order = round % 2 === 0 ? ([ours, peer] as const) : ([peer, ours] as const)
      for (const target of order) (target === ours ? oursRounds : peerRounds).push(await measureRound(target))
    }
    const oursCpu = median(oursRounds.map((measured) => measured.cpuMs))
    const peerCpu = median(peerRounds.map((measured) => measured.cpuMs))
    const ratio = oursCpu / peerCpu
    return {
      oursHeading: 'Vigil /metrics',
      peerHeading: 'node_exporter',
      rows: [
        { label: 'CPU per scrape, median of rounds (ms)', ours: oursCpu, peer: peerCpu, decimals: 2 },
        {
          label: 'bytes per scrape (text format, uncompressed)',
          ours: median(oursRounds.map((measured) => measured.bytes)),
          peer: median(peerRounds.map((measured) => measured.bytes)),
        },
      ],
      targets: [
        {
          description: `Vigil's CPU per scrape ≤ node_exporter's (measured ${(ratio * 100).toFixed(0)} %)`,
          isMet: ratio <= 1,
        },
      ],
      notes: [
        `${rounds} alternating rounds of ${scrapesPerRound} sequential scrapes each; CPU = utime + stime of each process (/proc/PID/stat, ${readClockTicks().perSecond} ticks/s)`,
        `Vigil's figure is its whole process's CPU during a round: its sampler and recorder keep running, so it is an upper bound`,
        `Vigil rounds (ms/scrape): ${oursRounds.map((measured) => measured.cpuMs.toFixed(2)).join(', ')}`,
        `node_exporter rounds (ms/scrape): ${peerRounds.map((measured) => measured.cpuMs.toFixed(2)).join(', ')}`,
        'node_exporter runs with Debian defaults (all its default collectors): it writes many more series than Vigil',
      ],
    }
  } finally {
    await nodeExporter?.stop()
    await vigil.stop()
  }
}

export const exporterScrapes: Benchmark = {
  name: 'exporter',
  description: "Prometheus scrapes: Vigil's /metrics against node_exporter",
  run,
}
