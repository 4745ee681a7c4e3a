// The logs routes and stream over real HTTP, with real files and a real writer.
import { spawn } from 'node:child_process'
import { appendFile, chmod, link, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createParser } from 'eventsource-parser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { analyzeLine } from '../../src/shared/lineLevel'
import { linesOfBatch } from '../../src/shared/lineBatch'
import { logRoutes, type LineBatch, type LogLine, type LogReadPage, type LogSourceInfo } from '../../src/shared/logs'
import { descriptorsOn } from '../support/descriptors'
import { bearer, send } from '../support/http'
import { connectSse, type ReceivedEvent } from '../support/sseClient'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
let folder: string

beforeEach(async () => {
  running = await startTestCore()
  folder = await mkdtemp(join(tmpdir(), 'vigil-logs-'))
})
afterEach(async () => {
  await running.dispose()
  await rm(folder, { recursive: true, force: true })
})

const auth = () => bearer(running.core.token)

async function addSource(path: string, confirmSensitive?: boolean) {
  return send(running.core.port, logRoutes.sources, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ path, confirmSensitive }),
  })
}

const listSources = async () =>
  (await send(running.core.port, logRoutes.sources, { headers: auth() })).json<LogSourceInfo[]>()

async function addFile(name: string, contents: string): Promise<{ path: string; id: string }> {
  const path = join(folder, name)
  await writeFile(path, contents)
  const answer = await addSource(path)
  expect(answer.status, answer.text).toBe(200)
  return { path, id: answer.json<LogSourceInfo>().id }
}

const linesOf = (events: ReceivedEvent[]): LogLine[] =>
  events.flatMap((event) => (event.event === 'lines' ? linesOfBatch(event.data as LineBatch) : []))

