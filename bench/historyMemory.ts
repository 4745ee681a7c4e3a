// History memory: the metrics capability with 24 h of history (the fast ring's hour and 1,440 minutes),
// filled fast in a child process, with this machine's series and with maxSeries; RSS and heap after a
// forced GC, against the memory before filling and the README's bound for the columns.
import { fastHistoryCapacity, maxSeries, minuteHistoryCapacity } from '../src/main/metrics'
import { bundleChildren } from './bundleChildren'
import { resultPattern } from './childMeter'
import { spawnUntilReady, stopChild } from './childProcess'
import type { HistoryMemoryResult } from './historyMemoryChild'
import type { Benchmark, Table } from './table'

/** The "under 150 MB", read as 150 × 10⁶ bytes (the stricter reading: 143.1 MiB). */
const rssLimitBytes = 150e6
const bytesPerValue = 8
const childTimeoutMs = 60_000

function mebibytes(bytes: number): number {
  return bytes / 2 ** 20
}

/** README: capacity × (series + 1) × 8 bytes for the fast ring, plus 3 × 1,440 × series × 8 for the minutes. */
function readmeBoundBytes(series: number): number {
  return fastHistoryCapacity * (series + 1) * bytesPerValue + 3 * minuteHistoryCapacity * series * bytesPerValue
}

async function runChild(scriptPath: string, args: string[]): Promise<HistoryMemoryResult> {
  const { child, readyMatch } = await spawnUntilReady(
    process.execPath,
    ['--expose-gc', scriptPath, ...args],
    resultPattern,
    { timeoutMs: childTimeoutMs },
  )
  try {
    return JSON.parse(readyMatch[1]!) as HistoryMemoryResult
  } finally {
    await stopChild(child)
  }
}

/** This machine's series every second for 24 h, then maxSeries filled sparsely; one after the other. */
async function measureBoth(childPath: string): Promise<{ measured: HistoryMemoryResult; widest: HistoryMemoryResult }> {
  return {
    measured: await runChild(childPath, []),
    widest: await runChild(childPath, ['--series', String(maxSeries), '--sparse']),
  }
}

async function run(): Promise<Table> {
  const bundles = await bundleChildren(['historyMemoryChild'])
  const { measured, widest } = await measureBoth(bundles.pathOf('historyMemoryChild')).finally(() => bundles.remove())

  const measuredBound = readmeBoundBytes(measured.seriesCount)
  const widestBound = readmeBoundBytes(widest.seriesCount)
  const describeRun = (name: string, result: HistoryMemoryResult): string =>
    `${name}: ${result.samplesPushed.toLocaleString('en-US')} samples pushed in ${(result.fillMs / 1000).toFixed(1)} s; ${result.fastSamplesHeld} fast samples and ${result.minutesHeld} minutes held; ` +
    `RSS ${mebibytes(result.bare.rssBytes).toFixed(1)} MiB bare → ${mebibytes(result.core.rssBytes).toFixed(1)} with createMetrics → ${mebibytes(result.filled.rssBytes).toFixed(1)} filled; ` +
    `V8 heap committed ${mebibytes(result.core.heapTotalBytes).toFixed(1)} → ${mebibytes(result.filled.heapTotalBytes).toFixed(1)} MiB`
  return {
    oursHeading: 'after 24 h',
    peerHeading: 'before filling',
    rows: [
      {
        label: `VmRSS after forced GC, ${measured.seriesCount} series (MiB)`,
        ours: mebibytes(measured.filled.rssBytes),
        peer: mebibytes(measured.core.rssBytes),
        decimals: 1,
      },
      {
        label: `heapUsed after forced GC, ${measured.seriesCount} series (MiB)`,
        ours: mebibytes(measured.filled.heapUsedBytes),
        peer: mebibytes(measured.core.heapUsedBytes),
        decimals: 1,
      },
      {
        label: `arrayBuffers (the columns), ${measured.seriesCount} series (MiB)`,
        ours: mebibytes(measured.filled.arrayBuffersBytes),
        peer: mebibytes(measured.core.arrayBuffersBytes),
        decimals: 2,
      },
      {
        label: `README bound, ${measured.seriesCount} series (MiB)`,
        ours: mebibytes(measuredBound),
        peer: undefined,
        decimals: 2,
      },
      {
        label: `VmRSS after forced GC, ${widest.seriesCount} series (MiB)`,
        ours: mebibytes(widest.filled.rssBytes),
        peer: mebibytes(widest.core.rssBytes),
        decimals: 1,
      },
      {
        label: `heapUsed after forced GC, ${widest.seriesCount} series (MiB)`,
        ours: mebibytes(widest.filled.heapUsedBytes),
        peer: mebibytes(widest.core.heapUsedBytes),
        decimals: 1,
      },
      {
        label: `arrayBuffers (the columns), ${widest.seriesCount} series (MiB)`,
        ours: mebibytes(widest.filled.arrayBuffersBytes),
        peer: mebibytes(widest.core.arrayBuffersBytes),
        decimals: 2,
      },
      {
        label: `README bound, maxSeries = ${maxSeries} (MiB)`,
        ours: mebibytes(widestBound),
        peer: undefined,
        decimals: 2,
      },
    ],
    targets: [
      {
        description: `RSS < 150 MB (150 × 10⁶ bytes) with 24 h of history (measured ${mebibytes(measured.filled.rssBytes).toFixed(1)} MiB with this machine's ${measured.seriesCount} series, ${mebibytes(widest.filled.rssBytes).toFixed(1)} MiB with ${widest.seriesCount})`,
        isMet: Math.max(measured.filled.rssBytes, widest.filled.rssBytes) < rssLimitBytes,
      },
    ],
    notes: [
      'one child per row group, bundled (vite) and run with node --expose-gc: createMetrics as the core calls it, one real sample, sampler stopped, then its own history and minutes filled with samples shaped like the real one (each value within ±10 % of its real reading)',
      describeRun(`${measured.seriesCount} series, every second for 24 h`, measured),
      describeRun(
        `${widest.seriesCount} series (real ones plus made-up interfaces), one a minute for 23 h then every second for the last hour`,
        widest,
      ),
      `README bound = ${fastHistoryCapacity} × (series + 1) × 8 + 3 × ${minuteHistoryCapacity} × series × 8 bytes; arrayBuffers after filling should match it (typed arrays live outside the V8 heap, so heapUsed barely moves)`,
      "RSS grows more than the columns: V8 keeps heap pages committed after collecting the fill's garbage (a filled day in seconds makes far more garbage at once than a day at 1 Hz)",
      "the child holds the metrics capability only: no HTTP server or open streams (the fanout benchmark reports the whole server's RSS)",
    ],
  }
}

export const historyMemory: Benchmark = {
  name: 'memory',
  description: 'History memory: RSS with 24 h of metrics history, filled fast',
  run,
}
