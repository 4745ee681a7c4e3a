// Exports over real HTTP on 127.0.0.1, from real histories, real log files and real conversation
// files; every file read back with csv-parse.
import { execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/chat'
import { defaultCsvOptions, exportRoutes, type ExportHistoryEntry, type ExportJob } from '../../src/shared/export'
import { linesOfBatch } from '../../src/shared/lineBatch'
import { logRoutes, type LineBatch, type LogLine, type LogSourceInfo } from '../../src/shared/logs'
import { canMountTmpfs } from '../support/diskImages'
import { bearer, send, type TestResponse } from '../support/http'
import { connectSse } from '../support/sseClient'
import { makeDataDir, startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
let folder: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-export-'))
})
afterEach(async () => {
  await running?.dispose()
  await rm(folder, { recursive: true, force: true })
})

const auth = () => bearer(running.core.token)
const jsonHeaders = () => ({ ...auth(), 'Content-Type': 'application/json' })

function createExport(body: unknown): Promise<TestResponse> {
  return send(running.core.port, exportRoutes.exports, {
    method: 'POST',
    headers: jsonHeaders(),
    body: JSON.stringify(body),
  })
}

/** Asks for an export and downloads it; fails the test on any refusal. */
async function exported(body: unknown): Promise<{ job: ExportJob; response: TestResponse }> {
  const created = await createExport(body)
  expect(created.status, created.text).toBe(200)
  const job = created.json<ExportJob>()
  const response = await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, { headers: auth() })
  expect(response.status, response.text).toBe(200)
  return { job, response }
}

const parsed = (text: string, delimiter = ','): string[][] =>
  parse(text, { delimiter, bom: true, relax_column_count: false }) as string[][]

async function addLogFile(name: string, contents: string | Buffer): Promise<{ path: string; id: string }> {
  const path = join(folder, name)
  await writeFile(path, contents)
  const answer = await send(running.core.port, logRoutes.sources, {
    method: 'POST',
    headers: jsonHeaders(),
    body: JSON.stringify({ path }),
  })
  expect(answer.status, answer.text).toBe(200)
  return { path, id: answer.json<LogSourceInfo>().id }
}