/** Reads a range back page by page, following `next`; the texts, and how many pages it took. */
async function readBack(source: string, after: string, until: string, extra = '') {
  const texts: string[] = []
  let pages = 0
  for (let from: string | undefined = after; from !== undefined; pages += 1) {
    const answer = await send(
      running.core.port,
      `${logRoutes.read}?source=${source}&after=${from}&until=${until}${extra}`,
      { headers: auth() },
    )
    expect(answer.status, answer.text).toBe(200)
    const page = answer.json<LogReadPage>()
    texts.push(...page.batches.flatMap(linesOfBatch).map((line) => line.text))
    from = page.next
  }
  return { texts, pages }
}
const texts = (events: ReceivedEvent[]) => linesOf(events).map((line) => line.text)
/** An ingested line as it shows: the time it came (ISO 8601 UTC), then its text. */
const stampedAs = (text: string) =>
  expect.stringMatching(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z ${text}$`)

function openLogs(query: string, headers: Record<string, string> = {}) {
  return connectSse(running.core.port, `${logRoutes.stream}?${query}`, { ...auth(), ...headers })
}

describe('adding a log file', () => {
  it('refuses what cannot be followed, each with its own clear message', async () => {
    await mkdir(join(folder, 'a-folder'))
    await writeFile(join(folder, 'binary.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]))
    const cases: [string, number, RegExp][] = [
      ['relative/path.log', 400, /full path/],
      [join(folder, 'missing.log'), 404, /There is no file at/],
      [join(folder, 'a-folder'), 400, /is a folder/],
      [join(folder, 'binary.bin'), 400, /looks binary/],
      ['/dev/null', 400, /not a regular file/],
    ]
    for (const [path, status, message] of cases) {
      const answer = await addSource(path)
      expect(answer.status, path).toBe(status)
      expect(answer.json<{ message: string }>().message, path).toMatch(message)
    }
    expect(
      (await send(running.core.port, logRoutes.sources, { headers: auth() }))
        .json<LogSourceInfo[]>()
        .map((source) => source.id),
    ).toEqual(['vigil', 'ingest'])
  })

  it('keeps the canonical path, once, across restarts', async () => {
    const { path, id } = await addFile('real.log', 'x\n')
    await symlink(path, join(folder, 'link.log'))
    const again = await addSource(join(folder, 'sub', '..', 'link.log'))
    expect(again.json<LogSourceInfo>()).toMatchObject({ id, path, kind: 'file', name: 'real.log' })
    const { dataDir } = running
    await running.core.dispose()
    running = await startTestCore({ dataDir })
    const sources = (await send(running.core.port, logRoutes.sources, { headers: auth() })).json<LogSourceInfo[]>()
    // Followed from the start: the recorder counts every source's lines with no window open.
    expect(sources.at(-1)).toMatchObject({ id, path, status: 'following' })
    const removed = await send(running.core.port, `${logRoutes.sources}?id=${id}`, {
      method: 'DELETE',
      headers: auth(),
    })
    expect(removed.status).toBe(200)
    expect(
      (await send(running.core.port, `${logRoutes.sources}?id=vigil`, { method: 'DELETE', headers: auth() })).status,
    ).toBe(404)
  })
})

describe('what a log source may not be', () => {
  it('refuses Vigil’s own data folder and its files, however they are named', async () => {
    const { dataDir } = running
    await writeFile(join(dataDir, 'secrets.json'), '{"p1": "sk-secret-key"}\n', { mode: 0o644 })
    await mkdir(join(dataDir, 'conversations'), { recursive: true })
    await writeFile(join(dataDir, 'conversations', 'c1.json'), '{}\n', { mode: 0o644 })
    await symlink(join(dataDir, 'secrets.json'), join(folder, 'innocent.log'))
    await link(join(dataDir, 'secrets.json'), join(folder, 'hard-linked.log'))
    await mkdir(join(folder, 'sub'))
    const paths = [
      join(dataDir, 'secrets.json'),
      join(dataDir, 'conversations', 'c1.json'),
      join(folder, 'innocent.log'),
      join(dataDir, 'conversations', '..', 'secrets.json'),
      join(folder, 'sub', '..', 'hard-linked.log'),
    ]
    for (const path of paths) {
      const answer = await addSource(path)
      expect(answer.status, path).toBe(403)
      expect(answer.json<{ message: string }>().message, path).toMatch(/Vigil’s own data/)
    }
    expect((await listSources()).map((source) => source.id)).toEqual(['vigil', 'ingest'])
  })

  it('answers a path holding a NUL byte with 400', async () => {
    const answer = await addSource(`${folder}/app.log\u0000.txt`)
    expect(answer.status).toBe(400)
    expect(answer.json<{ message: string }>().message).toMatch(/NUL/)
  })

  it.skipIf(process.getuid?.() !== 0)(
    'asks before following a file others may not read (Vigil runs as root here), then marks it sensitive',
    async () => {
      const path = join(folder, 'auth.log')
      await writeFile(path, 'Accepted password for admin\n')
      await chmod(path, 0o640)
      const first = await addSource(path)
      expect(first.status).toBe(409)
      expect(first.json()).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/passwords or other secrets.*AI/),
        details: { path, isSensitive: true, mode: '0640' },
      })
      expect((await listSources()).map((source) => source.id)).toEqual(['vigil', 'ingest'])
      const confirmed = await addSource(path, true)
      expect(confirmed.status, confirmed.text).toBe(200)
      expect(confirmed.json<LogSourceInfo>()).toMatchObject({ path, isSensitive: true })
      const { id: readable } = await addFile('app.log', 'hello\n')
      const { dataDir } = running
      await running.core.dispose()
      running = await startTestCore({ dataDir })
      const sources = await listSources()
      expect(sources.find((source) => source.path === path)).toMatchObject({ isSensitive: true })
      expect(sources.find((source) => source.id === readable)).not.toHaveProperty('isSensitive')
    },
  )
})

describe('the logs stream', () => {
  it('starts with the last N lines, then follows, with levels and timestamps detected', async () => {
    const history =
      Array.from(
        { length: 50 },
        (_, index) => `2026-11-24T05:00:${String(index).padStart(2, '0')}Z INFO old line ${index}`,
      ).join('\n') + '\n'
    const { path, id } = await addFile('app.log', history)
    const stream = await openLogs(`sources=${id}&tail=10`)
    await stream.waitForEvent((event) => event.event === 'live')
    expect(texts(stream.events).map((text) => text.slice(-11))).toEqual(
      Array.from({ length: 10 }, (_, index) => `old line ${40 + index}`.slice(-11)),
    )
    await appendFile(path, '2026-11-24T05:01:00Z ERROR disk full\n<img src=x onerror=alert(1)>\n')
    await stream.waitForEvent((event) => texts([event]).includes('<img src=x onerror=alert(1)>'))
    const [errorLine, markupLine] = linesOf(stream.events).slice(-2)
    expect(errorLine).toMatchObject({ source: id, text: '2026-11-24T05:01:00Z ERROR disk full' })
    expect(analyzeLine(errorLine!.text)).toEqual({ level: 'error', timestamp: [0, 20] })
    expect(markupLine!.text).toBe('<img src=x onerror=alert(1)>')
    stream.close()
  })

  it('filters on the server by text, regex, case and level, and says how many lines matched', async () => {
    const { id } = await addFile('mixed.log', 'INFO alpha one\nWARN beta two\nERROR alpha three\nno level alpha\n')
    const expectations: [string, string[]][] = [
      ['q=ALPHA', ['INFO alpha one', 'ERROR alpha three', 'no level alpha']],
      ['q=%5Cw%2B%20t(wo%7Chree)&regex=1', ['WARN beta two', 'ERROR alpha three']],
      ['level=warn', ['WARN beta two', 'ERROR alpha three']],
      ['level=error&q=alpha', ['ERROR alpha three']],
      ['q=ALPHA&case=1', []],
      ['q=alpha%20t&case=1', ['ERROR alpha three']],
      ['q=%5E%5Ba-z%5D%2B%20&regex=1&case=1', ['no level alpha']],
    ]
    for (const [query, expected] of expectations) {
      const stream = await openLogs(`sources=${id}&${query}`)
      const live = await stream.waitForEvent((event) => event.event === 'live')
      stream.close()
      expect(texts(stream.events), query).toEqual(expected)
      expect(live.data, query).toEqual({ matchedLines: expected.length })
    }
  })

  it('refuses an invalid regex, an unknown source and a bad query with 4xx, before streaming', async () => {
    const { id } = await addFile('x.log', 'x\n')
    const invalid = await send(running.core.port, `${logRoutes.stream}?sources=${id}&q=(unclosed&regex=1`, {
      headers: auth(),
    })
    expect(invalid.status).toBe(400)
    expect(invalid.json<{ message: string }>().message).toMatch(
      /not a valid regular expression: .*unclosed|Unterminated group/,
    )
    expect((await send(running.core.port, `${logRoutes.stream}?sources=${id},nope`, { headers: auth() })).status).toBe(
      404,
    )
    expect(
      (await send(running.core.port, `${logRoutes.stream}?sources=${id}&level=loud`, { headers: auth() })).status,
    ).toBe(400)
    expect(
      (await send(running.core.port, `${logRoutes.stream}?sources=${id}&tail=-1`, { headers: auth() })).status,
    ).toBe(400)
  })

  it('resumes after a dropped connection while a writer appends: nothing lost, nothing repeated', async () => {
    const { path, id } = await addFile('busy.log', '')
    const total = 3000
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); let n = 0; const tick = () => { let chunk = ''; for (let i = 0; i < 30 && n < ${total}; i += 1) chunk += 'entry ' + (n++) + '\\n';
       fs.appendFileSync(${JSON.stringify(path)}, chunk); if (n < ${total}) setTimeout(tick, 3); }; tick();`,
    ])
    try {
      const first = await openLogs(`sources=${id}&tail=0`)
      await first.waitForEvent(
        (event) => linesOf([event]).some((line) => Number(line.text.split(' ')[1]) >= 500),
        10_000,
      )
      first.close()
      const lastId = first.events.filter((event) => event.id !== undefined).at(-1)!.id!
      await new Promise((resolve) => setTimeout(resolve, 300))
      const second = await openLogs(`sources=${id}&tail=0`, { 'Last-Event-ID': lastId })
      await second.waitForEvent((event) => texts([event]).includes(`entry ${total - 1}`), 15_000)
      second.close()
      // What the first connection got up to its last id, then everything the second got.
      const upToLastId = first.events.slice(0, first.events.findIndex((event) => event.id === lastId) + 1)
      const numbers = [...texts(upToLastId), ...texts(second.events)].map((text) => Number(text.split(' ')[1]))
      expect(numbers).toEqual(Array.from({ length: total }, (_, index) => index))
    } finally {
      writer.kill('SIGKILL')
    }
  }, 30_000)

  it('reads a range again with the stream’s filter, so it returns the lines a dropped count counted', async () => {
    const { path, id } = await addFile('range.log', '')
    const stream = await openLogs(`sources=${id}&tail=0`)
    await stream.waitForEvent((event) => event.event === 'live')
    await appendFile(path, 'INFO one\nERROR two\nINFO three\nERROR four\n')
    await stream.waitForEvent((event) => texts([event]).includes('ERROR four'))
    stream.close()
    const lines = linesOf(stream.events)
    const after = lines[0]!.position
    const until = lines.at(-1)!.position
    expect((await readBack(id, after, until)).texts).toEqual(['ERROR two', 'INFO three', 'ERROR four'])
    expect((await readBack(id, after, until, '&level=error')).texts).toEqual(['ERROR two', 'ERROR four'])
    const invalid = await send(
      running.core.port,
      `${logRoutes.read}?source=${id}&after=${after}&until=${until}&q=(&regex=1`,
      { headers: auth() },
    )
    expect(invalid.status).toBe(400)
  })

  it('reads back a range larger than a page across pages, each about the budget, whole and in order', async () => {
    const lines = Array.from({ length: 2000 }, (_, index) => `page line ${index} ${'p'.repeat(40)}`)
    const { path, id } = await addFile('pages.log', 'start\n')
    const stream = await openLogs(`sources=${id}&tail=1`)
    await stream.waitForEvent((event) => event.event === 'live')
    await appendFile(path, lines.join('\n') + '\n')
    await stream.waitForEvent((event) => texts([event]).includes(lines.at(-1)!))
    stream.close()
    const [first, ...rest] = linesOf(stream.events)
    const { texts: readTexts, pages } = await readBack(id, first!.position, rest.at(-1)!.position, '&limit=4096')
    expect(readTexts).toEqual(lines)
    // About 110 KB at 4 KiB a page (a page ends after the read that crossed its budget).
    expect(pages).toBeGreaterThan(1)
    const oversized = await send(
      running.core.port,
      `${logRoutes.read}?source=${id}&after=${first!.position}&until=${first!.position}&limit=0`,
      { headers: auth() },
    )
    expect(oversized.status).toBe(400)
  })

  it('resumes across a rotation while away: the rest of the old file (found by its inode), then the new file', async () => {
    const { path, id } = await addFile('away.log', 'seen 0\n')
    const first = await openLogs(`sources=${id}&tail=1`)
    await first.waitForEvent((event) => event.event === 'live')
    first.close()
    const lastId = first.events.filter((event) => event.id !== undefined).at(-1)!.id!
    // The source stays followed (for the recorder): another client sees the tailer through the rotation
    // before the first one comes back, so the read back starts in the rotated file, as after a long absence.
    const watcher = await openLogs(`sources=${id}&tail=0`)
    await watcher.waitForEvent((event) => event.event === 'live')
    await appendFile(path, 'missed 1\nmissed 2\n')
    await rename(path, `${path}.1`)
    await writeFile(path, 'new 1\nnew 2\n')
    await watcher.waitForEvent((event) => texts([event]).includes('new 2'))
    watcher.close()
    const second = await openLogs(`sources=${id}&tail=0`, { 'Last-Event-ID': lastId })
    await second.waitForEvent((event) => texts([event]).includes('new 2'))
    second.close()
    expect(texts(second.events)).toEqual(['missed 1', 'missed 2', 'new 1', 'new 2'])
    // With the old file gone, the new one is read from its start, and the client is told what was lost.
    await rm(`${path}.1`)
    const third = await openLogs(`sources=${id}&tail=0`, { 'Last-Event-ID': lastId })
    await third.waitForEvent((event) => texts([event]).includes('new 2'))
    third.close()
    expect(third.events.find((event) => event.event === 'notice')?.data).toMatchObject({ notice: 'gap' })
    expect(texts(third.events)).toEqual(['new 1', 'new 2'])
  })

  it('keeps following a file for the recorder when the last client leaves, and lets go of it once removed', async () => {
    const { path, id } = await addFile('held.log', 'a\n')
    // Only descriptors on this file count: the sampler in the same process opens files of its own at any moment.
    const openOnFile = () => descriptorsOn(path)
    const statusOf = async () =>
      (await send(running.core.port, logRoutes.sources, { headers: auth() })).json<LogSourceInfo[]>().at(-1)?.status
    const clients = await Promise.all([openLogs(`sources=${id}`), openLogs(`sources=${id}`)])
    await Promise.all(clients.map((client) => client.waitForEvent((event) => event.event === 'live')))
    expect(await statusOf()).toBe('following')
    expect(await openOnFile()).toBeGreaterThan(0)
    for (const client of clients) client.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await statusOf()).toBe('following')
    expect(await openOnFile()).toBeGreaterThan(0)
    const removed = await send(running.core.port, `${logRoutes.sources}?id=${id}`, {
      method: 'DELETE',
      headers: auth(),
    })
    expect(removed.status).toBe(200)
    await expect.poll(openOnFile).toBe(0)
  })

  it('tells a client that stopped reading which lines it dropped, and those lines can be read again exactly', async () => {
    const { path, id } = await addFile('flood.log', '')
    const socket = connect({ host: '127.0.0.1', port: running.core.port })
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      `GET ${logRoutes.stream}?sources=${id}&tail=0 HTTP/1.1\r\nHost: 127.0.0.1:${running.core.port}\r\nAuthorization: Bearer ${running.core.token}\r\n\r\n`,
    )
    await new Promise((resolve) => socket.once('data', resolve))
    socket.pause()
    const lineCount = 120_000
    let text = ''
    for (let index = 0; index < lineCount; index += 1) text += `flood ${index} ${'z'.repeat(100)}\n`
    await appendFile(path, text)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.resume()
    const deadline = Date.now() + 15_000
    while (!received.includes(`flood ${lineCount - 1} `) && !received.includes('event: dropped')) {
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    socket.destroy()
    const delivered: number[] = []
    const drops: { count: number; fromPosition: string; toPosition: string }[] = []
    createParser({
      onEvent(message) {
        if (message.event === 'lines')
          for (const line of linesOfBatch(JSON.parse(message.data) as LineBatch))
            delivered.push(Number(line.text.split(' ')[1]))
        if (message.event === 'dropped') drops.push(JSON.parse(message.data))
      },
    }).feed(received)
    expect(drops.length).toBeGreaterThan(0)
    const rereadNumbers = (await readBack(id, drops[0]!.fromPosition, drops[0]!.toPosition)).texts.map((text) =>
      Number(text.split(' ')[1]),
    )
    expect(rereadNumbers).toHaveLength(drops[0]!.count)
    // What was delivered before the drop, then the re-read range: one unbroken run from the first line.
    const beforeDrop = delivered.filter((number) => number < rereadNumbers[0]!)
    expect([...beforeDrop, ...rereadNumbers]).toEqual(
      Array.from({ length: beforeDrop.length + rereadNumbers.length }, (_, index) => index),
    )
  }, 30_000)
})

