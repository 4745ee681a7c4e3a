// Log storms at small scale, against the core in a child process (its memory measured from outside):
// writers of 64 lines per write and of 1 MiB blocks, a client that stops reading, a reconnect after a
// large backlog. Every line must arrive once and in order, by the stream or by reading back what the
// stream reported as dropped, page by page; the core's resident memory stays under a generous bound.
// Needs `electron-vite build` first (out/main/cli.js).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createParser } from 'eventsource-parser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { linesOfBatch } from '../../src/shared/lineBatch'
import { logRoutes, type DroppedRange, type LineBatch, type LogReadPage } from '../../src/shared/logs'
import { startChildCore, type ChildCore } from '../support/childCore'

const rssBoundBytes = 300 * 1024 * 1024
const lineBytes = 128

let core: ChildCore
let folder: string
let peakRssBytes = 0
let rssTimer: ReturnType<typeof setInterval>

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-storm-'))
  core = await startChildCore()
  peakRssBytes = 0
  rssTimer = setInterval(() => {
    void core
      .rssBytes()
      .then((bytes) => (peakRssBytes = Math.max(peakRssBytes, bytes)))
      .catch(() => undefined)
  }, 100)
})
afterEach(async () => {
  clearInterval(rssTimer)
  await core.stop()
  await rm(folder, { recursive: true, force: true })
})

const auth = () => ({ Authorization: `Bearer ${core.token}` })

async function addSource(path: string): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${core.port}${logRoutes.sources}`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ path }),
  })
  expect(answer.status).toBe(200)
  return ((await answer.json()) as { id: string }).id
}

/** Appends lines numbered from `firstNumber` up to `endNumber`, of 128 bytes, `linesPerWrite` at a time, as fast as it can. */
async function writeStorm(path: string, endNumber: number, linesPerWrite: number, firstNumber = 0): Promise<void> {
  const script = `
    const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'a')
    const [count, perWrite, first] = process.argv.slice(2).map(Number)
    for (let n = first; n < count;) {
      let block = ''
      for (let i = 0; i < perWrite && n < count; i += 1, n += 1)
        block += ('storm ' + String(n).padStart(9, '0') + ' ').padEnd(${lineBytes - 1}, 'x') + '\\n'
      fs.writeSync(fd, block)
    }`
  const writer = spawn(process.execPath, ['-e', script, path, ...[endNumber, linesPerWrite, firstNumber].map(String)], {
    stdio: 'inherit',
  })
  const [code] = (await once(writer, 'close')) as [number]
  expect(code).toBe(0)
}

/** What a client got, in order: line numbers, and ranges it was told it did not get. */
type Received = { kind: 'numbers'; numbers: number[] } | { kind: 'dropped'; range: DroppedRange }

interface StormClient {
  received: Received[]
  lastId: string
  isLive: boolean
  response: IncomingMessage
  close(): void
}

const numberOf = (text: string) => Number(text.slice(6, 15))

function openStream(source: string, lastEventId?: string): Promise<StormClient> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port: core.port,
      path: `${logRoutes.stream}?sources=${source}&tail=0`,
      headers: { ...auth(), Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      agent: false,
    })
    request.on('error', reject)
    request.on('response', (response) => {
      const client: StormClient = { received: [], lastId: '', isLive: false, response, close: () => request.destroy() }
      const parser = createParser({
        onEvent(message) {
          if (message.id) client.lastId = message.id
          if (message.event === 'lines')
            client.received.push({
              kind: 'numbers',
              numbers: linesOfBatch(JSON.parse(message.data) as LineBatch).map((line) => numberOf(line.text)),
            })
          else if (message.event === 'dropped')
            client.received.push({ kind: 'dropped', range: JSON.parse(message.data) as DroppedRange })
          else if (message.event === 'live') client.isLive = true
        },
      })
      response.setEncoding('utf8').on('data', (chunk: string) => parser.feed(chunk))
      resolve(client)
    })
    request.end()
  })
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Where the client's last id says the source stands: its byte offset. */
const offsetOf = (id: string) => Number(id.split('.').at(-1))

/** Reads a dropped range back page by page; its line numbers, and how many pages it took. */
async function readBack(range: DroppedRange): Promise<{ numbers: number[]; pages: number }> {
  const numbers: number[] = []
  let pages = 0
  for (let after: string | undefined = range.fromPosition; after !== undefined; pages += 1) {
    const query = new URLSearchParams({ source: range.source, after, until: range.toPosition })
    const answer = await fetch(`http://127.0.0.1:${core.port}${logRoutes.read}?${query.toString()}`, {
      headers: auth(),
    })
    expect(answer.status).toBe(200)
    const page = (await answer.json()) as LogReadPage
    for (const batch of page.batches) numbers.push(...linesOfBatch(batch).map((line) => numberOf(line.text)))
    after = page.next
  }
  return { numbers, pages }
}

