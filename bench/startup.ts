// Start-up: from spawning browser mode (the plain-Node core) to the first metrics sample it serves,
// against `node -e 0` spawn-to-exit for scale. Median of several runs, each with a fresh data folder.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { firstSampleDelayMs } from '../src/main/metrics/sampler'
import { sampleTimesOf, type MetricsEvent } from '../src/shared/protocol'
import { openSseClient } from './sseClient'
import { median } from './stats'
import type { Benchmark, Table } from './table'
import { startVigil } from './vigilProcess'
import { withTimeout } from './withTimeout'

const runs = 5
const metricsPath = '/api/streams/metrics?windowSeconds=60'

interface StartupRun {
  urlPrintedAfterMs: number
  firstSampleAfterMs: number
  /** The event that carried the first sample: the history, or a live `samples` event after an empty history. */
  firstSampleEvent: string
}

async function measureVigilStartup(): Promise<StartupRun> {
  const vigil = await startVigil()
  let onFirstSample: (event: string) => void = () => {}
  const firstSample = new Promise<string>((resolve) => (onFirstSample = resolve))
  const client = openSseClient({
    port: vigil.port,
    token: vigil.token,
    path: metricsPath,
    onEvent(message) {
      if (message.event !== 'history' && message.event !== 'samples') return
      const event = { event: message.event, data: JSON.parse(message.data) } as MetricsEvent
      if (sampleTimesOf(event).length > 0) onFirstSample(message.event)
    },
  })
  try {
    const endedFirst = client.ended.then(() =>
      Promise.reject(new Error('the metrics stream ended before its first sample')),
    )
    const firstSampleEvent = await withTimeout(Promise.race([firstSample, endedFirst]), 5000, 'the first sample')
    return {
      urlPrintedAfterMs: vigil.urlPrintedAfterMs,
      firstSampleAfterMs: performance.now() - vigil.spawnedAt,
      firstSampleEvent,
    }
  } finally {
    client.close()
    await vigil.stop()
  }
}

async function measureBareNodeMs(): Promise<number> {
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
  // `node -e 0` exits by itself; there is nothing to stop afterwards.
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) throw new Error(`node -e 0 exited with ${code}`)
  return performance.now() - spawnedAt
}

async function run(): Promise<Table> {
  const vigilRuns: StartupRun[] = []
  const bareNodeMs: number[] = []
  for (let round = 0; round < runs; round += 1) {
    vigilRuns.push(await measureVigilStartup())
    bareNodeMs.push(await measureBareNodeMs())
  }
  const firstSampleMs = vigilRuns.map((startupRun) => startupRun.firstSampleAfterMs)
  const eventCounts = new Map<string, number>()
  for (const { firstSampleEvent } of vigilRuns)
    eventCounts.set(firstSampleEvent, (eventCounts.get(firstSampleEvent) ?? 0) + 1)
  return {
    oursHeading: 'Vigil',
    peerHeading: 'node -e 0',
    rows: [
      {
        label: `spawn → first served sample, median of ${runs} (ms)`,
        ours: median(firstSampleMs),
        peer: median(bareNodeMs),
        decimals: 1,
      },
      {
        label: 'spawn → URL printed (ms)',
        ours: median(vigilRuns.map((startupRun) => startupRun.urlPrintedAfterMs)),
        peer: undefined,
        decimals: 1,
      },
      {
        label: 'URL printed → first sample (ms)',
        ours: median(vigilRuns.map((startupRun) => startupRun.firstSampleAfterMs - startupRun.urlPrintedAfterMs)),
        peer: undefined,
        decimals: 1,
      },
    ],
    targets: [],
    notes: [
      `Vigil runs (ms): ${firstSampleMs.map((elapsedMs) => elapsedMs.toFixed(1)).join(', ')}; node -e 0 (spawn → exit): ${bareNodeMs.map((elapsedMs) => elapsedMs.toFixed(1)).join(', ')}`,
      `first sample came in: ${[...eventCounts].map(([event, count]) => `${event} ${count}×`).join(', ')}`,
      'node -e 0 is there for scale: the cost of starting Node itself',
      `the sampler waits ${firstSampleDelayMs} ms for its first reading on purpose (src/main/metrics/sampler.ts): a CPU figure over a shorter span is noise`,
    ],
  }
}

export const startup: Benchmark = {
  name: 'startup',
  description: 'Start-up: plain-Node core to first served sample',
  run,
}
