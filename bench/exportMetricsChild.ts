// The child of the metrics export benchmark (run bundled): fills a 1,000,000-row history shaped like the
// dashboard's (16 series), then writes it as CSV into a sink that throws the bytes away, either through
// Vigil's export path (planMetricsExport → csv-stringify with backpressure) or through the floor: a bare
// hand-written writer producing the same bytes. Prints one `result {json}` line.
import { Writable } from 'node:stream'
import { defaultCsvOptions } from '../src/shared/export'
import { writeExport } from '../src/main/export/exportWriter'
import { planMetricsExport } from '../src/main/export/metricsExport'
import { createMinuteHistory } from '../src/main/metrics/minuteHistory'
import { createSampleHistory } from '../src/main/metrics/sampleHistory'

export interface ExportRunResult {
  rows: number
  bytes: number
  ms: number
  peakRssGrowthBytes: number
}

export const exportRowCount = 1_000_000
const series = [
  'cpu_total_pct',
  'cpu_user_pct',
  'cpu_system_pct',
  'cpu_iowait_pct',
  'core0_total_pct',
  'core1_total_pct',
  'load_1',
  'load_5',
  'mem_used_bytes',
  'mem_available_bytes',
  'swap_used_bytes',
  'net_total_rx_bytes_per_s',
  'net_total_tx_bytes_per_s',
  'disk_vda_read_bytes_per_s',
  'disk_vda_write_bytes_per_s',
  'fs_root_used_pct',
]

function filledHistory() {
  const history = createSampleHistory({ capacity: exportRowCount, maxSeries: series.length })
  const start = Date.UTC(2026, 10, 1)
  for (let seq = 0; seq < exportRowCount; seq += 1) {
    const wave = Math.sin(seq / 60)
    const values: Record<string, number> = {}
    series.forEach((key, index) => {
      // Percentages with two decimals, byte counts as integers, rates with a fraction: as the sampler gives them.
      if (key.endsWith('_pct')) values[key] = Math.round((50 + 40 * wave + index) * 100) / 100
      else if (key.endsWith('_bytes')) values[key] = 8_000_000_000 + seq * 4096
      else values[key] = (Math.abs(wave) * 1_000_000) / (index + 1)
    })
    history.push({ seq, t: start + seq * 1000, values })
  }
  return history
}

/** A sink like a socket that is always ready: it counts and drops. */
function discardingSink(): Writable & { bytes: number } {
  const sink = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        sink.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
        done()
      },
    }),
    { bytes: 0 },
  )
  return sink
}

async function floor(
  history: ReturnType<typeof createSampleHistory>,
  sink: Writable,
  onChunk: () => void,
): Promise<number> {
  const read = history.reader(series)
  const values = new Float64Array(series.length)
  let text = ['time_utc', 'time_epoch_ms', ...series].join(',') + '\r\n'
  for (let seq = 0; seq < exportRowCount; seq += 1) {
    const t = read(seq, values)!
    text += new Date(t).toISOString() + ',' + t
    for (const value of values) text += ',' + (Number.isFinite(value) ? String(value) : '')
    text += '\r\n'
    if (text.length >= 64 * 1024) {
      onChunk()
      if (!sink.write(text)) await new Promise((resolve) => sink.once('drain', resolve))
      text = ''
    }
  }
  await new Promise<void>((resolve) => sink.end(text, resolve))
  return exportRowCount
}

async function main(): Promise<void> {
  const writer = process.argv[2]
  const history = filledHistory()
  globalThis.gc?.()
  const startRss = process.memoryUsage.rss()
  let peakRss = startRss
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()))
  const sink = discardingSink()
  const startedAt = performance.now()
  let rows: number
  if (writer === 'floor') rows = await floor(history, sink, sampleRss)
  else {
    const plan = planMetricsExport(
      { history, minutes: createMinuteHistory({ capacity: 1, maxSeries: 1, samples: history }) },
      { kind: 'metrics', from: 0, to: 4_102_444_800_000, series, resolution: 'raw', csv: defaultCsvOptions },
    )
    rows = (
      await writeExport(plan, defaultCsvOptions, sink, { signal: new AbortController().signal, onProgress: sampleRss })
    ).rows
  }
  const ms = performance.now() - startedAt
  sampleRss()
  const result: ExportRunResult = { rows, bytes: sink.bytes, ms, peakRssGrowthBytes: peakRss - startRss }
  process.stdout.write(`result ${JSON.stringify(result)}\n`)
}

await main()
