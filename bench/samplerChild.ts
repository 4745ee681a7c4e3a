// The Vigil contender of the sampler benchmark, in a process of its own: the real metrics capability
// (createMetrics) sampling at 1 Hz. With `--processes` it also asks for the process list every 3 s, as the
// UI does while the list is on screen. Prints one `result {json}` line (childMeter.ts) and ends.
import { createLogger } from '../src/main/logger'
import { createMetrics } from '../src/main/metrics'
import { createSampleMeter, printResult, sampleIntervalMs } from './childMeter'

const processListPollMs = 3000
const isProcessListOnScreen = process.argv.includes('--processes')

const metricsCapability = await createMetrics({
  intervalMs: sampleIntervalMs,
  logger: createLogger(() => {}),
  instanceId: 'bench',
  keepAliveMs: 15_000,
})
const metrics = metricsCapability.api
const meter = createSampleMeter({ measuresEventLoopDelay: true })
let listedProcesses = 0
let poller: NodeJS.Timeout | undefined
if (isProcessListOnScreen) {
  const poll = async (): Promise<void> => {
    listedProcesses = (await metrics.processes.list({ sort: 'cpu' })).total
  }
  await poll()
  poller = setInterval(poll, processListPollMs)
}
metrics.sampler.onSample((sample) => {
  void meter.count().then((isComplete) => {
    if (!isComplete) return
    clearInterval(poller)
    metricsCapability.dispose()
    const seriesCount = Object.keys(sample.values).length
    printResult(meter.result(isProcessListOnScreen ? { seriesCount, listedProcesses } : { seriesCount }))
  })
})
