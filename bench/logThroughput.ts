// Log throughput: a writer appends 120-byte lines as fast as it can for 5 s; lines per second delivered
// to a connected SSE client through Vigil, against `tail -F` on the same kind of file, in the same run.
// tail's output is counted here as `wc -l` would count it, so that the moment it caught up is known too.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LogsEvent } from '../src/shared/logs'
import { stopChild } from './childProcess'
import { readRssBytes } from './procStats'
import { openSseClient } from './sseClient'
import type { Benchmark, Table } from './table'
import { startVigil } from './vigilProcess'

const writeSeconds = 5
const lineBytes = 120
/** Lines per write: 1, as a line-buffered logger appends (each line its own write, the usual for log files). */
const linesPerWrite = 1

interface Phase {
  linesWritten: number
  writerEndedAt: number
  writerStartedAt: number
  caughtUpAt: number | undefined
  delivered: number
}

/** A child that appends for `writeSeconds` and prints how many lines it wrote. */
function startWriter(path: string): {
  child: ChildProcess
  finished: Promise<{ lines: number; startedAt: number; endedAt: number }>
} {
  const script = `
    const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(path)}, 'a')
    let block = ''; for (let i = 0; i < ${linesPerWrite}; i += 1) block += 'INFO bench line ' + String(i).padStart(6, '0') + ' ' + 'x'.repeat(${lineBytes - 25}) + '\\n'
    const buffer = Buffer.from(block); const end = Date.now() + ${writeSeconds * 1000}; let lines = 0
    while (Date.now() < end) { fs.writeSync(fd, buffer); lines += ${linesPerWrite} }
    process.stdout.write(String(lines))`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const startedAt = performance.now()
  const finished = new Promise<{ lines: number; startedAt: number; endedAt: number }>((resolve) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('close', () => resolve({ lines: Number(output), startedAt, endedAt: performance.now() }))
  })
  return { child, finished }
}

async function waitForCatchUp(phase: Phase, delivered: () => number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (delivered() < phase.linesWritten && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5))
  phase.delivered = delivered()
  phase.caughtUpAt = delivered() >= phase.linesWritten ? performance.now() : undefined
}

async function tailPhase(folder: string): Promise<Phase> {
  const path = join(folder, 'tail.log')
  await writeFile(path, '')
  const tail = spawn('tail', ['-n0', '-F', path], { stdio: ['ignore', 'pipe', 'ignore'] })
  let count = 0
  tail.stdout!.on('data', (chunk: Buffer) => {
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) count += 1
  })
  try {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const writer = startWriter(path)
    const written = await writer.finished
    const phase: Phase = {
      linesWritten: written.lines,
      writerStartedAt: written.startedAt,
      writerEndedAt: written.endedAt,
      caughtUpAt: undefined,
      delivered: 0,
    }
    await waitForCatchUp(phase, () => count, 20_000)
    return phase
  } finally {
    await stopChild(tail)
  }
}

async function vigilPhase(folder: string): Promise<Phase & { rssMiB: number; dropped: number }> {
  const path = join(folder, 'vigil.log')
  await writeFile(path, '')
  const vigil = await startVigil()
  try {
    const origin = `http://127.0.0.1:${vigil.port}`
    const added = await fetch(`${origin}/api/logs/sources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path }),
    })
    const { id } = (await added.json()) as { id: string }
    let count = 0
    let dropped = 0
    let isLive = false
    const client = openSseClient({
      port: vigil.port,
      token: vigil.token,
      path: `/api/streams/logs?sources=${id}&tail=0`,
      onEvent(message) {
        const event = { event: message.event, data: JSON.parse(message.data) } as LogsEvent
        if (event.event === 'lines') count += event.data.steps.length
        else if (event.event === 'dropped') dropped += event.data.count ?? 0
        else if (event.event === 'live') isLive = true
      },
    })
    try {
      while (!isLive) await new Promise((resolve) => setTimeout(resolve, 10))
      const written = await startWriter(path).finished
      const phase: Phase = {
        linesWritten: written.lines,
        writerStartedAt: written.startedAt,
        writerEndedAt: written.endedAt,
        caughtUpAt: undefined,
        delivered: 0,
      }
      await waitForCatchUp(phase, () => count + dropped, 20_000)
      return { ...phase, rssMiB: (await readRssBytes(vigil.pid)) / 1024 / 1024, dropped }
    } finally {
      client.close()
    }
  } finally {
    await vigil.stop()
  }
}

const linesPerSecond = (phase: Phase) =>
  phase.caughtUpAt === undefined ? 0 : phase.linesWritten / ((phase.caughtUpAt - phase.writerStartedAt) / 1000)
const lagMs = (phase: Phase) =>
  phase.caughtUpAt === undefined ? Number.POSITIVE_INFINITY : phase.caughtUpAt - phase.writerEndedAt

async function run(): Promise<Table> {
  const folder = await mkdtemp(join(tmpdir(), 'vigil-bench-logs-'))
  try {
    const tail = await tailPhase(folder)
    const vigil = await vigilPhase(folder)
    const ratio = linesPerSecond(vigil) / linesPerSecond(tail)
    return {
      oursHeading: 'Vigil (SSE client)',
      peerHeading: 'tail -F',
      rows: [
        { label: 'lines written in 5 s', ours: vigil.linesWritten, peer: tail.linesWritten },
        { label: 'lines delivered per second', ours: linesPerSecond(vigil), peer: linesPerSecond(tail) },
        { label: 'lag after the writer stopped (ms)', ours: lagMs(vigil), peer: lagMs(tail) },
        { label: 'server RSS at the end (MiB)', ours: vigil.rssMiB, peer: undefined, decimals: 1 },
      ],
      targets: [
        {
          description: `≥ 50 % of tail -F's lines per second (measured ${(ratio * 100).toFixed(0)} %)`,
          isMet: ratio >= 0.5,
        },
        { description: `lag at the end < 1 s (measured ${lagMs(vigil).toFixed(0)} ms)`, isMet: lagMs(vigil) < 1000 },
        {
          description: `server RSS < 200 MB (measured ${vigil.rssMiB.toFixed(1)} MiB)`,
          isMet: vigil.rssMiB * 1024 * 1024 < 200e6,
        },
      ],
      notes: [
        `${lineBytes}-byte lines, ${linesPerWrite} per write, for ${writeSeconds} s each; the writer runs alone with each reader, tail first`,
        `lines per second: all lines written / time from the writer's start until the reader had them all; Vigil's count includes lines reported as dropped (${vigil.dropped})`,
        'Vigil: browser mode (out/main/cli.js), one SSE client with no filter; tail: tail -n0 -F, its output counted in this process',
      ],
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

export const logThroughput: Benchmark = {
  name: 'logs',
  description: 'Log throughput: lines per second to a client through Vigil vs tail -F, writer at full speed for 5 s',
  run,
}
