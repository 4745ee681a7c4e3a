// search_logs maps a time range to positions in each source through the recorder's log activity, and
// scans only the lines between them; answers bound off the machine are redacted and leave out sensitive
// sources. The recorder and the logs are fakes here: the scan records what it was asked.
import { describe, expect, it } from 'vitest'
import type { LogSourceInfo } from '../../shared/logs'
import type { LogActivity, SourceActivity } from '../../shared/recorder'
import type { ToolCallContext } from '../../shared/tools'
import type { LogScan, RowMaker, ScanRequest } from '../logs'
import { createLogTool } from './logTool'

const now = Date.parse('2026-12-04T14:00:00Z')
const minute = 60_000
const sources: LogSourceInfo[] = [
  { id: 'vigil', kind: 'vigil', name: 'Vigil', status: 'following' },
  { id: 'f00000001', kind: 'file', name: 'app.log', path: '/var/log/app.log', status: 'idle' },
  { id: 'f00000002', kind: 'file', name: 'auth.log', path: '/var/log/auth.log', status: 'idle', isSensitive: true },
]

/** What the recorder saw: per source, moments with the position after their last line and their line count. */
type Seen = Record<string, { t: number; position: string; lines: number }[]>

function fakeActivity(seen: Seen) {
  return ({ from, to, source }: { from: number; to: number; source?: string }): LogActivity => {
    const rows = (seen[source!] ?? []).filter((row) => row.t >= from && row.t <= to)
    const activity: SourceActivity | undefined =
      rows.length === 0
        ? undefined
        : {
            t: [from],
            lines: [rows.reduce((sum, row) => sum + row.lines, 0)],
            levels: { trace: [0], debug: [0], info: [0], warn: [0], error: [0], fatal: [0], unleveled: [0] },
            position: [rows.at(-1)!.position],
          }
    return { from, to, stepSeconds: 1, sources: activity ? { [source!]: activity } : {} }
  }
}

/** The tool over fake activity and sources whose lines are given as [offset, text]. */
function logToolWith(seen: Seen, lines: Record<string, [number, string][]>) {
  const requests: ScanRequest[] = []
  const tool = createLogTool(
    { logActivity: fakeActivity(seen) },
    {
      list: async () => sources,
      isSensitive: (id) => sources.find((source) => source.id === id)?.isSensitive === true,
      scan: async <Row>(request: ScanRequest, toRow: RowMaker<Row>) => {
        requests.push(request)
        const id = request.sources[0]!.id
        const scan: LogScan<Row> = {
          names: [id],
          totalInputBytes: 0,
          async *batches() {
            yield (lines[id] ?? []).map(([offset, text]) => toRow(id, offset, undefined, text))
          },
        }
        return scan
      },
    },
  )
  return { tool, requests }
}

const call = (tool: ReturnType<typeof logToolWith>['tool'], args: unknown, isOffMachine = false) => {
  const context: ToolCallContext = { isOffMachine, signal: new AbortController().signal }
  return tool.call(args, { ...context, now })
}

describe('search_logs', () => {
  it('reads a file from the position the recorder saw before the range, and drops the line that ends there', async () => {
    const { tool, requests } = logToolWith(
      {
        f00000001: [
          { t: now - 90 * minute, position: 'ab-cd.100', lines: 1 },
          { t: now - 30 * minute, position: 'ab-cd.160', lines: 2 },
        ],
      },
      {
        f00000001: [
          [50, 'before the range'],
          [100, 'first in range'],
          [130, 'second in range'],
        ],
      },
    )
    const result = await call(tool, { sources: ['f00000001'] })
    expect(requests[0]!.sources[0]!.range).toEqual({ kind: 'lines', first: 'ab-cd.100', last: 'ab-cd.160' })
    expect(result.text).toContain('matching lines: 2')
    expect(result.text).not.toContain('before the range')
    expect(result.text).toMatch(/first in range\nsecond in range$/)
  })

  it('reads a file from its start, and says so, when the recorder saw none of it in the day before', async () => {
    const { tool, requests } = logToolWith(
      { f00000001: [{ t: now - 10 * minute, position: 'ab-cd.80', lines: 3 }] },
      {},
    )
    const result = await call(tool, { sources: ['f00000001'] })
    expect(requests[0]!.sources[0]!.range).toEqual({ kind: 'lines', first: 'ab-cd.1', last: 'ab-cd.80' })
    expect(result.text).toContain('read from the start of the file')
  })

  it('finds the first line of an in-memory source by its sequence number, with or without a line before the range', async () => {
    const before = logToolWith(
      {
        vigil: [
          { t: now - 2 * 3_600_000, position: 'e1.40', lines: 40 },
          { t: now - 10 * minute, position: 'e1.45', lines: 5 },
        ],
      },
      {},
    )
    await call(before.tool, { sources: ['vigil'] })
    expect(before.requests[0]!.sources[0]!.range).toEqual({ kind: 'lines', first: 'e1.41', last: 'e1.45' })
    // Two windows with lines in the range (an hour, then a day): the count sums both.
    const counted = logToolWith(
      {
        vigil: [
          { t: now - 3 * 3_600_000, position: 'e2.10', lines: 10 },
          { t: now - 10 * minute, position: 'e2.14', lines: 4 },
        ],
      },
      {},
    )
    await call(counted.tool, { sources: ['vigil'], from: '-6h' })
    expect(counted.requests[0]!.sources[0]!.range).toEqual({ kind: 'lines', first: 'e2.1', last: 'e2.14' })
  })

  it('says when a source had no lines in the range, without scanning it', async () => {
    const { tool, requests } = logToolWith({}, {})
    const result = await call(tool, { sources: ['vigil', 'f00000001'], query: 'x' })
    expect(requests).toEqual([])
    expect(result.text).toContain('Vigil [vigil]: no lines were recorded in this range')
  })

  it('passes the filter on, and off the machine masks secrets and leaves out sensitive sources', async () => {
    const { tool, requests } = logToolWith(
      {
        f00000001: [{ t: now - 5 * minute, position: 'ab-cd.90', lines: 1 }],
        f00000002: [{ t: now - 5 * minute, position: 'ef-01.90', lines: 1 }],
      },
      { f00000001: [[0, 'login by ana@example.com with token=abc123']], f00000002: [[0, 'secret']] },
    )
    const result = await call(tool, { query: 'login', regex: true, level: 'warn' }, true)
    expect(requests.map((request) => request.sources[0]!.id)).toEqual(['f00000001'])
    expect(requests[0]!.filter).toEqual({ q: 'login', regex: true, matchCase: false, level: 'warn' })
    expect(result.text).toContain('login by [email] with token=[redacted]')
    expect(result.text).toContain('auth.log [f00000002]: left out')
    expect(result.text).not.toContain('secret')
  })
})
