// Log throughput under storms: GNU `tail -F`, a bare fs.watch follower in Node and Vigil (browser mode,
// one SSE client) follow files written by the same writer, in alternating rounds; medians are compared.
// This file is long because it holds the three readers, the writer and the table together.
// Writers (a Node child): one line per write, 64 lines per write, and 1 MiB blocks, each at full speed
// for `stormSeconds`; then fixed rates of 100 and 10,000 lines/s for CPU per MB; and a storm during which
// Vigil's client stops reading for 10 s, for the core's RSS. Each line carries the writer's monotonic
// clock (CLOCK_MONOTONIC, the clock process.hrtime reads in every process), so a reader's lag is the
// time from a line's write to its arrival, sampled on the last line of each chunk or batch.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createParser } from 'eventsource-parser'
import type { LineBatch } from '../src/shared/logs'
import { stopChild } from './childProcess'
import { readClockTicks, readCpuTimeMs, readRssBytes } from './procStats'
import { median, percentile } from './stats'
import type { Benchmark, Row, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'

const rounds = 3
const stormSeconds = 2
const rateSeconds = 4
const lineBytes = 120
const stalledSeconds = 10
const catchUpTimeoutMs = 30_000

type Writer = { kind: 'storm'; linesPerWrite: number } | { kind: 'rate'; linesPerSecond: number }

/** Appends numbered, timestamped lines; prints how many it wrote. */
async function runWriter(path: string, writer: Writer, seconds: number) {
  const script = `
    const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'a')
    const [kind, amount, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])]
    const line = (stamp) => stamp + ' ' + 'x'.repeat(${lineBytes} - stamp.length - 2) + '\\n'
    const now = () => String(process.hrtime.bigint() / 1000n).padStart(16, '0')
    let lines = 0; const end = Date.now() + seconds * 1000
    if (kind === 'storm') {
      while (Date.now() < end) {
        const stamp = now(); let block = ''
        for (let i = 0; i < amount; i += 1) block += line(stamp)
        fs.writeSync(fd, block); lines += amount
      }
      process.stdout.write(String(lines))
    } else {
      const started = Date.now()
      const tick = () => {
        const due = Math.round(((Date.now() - started) / 1000) * amount)
        let block = ''; const stamp = now()
        for (; lines < due; lines += 1) block += line(stamp)
        if (block) fs.writeSync(fd, block)
        if (Date.now() < end) setTimeout(tick, 5); else process.stdout.write(String(lines))
      }
      tick()
    }`
  const amount = writer.kind === 'storm' ? writer.linesPerWrite : writer.linesPerSecond
  const child = spawn(process.execPath, ['-e', script, path, writer.kind, String(amount), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const startedAt = performance.now()
  await once(child, 'close')
  return { lines: Number(output), startedAt, endedAt: performance.now() }
}

/** What a reader reports as lines arrive: how many, and the lag of the last one of a chunk. */
interface Tally {
  lines: number
  lagsMs: number[]
}

function noteLag(tally: Tally, lastLine: string): void {
  const stamp = Number(lastLine.slice(0, 16))
  if (stamp > 0) tally.lagsMs.push(Number(process.hrtime.bigint() / 1000n) / 1000 - stamp / 1000)
}

interface Reader {
  name: string
  /** Starts following `path` (already created); resolves once it follows. */
  follow(path: string, tally: Tally): Promise<{ pid: number; stop(): Promise<void> }>
}

/** A child whose stdout carries the lines it follows, counted here. */
function countStdout(child: ChildProcess, tally: Tally): void {
  let rest = ''
  child.stdout!.setEncoding('latin1').on('data', (chunk: string) => {
    const text = rest + chunk
    const lastNewline = text.lastIndexOf('\n')
    if (lastNewline === -1) {
      rest = text
      return
    }
    for (let index = text.indexOf('\n'); index !== -1 && index <= lastNewline; index = text.indexOf('\n', index + 1))
      tally.lines += 1
    noteLag(tally, text.slice(text.lastIndexOf('\n', lastNewline - 1) + 1, lastNewline))
    rest = text.slice(lastNewline + 1)
  })
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

const tailReader: Reader = {
  name: 'tail -F',
  async follow(path, tally) {
    const child = spawn('tail', ['-n0', '-F', path], { stdio: ['ignore', 'pipe', 'ignore'] })
    countStdout(child, tally)
    await settle()
    return { pid: child.pid!, stop: () => stopChild(child) }
  },
}

/** The floor for Node: watch the folder, read to the end on each change, write the bytes to stdout. */
const bareReader: Reader = {
  name: 'bare fs.watch',
  async follow(path, tally) {
    const script = `
      const fs = require('fs'); const path = require('path'); const file = process.argv[1]
      const fd = fs.openSync(file, 'r'); let offset = fs.fstatSync(fd).size; const buffer = Buffer.alloc(1 << 20)
      let reading = false; let again = false
      const read = () => {
        if (reading) { again = true; return }
        reading = true
        fs.read(fd, buffer, 0, buffer.length, offset, (error, bytes) => {
          reading = false
          if (bytes > 0) { offset += bytes; process.stdout.write(Buffer.from(buffer.subarray(0, bytes))); again = true }
          if (again) { again = false; read() }
        })
      }
      fs.watch(path.dirname(file), (_event, name) => { if (name === path.basename(file)) read() })`
    const child = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] })
    countStdout(child, tally)
    await settle()
    return { pid: child.pid!, stop: () => stopChild(child) }
  },
}

/** Vigil's client: counts the lines of each batch; can stop reading (pause the socket) for a while. */
function vigilReader(vigil: VigilProcess, stalls?: { afterMs: number; forMs: number }): Reader {
  return {
    name: 'Vigil',
    async follow(path, tally) {
      const origin = `http://127.0.0.1:${vigil.port}`
      const added = await fetch(`${origin}/api/logs/sources`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path }),
      })
      const { id } = (await added.json()) as { id: string }
      let isLive = false
      const parser = createParser({
        onEvent(message) {
          if (message.event === 'lines') {
            const batch = JSON.parse(message.data) as LineBatch
            tally.lines += batch.steps.length
            noteLag(tally, batch.text.slice(batch.text.lastIndexOf('\n', batch.text.length - 2) + 1))
          } else if (message.event === 'dropped') {
            const range = JSON.parse(message.data) as { count?: number }
            tally.lines += range.count ?? 0
          } else if (message.event === 'live') isLive = true
        },
      })
      const request = get({
        host: '127.0.0.1',
        port: vigil.port,
        path: `/api/streams/logs?sources=${id}&tail=0`,
        headers: { Authorization: `Bearer ${vigil.token}`, Accept: 'text/event-stream' },
      })
      request.on('error', () => undefined)
      request.on('response', (response) => {
        response.setEncoding('utf8').on('data', (chunk: string) => parser.feed(chunk))
        if (stalls)
          setTimeout(() => {
            response.pause()
            setTimeout(() => response.resume(), stalls.forMs)
          }, stalls.afterMs)
      })
      while (!isLive) await new Promise((resolve) => setTimeout(resolve, 10))
      return {
        pid: vigil.pid,
        async stop() {
          request.destroy()
          await fetch(`${origin}/api/logs/sources?id=${id}`, {
            method: 'DELETE',
            headers: { Authorization: `Bearer ${vigil.token}` },
          })
        },
      }
    },
  }
}

