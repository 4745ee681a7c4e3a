// Export throughput, peers in the same run.
// Metrics: 1,000,000 rows of 16 series written as CSV into a sink that drops the bytes, through Vigil's
// export path against a bare hand-written CSV writer producing the same bytes (the floor), each in a
// fresh bundled child, alternating, three runs each; medians. Peak RSS growth is the child's own.
// Logs: a 500 MB log file (100-byte lines; one in a hundred an ERROR, one in ten a WARN) exported through
// Vigil as a download into a file, filtered by "ERROR" and by "WARN" matching case, against
// `grep PATTERN file > out` on the same file, page cache warm; and ignoring case, against `grep -i`.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { bundleChildren } from './bundleChildren'
import { spawnUntilReady, stopChild } from './childProcess'
import type { ExportRunResult } from './exportMetricsChild'
import { resultPattern } from './childMeter'
import { readRssBytes } from './procStats'
import { median } from './stats'
import type { Benchmark, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'

const runs = 3
const megabytes = (bytes: number) => bytes / 1_000_000
const mebibytes = (bytes: number) => bytes / 1024 / 1024

async function runMetricsChild(scriptPath: string, writer: 'vigil' | 'floor'): Promise<ExportRunResult> {
  const { child, readyMatch } = await spawnUntilReady(
    process.execPath,
    ['--expose-gc', scriptPath, writer],
    resultPattern,
    { timeoutMs: 120_000 },
  )
  try {
    return JSON.parse(readyMatch[1]!) as ExportRunResult
  } finally {
    await stopChild(child)
  }
}

async function runMetrics(): Promise<Table> {
  const bundles = await bundleChildren(['exportMetricsChild'])
  const results: Record<'vigil' | 'floor', ExportRunResult[]> = { vigil: [], floor: [] }
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const writer of run % 2 === 0 ? (['vigil', 'floor'] as const) : (['floor', 'vigil'] as const)) {
        results[writer].push(await runMetricsChild(bundles.pathOf('exportMetricsChild'), writer))
      }
    }
  } finally {
    await bundles.remove()
  }
  const figure = (writer: 'vigil' | 'floor', of: (result: ExportRunResult) => number) => median(results[writer].map(of))
  const rowsPerSecond = (result: ExportRunResult) => result.rows / (result.ms / 1000)
  const megabytesPerSecond = (result: ExportRunResult) => megabytes(result.bytes) / (result.ms / 1000)
  const ratio = figure('vigil', megabytesPerSecond) / figure('floor', megabytesPerSecond)
  const rssGrowth = figure('vigil', (result) => mebibytes(result.peakRssGrowthBytes))
  return {
    oursHeading: 'Vigil (csv-stringify)',
    peerHeading: 'hand-written floor',
    rows: [
      { label: 'rows per second', ours: figure('vigil', rowsPerSecond), peer: figure('floor', rowsPerSecond) },
      {
        label: 'MB/s',
        ours: figure('vigil', megabytesPerSecond),
        peer: figure('floor', megabytesPerSecond),
        decimals: 1,
      },
      {
        label: 'size (MB)',
        ours: megabytes(results.vigil[0]!.bytes),
        peer: megabytes(results.floor[0]!.bytes),
        decimals: 1,
      },
      {
        label: 'peak RSS growth (MiB)',
        ours: rssGrowth,
        peer: figure('floor', (result) => mebibytes(result.peakRssGrowthBytes)),
        decimals: 1,
      },
    ],
    targets: [
      { description: `≥ 50 % of the floor's MB/s (measured ${(ratio * 100).toFixed(0)} %)`, isMet: ratio >= 0.5 },
      {
        description: `peak RSS growth under 64 MB (measured ${rssGrowth.toFixed(1)} MiB)`,
        isMet: rssGrowth * 1.048576 < 64,
      },
    ],
    notes: [
      `${runs} runs each, alternating, medians; runs (MB/s) Vigil ${results.vigil.map((result) => megabytesPerSecond(result).toFixed(1)).join(', ')}; floor ${results.floor.map((result) => megabytesPerSecond(result).toFixed(1)).join(', ')}`,
      'both write byte-identical CSV (same columns, CRLF records); the floor needs no quoting because every cell is a number or an ISO time',
    ],
  }
}

const logLineCount = 5_000_000
/** A log export takes a fraction of a second: five runs a side against the noise. */
const logRuns = 5

async function writeBigLog(path: string): Promise<void> {
  const file = createWriteStream(path)
  const levelOf = (index: number) => (index % 100 === 0 ? 'ERROR' : index % 10 === 5 ? 'WARN ' : 'INFO ')
  const lines = Array.from(
    { length: 10_000 },
    (_, index) => `2026-11-24T10:00:00Z ${levelOf(index)} worker ${String(index).padStart(5, '0')} ${'x'.repeat(59)}\n`,
  )
  const block = Buffer.from(lines.join(''))
  for (let written = 0; written < logLineCount; written += lines.length) {
    if (!file.write(block)) await once(file, 'drain')
  }
  file.end()
  await once(file, 'close')
}

async function timeGrep(pattern: string, matchCase: boolean, input: string, output: string): Promise<number> {
  const startedAt = performance.now()
  const grep = spawn('sh', ['-c', `grep ${matchCase ? '' : '-i '}"$1" "$2" > "$3"`, 'sh', pattern, input, output], {
    stdio: 'ignore',
  })
  const [code] = (await once(grep, 'close')) as [number]
  if (code !== 0) throw new Error(`grep exited with ${code}`)
  return performance.now() - startedAt
}

