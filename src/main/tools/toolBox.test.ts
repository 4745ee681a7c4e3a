// The tool box over fake recorder and logs: specs carry JSON Schemas, bad arguments come back as error
// results naming the argument, and long answers are cut within the budget and say so.
import { describe, expect, it } from 'vitest'
import type { SeriesRange } from '../../shared/recorder'
import type { ToolCallContext } from '../../shared/tools'
import type { RecorderReader } from '../recorder'
import { createTools } from './index'
import { toolTextBudgetBytes } from './textBudget'

const now = Date.parse('2026-12-04T14:00:00Z')
const context: ToolCallContext = { isOffMachine: false, signal: new AbortController().signal }

function fakeRecorder(rows: number): RecorderReader {
  const series = ({ from, keys }: { from: number; keys: string[] }): SeriesRange => ({
    from,
    to: from + rows * 1000,
    resolution: 'second',
    stepSeconds: 1,
    t: Array.from({ length: rows }, (_, index) => from + index * 1000),
    values: Object.fromEntries(keys.map((key) => [key, Array.from({ length: rows }, (_, index) => index % 100)])),
  })
  return {
    series,
    seriesKeys: () => ['core0_total_pct', 'core1_total_pct', 'cpu_total_pct', 'mem_used_bytes'],
    processesAt: () => undefined,
    processes: () => ({ snapshots: [], isTruncated: false }),
    logActivity: ({ from, to }) => ({ from, to, stepSeconds: 1, sources: {} }),
    events: () => ({ marks: [], episodes: [], isTruncated: false }),
  }
}

function toolBoxWith(rows = 10) {
  return createTools({
    recorder: fakeRecorder(rows),
    logs: {
      list: async () => [{ id: 'vigil', kind: 'vigil', name: 'Vigil', status: 'following' }],
      scan: () => Promise.reject(new Error('not scanned in these tests')),
      isSensitive: () => false,
    },
    machineInfo: () => Promise.reject(new Error('not read in these tests')),
    version: '0.0.0',
    now: () => now,
  }).api
}

describe('the tool box', () => {
  it('lists every tool with a JSON Schema object of its arguments', () => {
    const specs = toolBoxWith().specs()
    expect(specs.map((spec) => spec.name)).toEqual([
      'query_metric',
      'top_processes',
      'search_logs',
      'list_events',
      'describe_machine',
    ])
    for (const spec of specs) {
      expect(spec.parameters).toMatchObject({ type: 'object', additionalProperties: false })
      expect(spec.parameters).not.toHaveProperty('$schema')
    }
    const metric = specs[0]!
    expect(metric.parameters).toMatchObject({ required: ['metrics'] })
    expect(metric.description).toContain('core<N>_total_pct, cpu_total_pct, mem_used_bytes (N from 0 to 1)')
  })

  it('answers bad arguments with an error result naming the argument, never a throw', async () => {
    const toolBox = toolBoxWith()
    const cases: [string, unknown, RegExp][] = [
      ['query_metric', {}, /metrics/],
      ['query_metric', { metrics: ['cpu_total_pct'], from: 'yesterday' }, /from must be ISO 8601/],
      ['query_metric', { metrics: ['nope_pct'] }, /nope_pct is not recorded here/],
      ['query_metric', { metrics: ['cpu_total_pct'], from: 'now', to: '-1h' }, /must be later than from/],
      ['query_metric', { metrics: ['cpu_total_pct'], step: 'often' }, /step must be a number and a unit/],
      ['top_processes', { at: 'now', from: '-1h', to: 'now' }, /either at, or from and to/],
      ['top_processes', { limit: 1000 }, /limit/],
      ['search_logs', { sources: ['nowhere'] }, /no log source nowhere; the sources are: vigil \(Vigil\)/],
      ['list_events', { extra: 1 }, /extra/],
      ['no_such_tool', {}, /There is no tool no_such_tool/],
      ['query_metric', 'not an object', /not valid/],
    ]
    for (const [name, args, message] of cases) {
      const result = await toolBox.call(name, args, context)
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true)
      expect(result.text).toMatch(message)
    }
  })

  it('cuts a long answer within the budget and says so', async () => {
    const result = await toolBoxWith(5000).call('query_metric', { metrics: ['cpu_total_pct'] }, context)
    expect(result.isError).toBe(false)
    expect(result.isCut).toBe(true)
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(toolTextBudgetBytes)
    expect(result.text).toMatch(/cut here to fit 8 KB/)
  })

  it('states units and the time zone', async () => {
    const result = await toolBoxWith(3).call('query_metric', { metrics: ['cpu_total_pct', 'mem_used_bytes'] }, context)
    expect(result.isCut).toBe(false)
    expect(result.text).toMatch(/time zone /)
    expect(result.text).toContain('cpu_total_pct (%) | mem_used_bytes (MiB)')
    expect(result.text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2} \| 0\.0 \| 0\.0/)
  })
})
