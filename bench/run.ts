// `npm run bench [-- name …]`: runs the registered benchmarks, all of them or those named, and prints a table each.
// Benchmarks report; they never fail the run for a missed target. Only a benchmark that could not run sets exit code 1.
import { deliveryLatency } from './deliveryLatency'
import { chatThroughput } from './chatThroughput'
import { exporterScrapes } from './exporter'
import { exportLogs, exportMetrics } from './exportThroughput'
import { fanout } from './fanout'
import { logThroughput } from './logThroughput'
import { historyMemory } from './historyMemory'
import { hosts } from './hosts'
import { recorderCost } from './recorderCost'
import { samplerCost } from './samplerCost'
import { sseDelivery } from './sseDelivery'
import { startup } from './startup'
import { timeCursor } from './timeCursor'
import { tools } from './tools'
import { viewerFps } from './viewerFps'
import { formatTable, type Benchmark } from './table'

const benchmarks: Benchmark[] = [
  sseDelivery,
  fanout,
  startup,
  samplerCost,
  historyMemory,
  deliveryLatency,
  logThroughput,
  viewerFps,
  chatThroughput,
  exportMetrics,
  exportLogs,
  recorderCost,
  timeCursor,
  exporterScrapes,
  tools,
  hosts,
]

function selectBenchmarks(names: string[]): Benchmark[] | undefined {
  if (names.length === 0) return benchmarks
  const unknown = names.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name))
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}\n`,
    )
    return undefined
  }
  return benchmarks.filter((benchmark) => names.includes(benchmark.name))
}

async function main(): Promise<void> {
  const selected = selectBenchmarks(process.argv.slice(2))
  if (!selected) {
    process.exitCode = 2
    return
  }
  const runStartedAt = performance.now()
  for (const benchmark of selected) {
    const startedAt = performance.now()
    try {
      const table = await benchmark.run()
      const elapsedSeconds = (performance.now() - startedAt) / 1000
      process.stdout.write(
        `\n${formatTable(`${benchmark.description}  [${benchmark.name}, ${elapsedSeconds.toFixed(1)} s]`, table)}\n`,
      )
    } catch (error) {
      process.stderr.write(`\n${benchmark.name} could not run: ${(error as Error)?.stack ?? String(error)}\n`)
      process.exitCode = 1
    }
  }
  process.stdout.write(
    `\n${selected.length} benchmark(s) in ${((performance.now() - runStartedAt) / 1000).toFixed(1)} s\n`,
  )
}

await main()