interface Measure {
  linesPerSecond: number
  lagP99Ms: number
  catchUpMs: number
  cpuSecondsPerMb: number
  /** The same, less the core's idle CPU over the same time (Vigil only; tail and the bare follower do nothing else). */
  netCpuSecondsPerMb: number
  peakRssMiB: number
}

const clockTicks = readClockTicks()

async function measure(
  folder: string,
  reader: Reader,
  writer: Writer,
  seconds: number,
  idleCpuMsPerS = 0,
): Promise<Measure> {
  const path = join(folder, `${reader.name.replace(/\W/g, '')}-${Date.now()}.log`)
  await writeFile(path, '')
  const tally: Tally = { lines: 0, lagsMs: [] }
  const followed = await reader.follow(path, tally)
  let peakRss = 0
  const rssTimer = setInterval(() => {
    void readRssBytes(followed.pid)
      .then((bytes) => (peakRss = Math.max(peakRss, bytes)))
      .catch(() => undefined)
  }, 100)
  try {
    const cpuBefore = await readCpuTimeMs(followed.pid, clockTicks)
    const written = await runWriter(path, writer, seconds)
    const deadline = performance.now() + catchUpTimeoutMs
    while (tally.lines < written.lines && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5))
    const caughtUpAt = tally.lines >= written.lines ? performance.now() : Number.NaN
    const cpuMs = (await readCpuTimeMs(followed.pid, clockTicks)) - cpuBefore
    const megabytes = (written.lines * lineBytes) / 1e6
    const elapsedSeconds = (performance.now() - written.startedAt) / 1000
    return {
      linesPerSecond: written.lines / ((caughtUpAt - written.startedAt) / 1000),
      lagP99Ms: percentile(tally.lagsMs, 99),
      catchUpMs: caughtUpAt - written.endedAt,
      cpuSecondsPerMb: cpuMs / 1000 / megabytes,
      netCpuSecondsPerMb: Math.max(0, cpuMs - idleCpuMsPerS * elapsedSeconds) / 1000 / megabytes,
      peakRssMiB: peakRss / 1024 / 1024,
    }
  } finally {
    clearInterval(rssTimer)
    await followed.stop()
  }
}

