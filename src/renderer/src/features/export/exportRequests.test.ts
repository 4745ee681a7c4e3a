import { describe, expect, it } from 'vitest'
import { defaultCsvOptions } from '../../../../shared/export'
import type { LogLine } from '../../../../shared/logs'
import {
  chatRequest,
  customSpan,
  metricsRequest,
  shownLinesRequest,
  spanOfChoice,
  toLocalInput,
  wholeSourcesRequest,
} from './exportRequests'

const csv = defaultCsvOptions
const noFilter = { text: '', isRegex: false, matchCase: false, minLevel: undefined }
const line = (source: string, position: string, text = 'x'): LogLine => ({ source, position, text })

describe('metrics export requests', () => {
  it('take the span in whole milliseconds, rounded outwards, and each series once in the order given', () => {
    expect(
      metricsRequest(
        { fromMs: 1000.4, toMs: 61_000.2 },
        ['cpu_total_pct', 'mem_used_bytes', 'cpu_total_pct'],
        'raw',
        csv,
      ),
    ).toEqual({
      kind: 'metrics',
      from: 1000,
      to: 61_001,
      series: ['cpu_total_pct', 'mem_used_bytes'],
      resolution: 'raw',
      csv,
    })
  })

  it('take the last window up to now, or the custom span the form holds', () => {
    const nowMs = 1_800_000_000_000
    expect(spanOfChoice('15m', nowMs, { from: '', to: '' })).toEqual({ fromMs: nowMs - 900_000, toMs: nowMs })
    expect(spanOfChoice('24h', nowMs, { from: '', to: '' })).toEqual({ fromMs: nowMs - 86_400_000, toMs: nowMs })
    const custom = { from: toLocalInput(nowMs - 3_600_000), to: toLocalInput(nowMs) }
    const span = spanOfChoice('custom', nowMs, custom)
    expect(span).toEqual({ fromMs: new Date(custom.from).getTime(), toMs: new Date(custom.to).getTime() })
    expect(toLocalInput(new Date(custom.to).getTime())).toBe(custom.to)
  })

  it('say what is wrong with a custom span', () => {
    expect(customSpan({ from: '', to: '2026-11-24T10:15' })).toBe('Give the start and the end of the range.')
    expect(customSpan({ from: '2026-11-24T11:00', to: '2026-11-24T10:15' })).toBe(
      'The start of the range must not be after its end.',
    )
  })
})

describe('log export requests', () => {
  it('range each source from its first line shown to its last, in the order of the sources followed', () => {
    const lines = [
      line('a', 'fa:0:10'),
      line('b', 'vigil.4'),
      line('a', 'fa:0:20'),
      line('b', 'vigil.9'),
      line('a', 'fa:0:35'),
    ]
    const filter = { text: 'error', isRegex: true, matchCase: true, minLevel: 'warn' as const }
    expect(shownLinesRequest(lines, ['b', 'a', 'c'], filter, csv)).toEqual({
      kind: 'logs',
      sources: [
        { id: 'b', range: { kind: 'lines', first: 'vigil.4', last: 'vigil.9' } },
        { id: 'a', range: { kind: 'lines', first: 'fa:0:10', last: 'fa:0:35' } },
      ],
      filter: { q: 'error', regex: true, matchCase: true, level: 'warn' },
      csv,
    })
  })

  it('range a single line from its position to itself, and make nothing of no lines', () => {
    expect(shownLinesRequest([line('a', 'p1')], ['a'], noFilter, csv)?.sources).toEqual([
      { id: 'a', range: { kind: 'lines', first: 'p1', last: 'p1' } },
    ])
    expect(shownLinesRequest([], ['a'], noFilter, csv)).toBeUndefined()
  })

  it('export whole sources through the filter, leaving out a level not chosen and the regex and case flags of no text', () => {
    expect(
      wholeSourcesRequest(['a', 'b'], { text: '', isRegex: true, matchCase: true, minLevel: undefined }, csv),
    ).toEqual({
      kind: 'logs',
      sources: [
        { id: 'a', range: { kind: 'all' } },
        { id: 'b', range: { kind: 'all' } },
      ],
      filter: { q: '', regex: false, matchCase: false },
      csv,
    })
  })
})

describe('chat export requests', () => {
  it('name the conversation (or all) and the format', () => {
    expect(chatRequest('c0123456789ab', 'markdown', csv)).toEqual({
      kind: 'chat',
      conversation: 'c0123456789ab',
      format: 'markdown',
      csv,
    })
  })
})