async function timeVigil(
  vigil: VigilProcess,
  pattern: string,
  matchCase: boolean,
  sourceId: string,
  output: string,
): Promise<{ ms: number; peakRssGrowthBytes: number }> {
  const origin = `http://127.0.0.1:${vigil.port}`
  const headers = { Authorization: `Bearer ${vigil.token}` }
  const startRss = await readRssBytes(vigil.pid)
  let peakRss = startRss
  const watcher = setInterval(() => void readRssBytes(vigil.pid).then((rss) => (peakRss = Math.max(peakRss, rss))), 50)
  try {
    const startedAt = performance.now()
    const created = await fetch(`${origin}/api/exports`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'logs',
        sources: [{ id: sourceId, range: { kind: 'all' } }],
        filter: { q: pattern, matchCase },
      }),
    })
    const { id } = (await created.json()) as { id: string }
    const download = await fetch(`${origin}/api/exports/file?id=${id}`, { headers })
    if (!download.ok || !download.body) throw new Error(`the export answered ${download.status}`)
    await pipeline(Readable.fromWeb(download.body as WebReadableStream<Uint8Array>), createWriteStream(output))
    return { ms: performance.now() - startedAt, peakRssGrowthBytes: peakRss - startRss }
  } finally {
    clearInterval(watcher)
  }
}

async function runLogs(): Promise<Table> {
  const folder = await mkdtemp(join(tmpdir(), 'vigil-bench-export-'))
  const vigil = await startVigil()
  try {
    const input = join(folder, 'big.log')
    await writeBigLog(input)
    const inputBytes = (await stat(input)).size
    const added = await fetch(`http://127.0.0.1:${vigil.port}/api/logs/sources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: input }),
    })
    const { id } = (await added.json()) as { id: string }
    // Warm the page cache for both: neither is measured reading the disk.
    await timeGrep('ERROR', true, input, join(folder, 'warm.out'))
    const rate = (ms: number) => megabytes(inputBytes) / (ms / 1000)
    const measured = []
    for (const { pattern, share, matchCase } of [
      { pattern: 'ERROR', share: '1 %', matchCase: true },
      { pattern: 'WARN', share: '10 %', matchCase: true },
      { pattern: 'error', share: '1 %', matchCase: false },
      { pattern: 'warn', share: '10 %', matchCase: false },
    ]) {
      const grepMs: number[] = []
      const vigilRuns: { ms: number; peakRssGrowthBytes: number }[] = []
      // One unmeasured export first: grep is machine code from its first byte, while Vigil's search and
      // formatting run as optimised code only once V8 has seen them work, as it has in an app running for a while.
      await timeVigil(vigil, pattern, matchCase, id, join(folder, 'vigil.csv'))
      for (let run = 0; run < logRuns; run += 1) {
        grepMs.push(await timeGrep(pattern, matchCase, input, join(folder, 'grep.out')))
        vigilRuns.push(await timeVigil(vigil, pattern, matchCase, id, join(folder, 'vigil.csv')))
      }
      measured.push({
        // As the table names it: the filter, and how grep is asked for the same.
        pattern: matchCase ? `"${pattern}"` : `"${pattern}" ignoring case (grep -i)`,
        share,
        ours: median(vigilRuns.map((result) => rate(result.ms))),
        peer: median(grepMs.map(rate)),
        rssGrowth: median(vigilRuns.map((result) => mebibytes(result.peakRssGrowthBytes))),
        vigilOut: (await stat(join(folder, 'vigil.csv'))).size,
        grepOut: (await stat(join(folder, 'grep.out'))).size,
        runs: `"${pattern}"${matchCase ? '' : ' -i'}: Vigil ${vigilRuns.map((result) => rate(result.ms).toFixed(0)).join(', ')}; grep ${grepMs.map((ms) => rate(ms).toFixed(0)).join(', ')}`,
      })
    }
    return {
      oursHeading: 'Vigil export',
      peerHeading: 'grep > out',
      rows: measured.flatMap((figures) => [
        {
          label: `${figures.pattern} (${figures.share} of lines): input MB/s`,
          ours: figures.ours,
          peer: figures.peer,
          decimals: 0,
        },
        {
          label: `${figures.pattern}: output (MB)`,
          ours: megabytes(figures.vigilOut),
          peer: megabytes(figures.grepOut),
          decimals: 1,
        },
        { label: `${figures.pattern}: Vigil RSS growth (MiB)`, ours: figures.rssGrowth, peer: undefined, decimals: 1 },
      ]),
      targets: measured.map((figures) => ({
        description: `${figures.pattern}: ≥ 40 % of grep's MB/s (measured ${((figures.ours / figures.peer) * 100).toFixed(0)} %)`,
        isMet: figures.ours / figures.peer >= 0.4,
      })),
      notes: [
        `${megabytes(inputBytes).toFixed(0)} MB, ${logLineCount.toLocaleString('en-US')} lines; ${logRuns} runs each after one unmeasured Vigil export, alternating, medians; runs (MB/s) ${measured.map((figures) => figures.runs).join('; ')}`,
        "Vigil's time runs from the request to the last byte in the file, through HTTP, and it writes CSV (source, offset, level, text; rows needing no quotes joined directly, the others by csv-stringify); grep copies the lines",
        'matching case is the live view\'s "Aa" filter, as `grep PATTERN` compares; ignoring case is its default, as `grep -i`',
      ],
    }
  } finally {
    await vigil.stop()
    await rm(folder, { recursive: true, force: true })
  }
}

export const exportMetrics: Benchmark = {
  name: 'export-metrics',
  description: 'Metrics export: 1,000,000 rows through csv-stringify vs a hand-written CSV writer',
  run: runMetrics,
}

export const exportLogs: Benchmark = {
  name: 'export-logs',
  description: 'Log export: a 500 MB file through a text filter vs grep',
  run: runLogs,
}
