// Recorder cost: 30 days of this machine's series recorded fast into a fresh database by a bundled child
// (see recorderCostChild.ts), then a second child opens that database as a restarted core would. Disk per
// value, CPU per sample, RSS, and chart queries, each beside the same work over in-memory arrays.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleChildren } from './bundleChildren'
import { resultPattern } from './childMeter'
import { spawnUntilReady, stopChild } from './childProcess'
import type { RecorderCostResult, RecorderOpenResult } from './recorderCostChild'
import type { Benchmark, Table } from './table'

const days = 30
const childTimeoutMs = 30 * 60_000
const rssLimitBytes = 150e6
/** The bundle lives in a temp folder: libsql's native package is found through the project's node_modules. */
const nodeModules = fileURLToPath(new URL('../node_modules', import.meta.url))

async function runChild<T>(scriptPath: string, args: string[]): Promise<T> {
  const { child, readyMatch } = await spawnUntilReady(
    process.execPath,
    ['--expose-gc', scriptPath, ...args],
    resultPattern,
    { timeoutMs: childTimeoutMs, env: { ...process.env, NODE_PATH: nodeModules } },
  )
  try {
    return JSON.parse(readyMatch[1]!) as T
  } finally {
    await stopChild(child)
  }
}

async function fileBytes(path: string): Promise<number> {
  return stat(path).then(
    (stats) => stats.size,
    () => 0,
  )
}

async function run(): Promise<Table> {
  const bundles = await bundleChildren(['recorderCostChild'])
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-recorder-'))
  try {
    const script = bundles.pathOf('recorderCostChild')
    const filled = await runChild<RecorderCostResult>(script, [String(days), dataDir])
    const opened = await runChild<RecorderOpenResult>(script, [String(days), dataDir, 'open'])
    // Measured after the second child closed the database: the write-ahead log is checkpointed by then.
    const databaseBytes =
      (await fileBytes(join(dataDir, 'recorder.db'))) + (await fileBytes(join(dataDir, 'recorder.db-wal')))
    const values = filled.samples * filled.seriesCount
    const bytesPerValue = databaseBytes / values
    const mib = (bytes: number) => bytes / 2 ** 20
    return {
      oursHeading: 'recorder',
      peerHeading: 'in-memory arrays',
      rows: [
        { label: 'disk per 1 s value after 30 days (bytes)', ours: bytesPerValue, peer: 8, decimals: 2 },
        { label: 'database on disk (MiB)', ours: mib(databaseBytes), peer: mib(values * 8), decimals: 1 },
        {
          label: 'CPU per sample recorded (ms)',
          ours: filled.cpuMsPerSample,
          peer: filled.peerCpuMsPerSample,
          decimals: 3,
        },
        {
          label: 'RSS of a fresh process, before opening (MiB)',
          ours: mib(opened.rssBareBytes),
          peer: undefined,
          decimals: 1,
        },
        {
          label: 'RSS after opening 30 days and a 7-day chart (MiB)',
          ours: mib(opened.rssOpenBytes),
          peer: undefined,
          decimals: 1,
        },
        {
          label: `7-day chart, ${filled.chartKeys} series, ${filled.chartRows} rows (ms)`,
          ours: filled.chartMs,
          peer: filled.peerChartMs,
          decimals: 1,
        },
        {
          label: `one raw hour, ${filled.chartKeys} series, ${filled.rawHourRows} rows (ms)`,
          ours: filled.rawHourMs,
          peer: filled.peerRawHourMs,
          decimals: 1,
        },
      ],
      targets: [
        { description: `≤ 2 bytes per 1 s value (measured ${bytesPerValue.toFixed(2)})`, isMet: bytesPerValue <= 2 },
        {
          description: `≤ 0.2 ms of CPU per second of samples (measured ${filled.cpuMsPerSample.toFixed(3)})`,
          isMet: filled.cpuMsPerSample <= 0.2,
        },
        {
          description: `RSS < 150 MB with 30 days recorded (measured ${(opened.rssOpenBytes / 1e6).toFixed(1)} MB)`,
          isMet: opened.rssOpenBytes < rssLimitBytes,
        },
        {
          description: `7-day chart (≤ 2,000 points a series) < 100 ms (measured ${filled.chartMs.toFixed(1)})`,
          isMet: filled.chartMs < 100 && filled.chartRows <= 2000,
        },
        { description: `one raw hour < 20 ms (measured ${filled.rawHourMs.toFixed(1)})`, isMet: filled.rawHourMs < 20 },
      ],
      notes: [
        `${filled.seriesCount} series (this machine's, from one real sample), ${filled.samples.toLocaleString('en-US')} samples one simulated second apart, recorded in ${filled.fillSeconds.toFixed(0)} s; values are synthetic, shaped like each series (see nextValue in recorderCostChild.ts): shares noisy, memory moving by pages, idle interfaces at 0, counters adding up their rates`,
        'the database holds the raw seconds (30-day retention), the minute aggregates and the chunk index; process snapshots and log activity are not part of this figure',
        'CPU: the last simulated hour written as the core writes (a transaction every 5 samples, chunks sealed at the hour), process.cpuUsage of the child minus the cost of building the samples; peer: the same samples copied into Float64Arrays',
        'queries: median of 5; the peer computes the same min/avg/max steps (chart) or copies the same rows (raw hour) from Float64Arrays of the last 7 days held in memory',
        'RSS: VmRSS after a forced GC in a second, fresh child that opens the 30-day database and answers a 7-day chart of two series',
      ],
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
    await bundles.remove()
  }
}

export const recorderCost: Benchmark = {
  name: 'recorder',
  description: 'Recorder cost: 30 days recorded fast; disk, CPU, RSS and chart queries against in-memory arrays',
  run,
}
