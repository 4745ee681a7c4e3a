// The systeminformation reference of the sampler benchmark: the dashboard's set through its API once a
// second (currentLoad, mem, networkStats('*'), fsStats, fsSize), with `--processes` also processes().
// Prints one `result {json}` line (childMeter.ts) and ends.
import si from 'systeminformation'
import { collectEverySecond, createSampleMeter, printResult } from './childMeter'

const withProcesses = process.argv.includes('--processes')
let detail: Record<string, number> = {}

async function collect(): Promise<void> {
  const [, , interfaces, , fileSystems, processes] = await Promise.all([
    si.currentLoad(),
    si.mem(),
    si.networkStats('*'),
    si.fsStats(),
    si.fsSize(),
    withProcesses ? si.processes() : undefined,
  ])
  detail = {
    interfaces: interfaces.length,
    fileSystems: fileSystems.length,
    ...(processes ? { processes: processes.all } : {}),
  }
}

const meter = createSampleMeter({ measuresEventLoopDelay: false })
await collectEverySecond(collect, meter)
printResult(meter.result(detail))