/** Everything the client got, dropped ranges read back in their place: it must be 0…count-1 exactly. */
async function accountFor(client: StormClient, lineCount: number): Promise<{ readBackPages: number }> {
  const numbers: number[] = []
  let readBackPages = 0
  for (const item of client.received) {
    if (item.kind === 'numbers') numbers.push(...item.numbers)
    else {
      const back = await readBack(item.range)
      if (item.range.count !== undefined) expect(back.numbers).toHaveLength(item.range.count)
      for (const number of back.numbers) numbers.push(number)
      readBackPages += back.pages
    }
  }
  expect(numbers.length).toBe(lineCount)
  const firstWrong = numbers.findIndex((number, index) => number !== index)
  expect(firstWrong, `line ${firstWrong} is ${numbers[firstWrong]}`).toBe(-1)
  return { readBackPages }
}

describe('a log storm', () => {
  it.each([
    ['64 lines per write', 64, 300_000],
    ['1 MiB blocks', 8192, 40 * 8192],
  ])(
    'with %s: every line arrives once, in order, and the core stays within its memory bound',
    async (_name, linesPerWrite, lineCount) => {
      const path = join(folder, 'storm.log')
      await writeFile(path, '')
      const source = await addSource(path)
      const client = await openStream(source)
      try {
        await waitUntil(() => client.isLive, 'the stream to go live')
        await writeStorm(path, lineCount, linesPerWrite)
        await waitUntil(() => offsetOf(client.lastId) === lineCount * lineBytes, 'the client to reach the end')
        await accountFor(client, lineCount)
        expect(peakRssBytes).toBeGreaterThan(0)
        expect(peakRssBytes).toBeLessThan(rssBoundBytes)
      } finally {
        client.close()
      }
    },
    90_000,
  )

  it('tells a client that stopped reading what it dropped, and that is read back whole', async () => {
    const path = join(folder, 'storm.log')
    await writeFile(path, '')
    const source = await addSource(path)
    const client = await openStream(source)
    const lineCount = 400_000
    try {
      await waitUntil(() => client.isLive, 'the stream to go live')
      client.response.pause()
      await writeStorm(path, lineCount, 64)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      client.response.resume()
      await waitUntil(() => offsetOf(client.lastId) === lineCount * lineBytes, 'the client to reach the end')
      expect(client.received.some((item) => item.kind === 'dropped')).toBe(true)
      await accountFor(client, lineCount)
      expect(peakRssBytes).toBeLessThan(rssBoundBytes)
    } finally {
      client.close()
    }
  }, 90_000)

  it('gives a reconnect after a large backlog its range as dropped at once, to read back page by page', async () => {
    const path = join(folder, 'storm.log')
    await writeFile(path, '')
    const source = await addSource(path)
    const first = await openStream(source)
    await waitUntil(() => first.isLive, 'the stream to go live')
    await writeStorm(path, 1000, 64)
    await waitUntil(() => offsetOf(first.lastId) === 1000 * lineBytes, 'the first client to reach the end')
    first.close()
    const lineCount = 200_000
    await writeStorm(path, lineCount, 64, 1000)
    const second = await openStream(source, first.lastId)
    try {
      await waitUntil(() => second.isLive, 'the second stream to go live')
      // The source stays followed (for the recorder): what its tailer had read when the client came back is
      // the dropped range, the rest of the backlog follows live. Past the 8 MiB bound either way.
      const [dropped] = second.received
      expect(dropped).toMatchObject({ kind: 'dropped', range: { bytes: expect.any(Number) } })
      const droppedBytes = (dropped as { range: { bytes: number } }).range.bytes
      expect(droppedBytes).toBeGreaterThan(8 * 1024 * 1024)
      expect(droppedBytes).toBeLessThanOrEqual((lineCount - 1000) * lineBytes)
      await waitUntil(() => offsetOf(second.lastId) === lineCount * lineBytes, 'the second client to reach the end')
      const { readBackPages } = await accountFor(
        { ...first, received: [...first.received, ...second.received] },
        lineCount,
      )
      // 25 MB at about 1 MiB a page.
      expect(readBackPages).toBeGreaterThan(10)
      expect(peakRssBytes).toBeLessThan(rssBoundBytes)
    } finally {
      second.close()
    }
  }, 90_000)
})
