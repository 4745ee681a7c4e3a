// Large exports stream with flat memory: the test's own process RSS, sampled while a 1,000,000-row
// metrics export and a 500 MB filtered log export run, stays within a bound of where it started.
// Metrics: 12 MiB. Filling the history has already grown V8's young generation to its maximum, so what
// is left to see is what the export keeps or leaves for old space; measured 2.7–3.4 MiB. Numbers written
// with String() leave their text in V8's old space (its number-string cache): 19–36 MiB here.
// Logs: 96 MiB. The same process also receives the 60 MB download over HTTP; measured 12–62 MiB, the
// young generation's 32 MiB and old space waiting for its next collection, a plateau however long the
// file: a leak of one byte per line would be 5 MB here.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCsvOptions, exportRoutes, type ExportJob } from '../../src/shared/export'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { writeExport } from '../../src/main/export/exportWriter'
import { planMetricsExport } from '../../src/main/export/metricsExport'
import { createMinuteHistory } from '../../src/main/metrics/minuteHistory'
import { createSampleHistory } from '../../src/main/metrics/sampleHistory'
import { bearer, send } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

const metricsRssBoundBytes = 12 * 1024 * 1024
const logsRssBoundBytes = 96 * 1024 * 1024
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/** Samples RSS every 20 ms (and when asked) until stopped; returns the peak growth over the start. */
function watchRss(): { sample(): void; stop(): number } {
  const start = process.memoryUsage.rss()
  let peak = start
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }
  const timer = setInterval(sample, 20)
  return {
    sample,
    stop() {
      clearInterval(timer)
      sample()
      return peak - start
    },
  }
}

describe('export memory', () => {
  it('streams a 1,000,000-row metrics export from the history with flat memory', async () => {
    const rowCount = 1_000_000
    const series = [
      'cpu_total_pct',
      'cpu_user_pct',
      'mem_used_bytes',
      'net_total_rx_bytes_per_s',
      'net_total_tx_bytes_per_s',
      'load_1',
    ]
    const history = createSampleHistory({ capacity: rowCount, maxSeries: 8 })
    const start = Date.UTC(2026, 10, 1)
    for (let seq = 0; seq < rowCount; seq += 1) {
      history.push({
        seq,
        t: start + seq * 1000,
        values: {
          cpu_total_pct: seq % 100,
          cpu_user_pct: (seq % 100) / 2,
          mem_used_bytes: 8e9 + seq,
          net_total_rx_bytes_per_s: seq * 3.5,
          net_total_tx_bytes_per_s: seq / 7,
          load_1: 0.25,
        },
      })
    }
    const plan = planMetricsExport(
      { history, minutes: createMinuteHistory({ capacity: 1, maxSeries: 1, samples: history }) },
      { kind: 'metrics', from: 0, to: Date.now() + 1e12, series, resolution: 'raw', csv: defaultCsvOptions },
    )
    let head = ''
    let tail = ''
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (head.length < 4096) head += chunk.toString('utf8')
        tail = (tail + chunk.toString('utf8')).slice(-4096)
        // Like a socket: the callback comes later, so backpressure is real.
        setImmediate(done)
      },
    })
    const rss = watchRss()
    const progress = await writeExport(plan, defaultCsvOptions, sink, {
      signal: new AbortController().signal,
      onProgress: rss.sample,
    })
    const growth = rss.stop()
    console.info(`1,000,000-row metrics export: ${mib(progress.bytes)} written, peak RSS growth ${mib(growth)}`)
    expect(progress.rows).toBe(rowCount)
    const headRows = parse(head.slice(0, head.lastIndexOf('\r\n')), {}) as string[][]
    expect(headRows[0]).toEqual(['time_utc', 'time_epoch_ms', ...series])
    expect(headRows[1]).toEqual([
      new Date(start).toISOString(),
      String(start),
      '0',
      '0',
      '8000000000',
      '0',
      '0',
      '0.25',
    ])
    const lastRow = (parse(tail.slice(tail.indexOf('\r\n') + 2), {}) as string[][]).at(-1)!
    expect(lastRow[1]).toBe(String(start + (rowCount - 1) * 1000))
    expect(growth).toBeLessThan(metricsRssBoundBytes)
  }, 120_000)

  describe('a 500 MB log file', () => {
    let running: TestCore
    let folder: string
    let path: string
    const lineCount = 5_000_000
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'vigil-export-memory-'))
      path = join(folder, 'big.log')
      const file = createWriteStream(path)
      // 100-byte lines; every tenth is an error.
      const lines = Array.from(
        { length: 10_000 },
        (_, index) =>
          `2026-11-24T10:00:00Z ${index % 10 === 0 ? 'ERROR' : 'INFO '} worker ${String(index).padStart(5, '0')} ${'x'.repeat(59)}\n`,
      )
      const block = Buffer.from(lines.join(''))
      for (let written = 0; written < lineCount; written += lines.length) {
        if (!file.write(block)) await once(file, 'drain')
      }
      file.end()
      await once(file, 'close')
      running = await startTestCore()
    }, 120_000)
    afterAll(async () => {
      await running?.dispose()
      await rm(folder, { recursive: true, force: true })
    })

    it('streams it through a filter as a download with flat memory', async () => {
      const auth = bearer(running.core.token)
      const headers = { ...auth, 'Content-Type': 'application/json' }
      const source = await send(running.core.port, logRoutes.sources, {
        method: 'POST',
        headers,
        body: JSON.stringify({ path }),
      })
      const job = (
        await send(running.core.port, exportRoutes.exports, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            kind: 'logs',
            sources: [{ id: source.json<LogSourceInfo>().id, range: { kind: 'all' } }],
            filter: { q: 'error' },
          }),
        })
      ).json<ExportJob>()
      expect(job.progress.totalInputBytes).toBe(lineCount * 100)
      const rss = watchRss()
      const { bytes, newlines } = await new Promise<{ bytes: number; newlines: number }>((resolve, reject) => {
        httpRequest(
          {
            host: '127.0.0.1',
            port: running.core.port,
            path: `${exportRoutes.file}?id=${job.id}`,
            headers: auth,
            agent: false,
          },
          (response) => {
            let received = 0
            let lines = 0
            response.on('data', (chunk: Buffer) => {
              received += chunk.length
              for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1
            })
            response.on('end', () => resolve({ bytes: received, newlines: lines }))
            response.on('error', reject)
          },
        ).end()
      })
      const growth = rss.stop()
      console.info(`500 MB filtered log export: ${mib(bytes)} downloaded, peak RSS growth ${mib(growth)}`)
      // The header and one line per error.
      expect(newlines).toBe(1 + lineCount / 10)
      expect(running.core.exports.history()[0]).toMatchObject({ state: 'done', rows: lineCount / 10 })
      expect(growth).toBeLessThan(logsRssBoundBytes)
    }, 120_000)
  })
})
