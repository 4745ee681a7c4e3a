import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../../shared/logs'
import { shownLinesExport, wholeSourcesExport } from './logsExport'

const noFilter = { text: '', isRegex: false, matchCase: false, minLevel: undefined }
const line = (source: string, position: string, text = 'x'): LogLine => ({ source, position, text })

describe('log exports', () => {
  it('range each source from its first line shown to its last, in the order of the sources followed', () => {
    const lines = [
      line('a', 'fa:0:10'),
      line('b', 'vigil.4'),
      line('a', 'fa:0:20'),
      line('b', 'vigil.9'),
      line('a', 'fa:0:35'),
    ]
    const filter = { text: 'error', isRegex: true, matchCase: true, minLevel: 'warn' as const }
    expect(shownLinesExport(lines, ['b', 'a', 'c'], filter)).toEqual({
      kind: 'logs',
      sources: [
        { id: 'b', range: { kind: 'lines', first: 'vigil.4', last: 'vigil.9' } },
        { id: 'a', range: { kind: 'lines', first: 'fa:0:10', last: 'fa:0:35' } },
      ],
      filter: { q: 'error', regex: true, matchCase: true, level: 'warn' },
    })
  })

  it('range a single line from its position to itself, and make nothing of no lines', () => {
    expect(shownLinesExport([line('a', 'p1')], ['a'], noFilter)?.sources).toEqual([
      { id: 'a', range: { kind: 'lines', first: 'p1', last: 'p1' } },
    ])
    expect(shownLinesExport([], ['a'], noFilter)).toBeUndefined()
  })

  it('export whole sources through the filter, leaving out a level not chosen and the regex and case flags of no text', () => {
    expect(wholeSourcesExport(['a', 'b'], { text: '', isRegex: true, matchCase: true, minLevel: undefined })).toEqual({
      kind: 'logs',
      sources: [
        { id: 'a', range: { kind: 'all' } },
        { id: 'b', range: { kind: 'all' } },
      ],
      filter: { q: '', regex: false, matchCase: false },
    })
  })
})