describe('built-in sources', () => {
  it('take lines posted to the ingest route as JSON or plain text, and refuse bad ones', async () => {
    const stream = await openLogs('sources=ingest&tail=0')
    await stream.waitForEvent((event) => event.event === 'live')
    const post = (body: string, contentType: string) =>
      send(running.core.port, logRoutes.ingest, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': contentType },
        body,
      })
    expect(
      (
        await post(JSON.stringify({ level: 'error', message: 'backup failed', source: 'cron' }), 'application/json')
      ).json(),
    ).toEqual({ accepted: 1 })
    expect((await post('first plain line\nsecond plain line\n', 'text/plain')).json()).toEqual({ accepted: 2 })
    expect((await post(JSON.stringify({ level: 'loud', message: 'x' }), 'application/json')).status).toBe(400)
    expect((await post('x', 'application/xml')).status).toBe(415)
    expect((await post('y'.repeat(2 * 1024 * 1024), 'text/plain')).status).toBe(413)
    await stream.waitForEvent((event) => texts([event]).some((text) => text.endsWith('second plain line')))
    stream.close()
    // Each line starts with the time it came, as Vigil's own log writes it.
    expect(linesOf(stream.events)).toEqual([
      expect.objectContaining({ source: 'ingest', text: stampedAs('backup failed'), level: 'error', origin: 'cron' }),
      expect.objectContaining({ text: stampedAs('first plain line') }),
      expect.objectContaining({ text: stampedAs('second plain line') }),
    ])
  })

  it('stamp an ingested line with the time it came, unless it begins with a time of its own', async () => {
    const stream = await openLogs('sources=ingest&tail=0')
    await stream.waitForEvent((event) => event.event === 'live')
    const before = Date.now()
    const lines = ['2026-12-04T10:00:00Z worker started', 'Dec  4 10:00:01 host cron[1]: job ran', 'no time here']
    const answer = await send(running.core.port, logRoutes.ingest, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'text/plain' },
      body: lines.join('\n'),
    })
    expect(answer.status).toBe(200)
    await stream.waitForEvent((event) => texts([event]).some((text) => text.endsWith('no time here')))
    stream.close()
    const received = linesOf(stream.events).map((line) => line.text)
    expect(received.slice(0, 2)).toEqual(lines.slice(0, 2))
    expect(received[2]).toEqual(stampedAs('no time here'))
    const stampedAt = Date.parse(received[2]!.split(' ')[0]!)
    expect(stampedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(stampedAt).toBeLessThanOrEqual(Date.now())
  })

  it('make an ingested message with line breaks one line per break, each with its level and sender', async () => {
    const stream = await openLogs('sources=ingest&tail=0')
    await stream.waitForEvent((event) => event.event === 'live')
    const answer = await send(running.core.port, logRoutes.ingest, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ level: 'warn', message: 'disk almost full\nINFO fake line\r\nlast', source: 'cron' }),
    })
    expect(answer.status).toBe(200)
    await stream.waitForEvent((event) => texts([event]).some((text) => text.endsWith(' last')))
    stream.close()
    expect(linesOf(stream.events).map(({ text, level, origin }) => ({ text, level, origin }))).toEqual([
      { text: stampedAs('disk almost full'), level: 'warn', origin: 'cron' },
      { text: stampedAs('INFO fake line'), level: 'warn', origin: 'cron' },
      { text: stampedAs('last'), level: 'warn', origin: 'cron' },
    ])
  })

  it('include Vigil’s own log, structured, merged with a file in arrival order with a source on each line', async () => {
    const { id } = await addFile('merged.log', 'file line one\n')
    const stream = await openLogs(`sources=vigil,${id}&tail=100`)
    await stream.waitForEvent((event) => event.event === 'live')
    stream.close()
    const lines = linesOf(stream.events)
    const added = lines.find((line) => line.source === 'vigil' && line.text.includes('added log source'))
    // Vigil's own log states each entry's level.
    expect(added).toMatchObject({ level: 'info' })
    expect(added!.text).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z INFO \[logs\] added log source /)
    expect(lines.find((line) => line.source === id)?.text).toBe('file line one')
  })
})