const medianOf = (measures: Measure[], key: keyof Measure) => median(measures.map((entry) => entry[key]))

/** The core's own CPU time per second with no log followed (its metrics sampler runs all the time). */
async function idleCpuMsPerSecond(vigil: VigilProcess): Promise<number> {
  const before = await readCpuTimeMs(vigil.pid, clockTicks)
  await new Promise((resolve) => setTimeout(resolve, rateSeconds * 1000))
  return ((await readCpuTimeMs(vigil.pid, clockTicks)) - before) / rateSeconds
}

async function run(): Promise<Table> {
  const folder = await mkdtemp(join(tmpdir(), 'vigil-bench-logs-'))
  const vigil = await startVigil()
  try {
    const idleCpu = await idleCpuMsPerSecond(vigil)
    const readers = [tailReader, bareReader, vigilReader(vigil)]
    const cases: { label: string; writer: Writer; seconds: number }[] = [
      { label: '1 line per write', writer: { kind: 'storm', linesPerWrite: 1 }, seconds: stormSeconds },
      { label: '64 lines per write', writer: { kind: 'storm', linesPerWrite: 64 }, seconds: stormSeconds },
      { label: '1 MiB blocks', writer: { kind: 'storm', linesPerWrite: 8738 }, seconds: stormSeconds },
      { label: '100 lines/s', writer: { kind: 'rate', linesPerSecond: 100 }, seconds: rateSeconds },
      { label: '10,000 lines/s', writer: { kind: 'rate', linesPerSecond: 10_000 }, seconds: rateSeconds },
    ]
    // results[case][reader] = one measure per round; the readers' order alternates from round to round.
    const results = cases.map(() => readers.map((): Measure[] => []))
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? readers : [...readers].reverse()
      for (const [caseIndex, { writer, seconds }] of cases.entries())
        for (const reader of order)
          results[caseIndex]![readers.indexOf(reader)]!.push(
            await measure(folder, reader, writer, seconds, reader.name === 'Vigil' ? idleCpu : 0),
          )
    }
    const stalled = await measure(
      folder,
      vigilReader(vigil, { afterMs: 500, forMs: stalledSeconds * 1000 }),
      { kind: 'storm', linesPerWrite: 64 },
      stalledSeconds + 2,
    )

    const rows: Row[] = []
    const notes: string[] = []
    const targets: Table['targets'] = []
    const [tailIndex, bareIndex, vigilIndex] = [0, 1, 2]
    for (const [caseIndex, { label, writer }] of cases.entries()) {
      const [tail, bare, ours] = [tailIndex, bareIndex, vigilIndex].map((index) => results[caseIndex]![index]!)
      if (writer.kind === 'storm') {
        rows.push(
          {
            label: `${label}: lines/s`,
            ours: medianOf(ours!, 'linesPerSecond'),
            peer: medianOf(tail!, 'linesPerSecond'),
          },
          { label: `${label}: lag p99 (ms)`, ours: medianOf(ours!, 'lagP99Ms'), peer: medianOf(tail!, 'lagP99Ms') },
          { label: `${label}: catch-up (ms)`, ours: medianOf(ours!, 'catchUpMs'), peer: medianOf(tail!, 'catchUpMs') },
        )
        const ratio = medianOf(ours!, 'linesPerSecond') / medianOf(tail!, 'linesPerSecond')
        targets.push(
          {
            description: `${label}: ≥ 90 % of tail -F's lines/s (measured ${(ratio * 100).toFixed(0)} %)`,
            isMet: ratio >= 0.9,
          },
          {
            description: `${label}: lag p99 < 1 s, catch-up < 1 s (measured ${medianOf(ours!, 'lagP99Ms').toFixed(0)} / ${medianOf(ours!, 'catchUpMs').toFixed(0)} ms)`,
            isMet: medianOf(ours!, 'lagP99Ms') < 1000 && medianOf(ours!, 'catchUpMs') < 1000,
          },
        )
      } else {
        rows.push(
          {
            label: `${label}: CPU s per MB, whole core`,
            ours: medianOf(ours!, 'cpuSecondsPerMb'),
            peer: medianOf(tail!, 'cpuSecondsPerMb'),
            decimals: 3,
          },
          {
            label: `${label}: CPU s per MB, less idle core`,
            ours: medianOf(ours!, 'netCpuSecondsPerMb'),
            peer: medianOf(tail!, 'cpuSecondsPerMb'),
            decimals: 3,
          },
        )
        const ratio = medianOf(ours!, 'cpuSecondsPerMb') / medianOf(tail!, 'cpuSecondsPerMb')
        const bound = writer.linesPerSecond <= 100 ? 3 : 2
        targets.push({
          description: `${label}: CPU per MB ≤ ${bound}x tail -F's (measured ${ratio.toFixed(2)}x)`,
          isMet: ratio <= bound,
        })
      }
      notes.push(
        `bare fs.watch, ${label}: ${
          writer.kind === 'storm'
            ? `${medianOf(bare!, 'linesPerSecond').toFixed(0)} lines/s, lag p99 ${medianOf(bare!, 'lagP99Ms').toFixed(0)} ms, catch-up ${medianOf(bare!, 'catchUpMs').toFixed(0)} ms`
            : `${medianOf(bare!, 'cpuSecondsPerMb').toFixed(3)} CPU s per MB`
        }`,
      )
    }
    const peakRss = Math.max(
      stalled.peakRssMiB,
      ...results.flatMap((byReader) => byReader[vigilIndex]!.map((entry) => entry.peakRssMiB)),
    )
    rows.push({ label: 'core RSS peak, every case (MiB)', ours: peakRss, peer: undefined, decimals: 1 })
    rows.push({
      label: `client stalled ${stalledSeconds} s: RSS (MiB)`,
      ours: stalled.peakRssMiB,
      peer: undefined,
      decimals: 1,
    })
    targets.push({
      description: `core RSS < 200 MB through every case, a client stalled ${stalledSeconds} s included (measured ${peakRss.toFixed(1)} MiB)`,
      isMet: peakRss * 1024 * 1024 < 200e6,
    })
    notes.push(
      `${rounds} rounds, readers in alternating order, medians; storms ${stormSeconds} s at full speed, rates ${rateSeconds} s; ${lineBytes}-byte lines`,
      "lines/s: lines written / time from the writer's start until the reader had them all (Vigil counts lines it reported as dropped)",
      'lag: write time (in the line) to arrival, last line of each chunk or batch; CPU: utime + stime of the reader process (Vigil: the whole core)',
      `stalled client: 64 lines per write for ${stalledSeconds + 2} s, the client stops reading after 0.5 s for ${stalledSeconds} s`,
      `the core idle (no log followed, its sampler running) used ${idleCpu.toFixed(1)} ms of CPU per second; "less idle core" subtracts it; the targets use the whole core`,
    )
    return { oursHeading: 'Vigil', peerHeading: 'tail -F', rows, targets, notes }
  } finally {
    await vigil.stop()
    await rm(folder, { recursive: true, force: true })
  }
}

export const logThroughput: Benchmark = {
  name: 'logs',
  description: 'Log storms: Vigil vs tail -F and a bare fs.watch follower, same writer, alternating rounds',
  run,
}