async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('metrics exports', () => {
  beforeEach(async () => {
    running = await startTestCore({ sampleIntervalMs: 50 })
    await waitFor(() => (running.core.metrics.history.size >= 6 ? true : undefined))
  })

  it('writes one row per sample with the asked-for columns, times as ISO UTC and epoch ms, values as numbers', async () => {
    const { response, job } = await exported({
      kind: 'metrics',
      from: Date.now() - 3_600_000,
      to: Date.now(),
      series: ['cpu_total_pct', 'mem_used_bytes', 'net_nosuch0_rx_bytes_per_s'],
    })
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="vigil-metrics-\d{4}-\d\d-\d\dT\d\d-\d\d\.csv"$/,
    )
    expect(job.fileName).toMatch(/^vigil-metrics-/)
    expect(response.text.slice(0, 3)).not.toBe('\uFEFF')
    expect(response.text).toContain('\r\n')
    const [header, ...rows] = parsed(response.text)
    expect(header).toEqual([
      'time_utc',
      'time_epoch_ms',
      'cpu_total_pct',
      'mem_used_bytes',
      'net_nosuch0_rx_bytes_per_s',
    ])
    expect(rows.length).toBeGreaterThanOrEqual(6)
    for (const row of rows) {
      expect(row).toHaveLength(5)
      expect(new Date(row[0]!).getTime()).toBe(Number(row[1]))
      expect(row[2]).toMatch(/^\d+(\.\d+)?(e-?\d+)?$/)
      expect(Number(row[3])).toBeGreaterThan(0)
      // A series the machine does not have: empty cells, never "NaN" or 0.
      expect(row[4]).toBe('')
    }
    const times = rows.map((row) => Number(row[1]))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('follows the delimiter, header, BOM and timestamp options', async () => {
    const base = { kind: 'metrics', from: Date.now() - 3_600_000, to: Date.now(), series: ['cpu_total_pct'] }
    const semicolon = (await exported({ ...base, csv: { delimiter: 'semicolon', bom: true, timestamps: 'epoch' } }))
      .response.text
    expect(semicolon.startsWith('\uFEFF')).toBe(true)
    expect(parsed(semicolon, ';')[0]).toEqual(['time_epoch_ms', 'cpu_total_pct'])
    const tab = (await exported({ ...base, csv: { delimiter: 'tab', header: false, timestamps: 'local' } })).response
      .text
    const [first] = parsed(tab, '\t')
    expect(first).toHaveLength(2)
    expect(first![0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
    const iso = (await exported({ ...base, csv: { timestamps: 'iso' } })).response.text
    expect(parsed(iso)[0]).toEqual(['time_utc', 'cpu_total_pct'])
  })

  it('refuses what it cannot export with a 4xx that says why, and starts nothing', async () => {
    const now = Date.now()
    const cases: [unknown, number, RegExp][] = [
      [{ kind: 'metrics', from: 0, to: now, series: ['cpu_total'] }, 400, /series\.0: is not a known series/],
      [{ kind: 'metrics', from: now, to: 0, series: ['cpu_total_pct'] }, 400, /from must not be after to/],
      [{ kind: 'metrics', from: 0, to: now, series: ['cpu_total_pct'] }, 400, /must not be longer than 400 days/],
      [{ kind: 'metrics', from: 1.5, to: now, series: ['cpu_total_pct'] }, 400, /whole epoch milliseconds/],
      [{ kind: 'metrics', from: 0, to: now, series: [] }, 400, /choose at least one series/],
      [
        { kind: 'metrics', from: 0, to: now, series: ['cpu_total_pct'], csv: { delimiter: '|' } },
        400,
        /csv\.delimiter/,
      ],
      [{ kind: 'metrics', from: 0, to: 1000, series: ['cpu_total_pct'] }, 409, /holds no one-second samples from 1970/],
      [
        { kind: 'metrics', from: 0, to: 1000, series: ['cpu_total_pct'], resolution: 'minute' },
        409,
        /holds no closed minutes/,
      ],
      [{ kind: 'logs', sources: [{ id: 'fnothing0', range: { kind: 'all' } }] }, 404, /no log source fnothing0/],
      [{ kind: 'chat', conversation: 'c000000000000' }, 404, /no conversation c000000000000/],
      [{ kind: 'csv' }, 400, /kind/],
    ]
    for (const [body, status, message] of cases) {
      const answer = await createExport(body)
      expect(answer.status, JSON.stringify(body)).toBe(status)
      expect(answer.json<{ message: string }>().message).toMatch(message)
    }
    const notJson = await send(running.core.port, exportRoutes.exports, {
      method: 'POST',
      headers: jsonHeaders(),
      body: '{"kind":',
    })
    expect(notJson.status).toBe(400)
    expect((await send(running.core.port, `${exportRoutes.file}?id=xnothing`, { headers: auth() })).status).toBe(404)
    expect((await send(running.core.port, exportRoutes.exports, { headers: auth() })).json()).toEqual({
      jobs: [],
      history: [],
    })
  })

  it('runs each job once, and reports progress and the outcome on the core stream', async () => {
    const stream = await connectSse(running.core.port, '/api/streams/core', auth())
    try {
      const { job } = await exported({
        kind: 'metrics',
        from: Date.now() - 3_600_000,
        to: Date.now(),
        series: ['cpu_total_pct'],
      })
      const again = await send(running.core.port, `${exportRoutes.file}?id=${job.id}`, { headers: auth() })
      expect(again.status).toBe(404)
      const history = (
        await stream.waitForEvent(
          (event) => event.event === 'export-history' && (event.data as ExportHistoryEntry[]).length > 0,
        )
      ).data as ExportHistoryEntry[]
      expect(history[0]).toMatchObject({ id: job.id, kind: 'metrics', state: 'done', canRepeat: true })
      expect(history[0]!.rows).toBeGreaterThanOrEqual(6)
      const jobEvents = stream.events
        .filter((event) => event.event === 'export-jobs')
        .map((event) => event.data as ExportJob[])
      expect(
        jobEvents.some((jobs) => jobs.some((candidate) => candidate.id === job.id && candidate.state === 'ready')),
      ).toBe(true)
      expect(jobEvents.at(-1)).toEqual([])
    } finally {
      stream.close()
    }
  })
})

describe('log exports', () => {
  beforeEach(async () => {
    running = await startTestCore()
  })

  const nastyLines = [
    'plain info line with ERROR inside',
    'error: "quoted", with commas, and more',
    '=HYPERLINK("http://example.com","error")',
    '+error plus',
    '-error minus',
    '@error at',
    '   =error after spaces',
    '\terror after a tab',
    'emoji error 🚀 and ünïcödé',
    'no match here',
    'ERROR upper case',
    'coloured \x1b[31mERR\x1b[0mOR joined by the escape',
  ]

  it('exports a whole file through a text filter: the lines the live filter keeps, byte offsets, formula cells protected', async () => {
    const contents = nastyLines.join('\r\n') + '\r\n'
    const { id } = await addLogFile('nasty.log', contents)
    const { response } = await exported({
      kind: 'logs',
      sources: [{ id, range: { kind: 'all' } }],
      filter: { q: 'error' },
    })
    const [header, ...rows] = parsed(response.text)
    // The moment each line's timestamp names comes first, in the chosen format (here ISO 8601 and epoch ms).
    expect(header).toEqual(['time_utc', 'time_epoch_ms', 'source', 'offset', 'level', 'text'])
    const expected = nastyLines
      .map((text, index) => ({ text: text.replace('\x1b[31m', '').replace('\x1b[0m', ''), index }))
      .filter(({ text }) => text.toLowerCase().includes('error'))
    expect(rows.map((row) => row[5])).toEqual(
      expected.map(({ text }) => (/^ *[=+\-@\t]/.test(text) ? `'${text}` : text)),
    )
    const bytes = Buffer.from(contents)
    for (const [index, row] of rows.entries()) {
      expect(row[2]).toBe('nasty.log')
      const lineIndex = expected[index]!.index
      const offset = Buffer.byteLength(
        nastyLines
          .slice(0, lineIndex)
          .map((line) => line + '\r\n')
          .join(''),
      )
      expect(Number(row[3])).toBe(offset)
      expect(bytes.subarray(offset, offset + 5).toString()).toBe(nastyLines[lineIndex]!.slice(0, 5))
    }
    expect(rows.find((row) => row[5]!.startsWith('error:'))![4]).toBe('error')
  })

  it('matching case, keeps exactly the lines the live view keeps, where the text is rare and where it is common', async () => {
    // A first block (1 MiB) where most of the queries match every line, so the blocks after it are
    // searched as text, not bytes; then a byte that is not UTF-8 before a match, CRLF line ends, and
    // text split by an escape sequence.
    const common = Array.from({ length: 12_000 }, (_, index) => `ERROR Ünïcödé ünïcödé ${index} ${'x'.repeat(70)}`)
    const tricky = [
      ...nastyLines,
      'ünïcödé after the emoji line',
      'UNÏCÖDÉ upper',
      'coloured \x1b[31mÜnï\x1b[0mcödé split',
      'Error mixed',
      'one',
      'two',
    ]
    const lines = [...common, ...tricky].map((line) => Buffer.from(line))
    lines.push(Buffer.concat([Buffer.from('bad bytes '), Buffer.from([0xff]), Buffer.from('ERROR after them')]))
    const { id } = await addLogFile('cased.log', Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\r\n')])))
    const offsets = lines.map((_, index) => lines.slice(0, index).reduce((sum, line) => sum + line.length + 2, 0))
    // eslint-disable-next-line no-control-regex
    const texts = lines.map((line) => new TextDecoder().decode(line).replace(/\x1b\[\d+m/g, ''))
    // The last one is found in the file's bytes across a line end, and never in a line.
    for (const q of ['ERROR', 'error', 'Ünïcödé', 'ünïcödé', 'ERR', 'one\r\ntwo']) {
      const live = await connectSse(
        running.core.port,
        `${logRoutes.stream}?sources=${id}&tail=100000&case=1&q=${encodeURIComponent(q)}`,
        auth(),
      )
      let shown: string[]
      try {
        await live.waitForEvent((event) => event.event === 'live', 20_000)
        shown = live.events.flatMap((event) =>
          event.event === 'lines' ? linesOfBatch(event.data as LineBatch).map((line) => line.text) : [],
        )
      } finally {
        live.close()
      }
      const expected = texts.flatMap((text, index) => (text.includes(q) ? [{ text, offset: offsets[index]! }] : []))
      expect(shown, q).toEqual(expected.map(({ text }) => text))
      const rows = parsed(
        (await exported({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }], filter: { q, matchCase: true } }))
          .response.text,
      ).slice(1)
      expect(
        rows.map((row) => [Number(row[3]), row[5]]),
        q,
      ).toEqual(expected.map(({ text, offset }) => [offset, /^ *[=+\-@\t]/.test(text) ? `'${text}` : text]))
    }
  }, 60_000)

  it('keeps exactly the lines a regular expression or a level keeps, as the live view does', async () => {
    const lines = Array.from(
      { length: 300 },
      (_, index) =>
        `2026-11-24T10:00:${String(index % 60).padStart(2, '0')}Z ${['INFO', 'WARN', 'ERROR'][index % 3]} request ${index} took ${index * 7} ms`,
    )
    const { id } = await addLogFile('app.log', lines.join('\n') + '\n')
    const regex = parsed(
      (
        await exported({
          kind: 'logs',
          sources: [{ id, range: { kind: 'all' } }],
          filter: { q: 'request \\d*5 ', regex: true },
        })
      ).response.text,
    )
    expect(regex.slice(1).map((row) => row[5])).toEqual(lines.filter((line) => /request \d*5 /i.test(line)))
    const level = parsed(
      (await exported({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }], filter: { level: 'warn' } })).response
        .text,
    )
    expect(level.slice(1).map((row) => row[5])).toEqual(lines.filter((_, index) => index % 3 !== 0))
    expect(new Set(level.slice(1).map((row) => row[4]))).toEqual(new Set(['warn', 'error']))
  })

  it('writes the moment each line names in the chosen time format, and empty cells for a line that names none', async () => {
    const lines = [
      '2026-11-24T10:00:05.250Z INFO started',
      'no time on this line',
      '2026-11-24 11:30:00+01:00 WARN late',
    ]
    const { id } = await addLogFile('times.log', lines.join('\n') + '\n')
    const request = { kind: 'logs', sources: [{ id, range: { kind: 'all' } }] }
    const withStyle = async (timestamps: string) =>
      parsed((await exported({ ...request, csv: { ...defaultCsvOptions, timestamps } })).response.text)
    expect(await withStyle('iso')).toEqual([
      ['time_utc', 'source', 'offset', 'level', 'text'],
      ['2026-11-24T10:00:05.250Z', 'times.log', '0', 'info', lines[0]],
      ['', 'times.log', '38', '', lines[1]],
      ['2026-11-24T10:30:00.000Z', 'times.log', '59', 'warn', lines[2]],
    ])
    expect((await withStyle('epoch')).map((row) => row[0])).toEqual([
      'time_epoch_ms',
      String(Date.parse('2026-11-24T10:00:05.250Z')),
      '',
      String(Date.parse('2026-11-24T10:30:00Z')),
    ])
    const local = new Date(Date.parse('2026-11-24T10:30:00Z'))
    const pad = (value: number) => String(value).padStart(2, '0')
    expect((await withStyle('local')).at(-1)![0]).toBe(
      `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:00.000`,
    )
  })

  it('exports the range on screen: from the first line shown to the last, by their positions', async () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index}`)
    const { id } = await addLogFile('range.log', lines.join('\n') + '\n')
    const stream = await connectSse(running.core.port, `${logRoutes.stream}?sources=${id}&tail=50`, auth())
    let shown: LogLine[]
    try {
      shown = await waitFor(() => {
        const got = stream.events.flatMap((event) =>
          event.event === 'lines' ? linesOfBatch(event.data as LineBatch) : [],
        )
        return got.length === 50 ? got : undefined
      })
    } finally {
      stream.close()
    }
    const range = { kind: 'lines', first: shown[10]!.position, last: shown[14]!.position }
    const rows = parsed((await exported({ kind: 'logs', sources: [{ id, range }] })).response.text)
    expect(rows.slice(1).map((row) => row[5])).toEqual(lines.slice(10, 15))
    const vigilRows = parsed(
      (
        await exported({
          kind: 'logs',
          sources: [{ id: 'vigil', range: { kind: 'all' } }],
          filter: { q: 'added log source' },
        })
      ).response.text,
    )
    expect(vigilRows.slice(1).map((row) => row[2])).toEqual(['Vigil'])
    expect(vigilRows[1]![5]).toContain('range.log')
  })

  it('cuts a line longer than the read block as the live view does, and reads on after it', async () => {
    const long = 'x'.repeat(3 * 1024 * 1024)
    const { id } = await addLogFile('long.log', `before\n${long}\nafter\n`)
    const rows = parsed((await exported({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })).response.text)
    expect(rows.slice(1).map((row) => row[5]!.length)).toEqual([6, 64 * 1024, 5])
    expect(rows.slice(1).map((row) => Number(row[3]))).toEqual([0, 7, 7 + long.length + 1])
    for (const [q, expected] of [
      ['x', [64 * 1024]],
      ['after', [5]],
    ] as const) {
      const found = parsed(
        (await exported({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }], filter: { q, matchCase: true } }))
          .response.text,
      )
      expect(
        found.slice(1).map((row) => row[5]!.length),
        q,
      ).toEqual(expected)
    }
  })
})

describe('chat exports', () => {
  const nasty = [
    'quotes "inside", commas, and a CR\rhere',
    'lines\nwith LF\r\nand CRLF',
    'emoji 🚀🧪 ünïcödé',
    '=1+1',
    '-2',
    '@SUM(A1)',
    '  +danger',
    '\tTAB',
  ]
  const conversation: Conversation = {
    id: 'c0123456789ab',
    title: 'Nasty, "quoted" title',
    model: 'test-model',
    systemPrompt: 'Be brief.',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    messages: nasty.map((content, index) => ({
      id: `m${index}`,
      role: index % 2 === 0 ? 'user' : 'assistant',
      content,
      createdAt: 1_700_000_000_000 + index * 1000,
      ...(index % 2 === 1
        ? {
            answer: {
              model: 'test-model',
              state: 'done' as const,
              timeToFirstTokenMs: 120,
              tokensPerSecond: 33.5,
              usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
            },
          }
        : {}),
    })),
  }

  beforeEach(async () => {
    const dataDir = await makeDataDir()
    await mkdir(join(dataDir, 'conversations'))
    await writeFile(join(dataDir, 'conversations', `${conversation.id}.json`), JSON.stringify(conversation))
    running = await startTestCore({ dataDir })
  })

  it('writes one row per message, text exactly as kept (CR, LF, CRLF, emoji) and formula-like text prefixed', async () => {
    const { response } = await exported({ kind: 'chat', conversation: conversation.id, csv: { bom: true } })
    const [header, ...rows] = parsed(response.text)
    expect(header).toEqual([
      'time_utc',
      'time_epoch_ms',
      'conversation_id',
      'conversation_title',
      'message_index',
      'role',
      'model',
      'state',
      'time_to_first_token_ms',
      'tokens_per_second',
      'prompt_tokens',
      'completion_tokens',
      'attachments',
      'tool_calls',
      'content',
    ])
    expect(rows).toHaveLength(nasty.length)
    expect(rows.map((row) => row.at(-1))).toEqual(
      nasty.map((text) => (/^ *[=+\-@\t\r\n]/.test(text) ? `'${text}` : text)),
    )
    expect(rows[1]!.slice(3, 12)).toEqual([
      'Nasty, "quoted" title',
      '1',
      'assistant',
      'test-model',
      'done',
      '120',
      '33.5',
      '10',
      '5',
    ])
    expect(rows[0]![1]).toBe('1700000000000')
  })

  it('writes Markdown to read and JSON that reads back as the conversation', async () => {
    const markdown = (await exported({ kind: 'chat', conversation: conversation.id, format: 'markdown' })).response
    expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8')
    expect(markdown.text).toContain('# Nasty, "quoted" title')
    expect(markdown.text).toContain('emoji 🚀🧪 ünïcödé')
    const json = (await exported({ kind: 'chat', conversation: conversation.id, format: 'json' })).response
    expect(JSON.parse(json.text)).toEqual(conversation)
    const all = (await exported({ kind: 'chat', conversation: 'all', format: 'json' })).response
    expect(JSON.parse(all.text)).toEqual([conversation])
  })
})

describe('cancel, failure and the history', () => {
  beforeEach(async () => {
    running = await startTestCore()
  })

  const bigLog = async (megabytes: number) => {
    const block = Buffer.from(
      Array.from(
        { length: 1024 },
        (_, index) => `${String(index).padStart(6, '0')} error something happened here, and more text to fill\n`,
      ).join(''),
    )
    const parts = Array.from({ length: Math.ceil((megabytes * 1024 * 1024) / block.length) }, () => block)
    return addLogFile('big.log', Buffer.concat(parts))
  }

  it('cancels a download mid-way: the connection ends without a whole file and the history says cancelled', async () => {
    const { id } = await bigLog(40)
    const created = await createExport({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })
    const job = created.json<ExportJob>()
    const received = await new Promise<{ bytes: number; error?: string }>((resolve) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: running.core.port,
          path: `${exportRoutes.file}?id=${job.id}`,
          headers: auth(),
          agent: false,
        },
        (response) => {
          let bytes = 0
          response.once('data', () => {
            // Read no more for a while: the server must wait (backpressure), then the cancel ends it.
            response.pause()
            void send(running.core.port, `${exportRoutes.cancel}?id=${job.id}`, {
              method: 'POST',
              headers: auth(),
            }).then(() => response.resume())
          })
          response.on('data', (chunk: Buffer) => (bytes += chunk.length))
          response.on('error', (error) => resolve({ bytes, error: error.message }))
          response.on('end', () => resolve({ bytes }))
        },
      )
      request.end()
    })
    expect(received.error).toBe('aborted')
    const entry = running.core.exports.history()[0]!
    expect(entry).toMatchObject({ id: job.id, state: 'cancelled', error: 'Cancelled.' })
    expect(entry.bytes).toBeLessThan(40 * 1024 * 1024)
  })

  it('saves a file whole or not at all: cancelled mid-way, nothing is left in the folder', async () => {
    const { id } = await bigLog(40)
    const job = (await createExport({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })).json<ExportJob>()
    const target = join(folder, 'out', 'export.csv')
    await mkdir(join(folder, 'out'))
    const unsubscribe = running.core.exports.onJobs((jobs) => {
      if (jobs.some((candidate) => candidate.id === job.id && candidate.progress.rows > 0))
        running.core.exports.cancel(job.id)
    })
    const entry = await running.core.exports.saveToFile(job.id, target)
    unsubscribe()
    expect(entry.state).toBe('cancelled')
    expect(await readdir(join(folder, 'out'))).toEqual([])
  })

  it('a save killed mid-way leaves its hidden temporary file only until Vigil starts again, and is told as interrupted', async () => {
    const { path: logPath } = await bigLog(40)
    const dataDir = await makeDataDir()
    const out = join(folder, 'killed')
    await mkdir(out)
    // A dot file of the user's own, with a name like ours: it stays.
    await writeFile(join(out, '.notes.tmp'), 'mine')
    const saver = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../support/exportSaver.ts', import.meta.url)),
        dataDir,
        logPath,
        join(out, 'export.csv'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const output: string[] = []
      saver.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
      const exited = new Promise((resolve) => saver.once('exit', resolve))
      const leftover = await waitFor(async () => {
        if (output.join('').includes('saved')) throw new Error('the save ended before it could be killed')
        return (await readdir(out)).find((name) => name.startsWith('.export.csv.'))
      }, 30_000)
      saver.kill('SIGKILL')
      await exited
      expect(await readdir(out)).toEqual(expect.arrayContaining([leftover, '.notes.tmp']))
      const restarted = await startTestCore({ dataDir })
      expect(restarted.core.exports.history()).toMatchObject([
        { state: 'interrupted', savedPath: join(out, 'export.csv'), error: expect.stringMatching(/Vigil stopped/) },
      ])
      await restarted.dispose()
      expect(await readdir(out)).toEqual(['.notes.tmp'])
    } finally {
      saver.kill('SIGKILL')
    }
  }, 60_000)

  // A small file system of its own: full after 1 MiB, or read-only (canMountTmpfs: where mounting is not
  // allowed, these two tests are skipped).

  async function withSmallFileSystem(options: string, test: (mountPoint: string) => Promise<void>): Promise<void> {
    const mountPoint = join(folder, 'mounted')
    await mkdir(mountPoint)
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=1m,${options}`, 'tmpfs', mountPoint])
    try {
      await test(mountPoint)
    } finally {
      execFileSync('umount', [mountPoint])
    }
  }

  it.skipIf(!canMountTmpfs)('fails on a full disk with the reason, and leaves no partial file', async () => {
    const { id } = await bigLog(8)
    const job = (await createExport({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })).json<ExportJob>()
    await withSmallFileSystem('rw', async (mountPoint) => {
      const entry = await running.core.exports.saveToFile(job.id, join(mountPoint, 'export.csv'))
      expect(entry.state).toBe('failed')
      expect(entry.error).toBe(`There is not enough free space in ${mountPoint}; nothing was saved.`)
      expect(entry.rows).toBeGreaterThan(0)
      expect(await readdir(mountPoint)).toEqual([])
    })
  })

  it.skipIf(!canMountTmpfs)('fails on a read-only file system with the reason, and touches nothing', async () => {
    const { id } = await addLogFile('small.log', 'one error\n')
    const job = (await createExport({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })).json<ExportJob>()
    await withSmallFileSystem('ro', async (mountPoint) => {
      const entry = await running.core.exports.saveToFile(job.id, join(mountPoint, 'export.csv'))
      expect(entry).toMatchObject({
        state: 'failed',
        error: `${mountPoint} is on a read-only file system; nothing was saved.`,
      })
      expect(await readdir(mountPoint)).toEqual([])
    })
  })

  it('saves a file whole: the rows all there, and the history remembers where', async () => {
    const { id } = await addLogFile('small.log', 'one error\ntwo\nthree error\n')
    const job = (
      await createExport({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }], filter: { q: 'error' } })
    ).json<ExportJob>()
    const target = join(folder, 'saved.csv')
    const entry = await running.core.exports.saveToFile(job.id, target)
    expect(entry).toMatchObject({ state: 'done', rows: 2, savedPath: target })
    expect(
      parsed(await readFile(target, 'utf8'))
        .slice(1)
        .map((row) => row.at(-1)),
    ).toEqual(['one error', 'three error'])
    expect(await readdir(folder)).toEqual(['saved.csv', 'small.log'])
  })

  it('keeps the history across restarts, exports an entry again, and forgets one on request', async () => {
    const { id } = await addLogFile('small.log', 'one error\n')
    const { job } = await exported({ kind: 'logs', sources: [{ id, range: { kind: 'all' } }] })
    const { dataDir } = running
    await running.core.dispose()
    running = await startTestCore({ dataDir })
    const listed = (await send(running.core.port, exportRoutes.exports, { headers: auth() })).json<{
      history: ExportHistoryEntry[]
    }>()
    expect(listed.history.map((entry) => [entry.id, entry.state, entry.rows, entry.canRepeat])).toEqual([
      [job.id, 'done', 1, true],
    ])
    const again = await send(running.core.port, `${exportRoutes.again}?id=${job.id}`, {
      method: 'POST',
      headers: auth(),
    })
    expect(again.status, again.text).toBe(200)
    const download = await send(running.core.port, `${exportRoutes.file}?id=${again.json<ExportJob>().id}`, {
      headers: auth(),
    })
    expect(
      parsed(download.text)
        .slice(1)
        .map((row) => row.at(-1)),
    ).toEqual(['one error'])
    await send(running.core.port, `${logRoutes.sources}?id=${id}`, { method: 'DELETE', headers: auth() })
    // The file's source is gone: the entry stays, but it can no longer be exported again.
    expect(running.core.exports.history().find((entry) => entry.id === job.id)!.canRepeat).toBe(false)
    expect(
      (await send(running.core.port, `${exportRoutes.history}?id=${job.id}`, { method: 'DELETE', headers: auth() }))
        .status,
    ).toBe(200)
    expect(running.core.exports.history().map((entry) => entry.id)).not.toContain(job.id)
    expect(
      (await send(running.core.port, `${exportRoutes.history}?id=${job.id}`, { method: 'DELETE', headers: auth() }))
        .status,
    ).toBe(404)
  })
})
