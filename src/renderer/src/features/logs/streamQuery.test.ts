import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../../shared/logs'
import { createLineFilter, filterProblem, noFilter, streamPath } from './streamQuery'

const line = (text: string, level?: LogLine['level']): LogLine => ({ source: 'f1', position: '1', text, ...(level ? { level } : {}) })

describe('the stream query', () => {
  it('names the sources, the lines to start with and the filter', () => {
    expect(streamPath({ sourceIds: ['vigil', 'f1'], tailLines: 1000, filter: noFilter })).toBe('/api/streams/logs?sources=vigil%2Cf1&tail=1000')
    const path = streamPath({ sourceIds: ['f1'], tailLines: 100, filter: { text: 'a&b=c d', isRegex: true, minLevel: 'warn' } })!
    const query = new URL(path, 'http://x').searchParams
    expect(Object.fromEntries(query)).toEqual({ sources: 'f1', tail: '100', q: 'a&b=c d', regex: '1', level: 'warn' })
  })

  it('is not made without a source', () => {
    expect(streamPath({ sourceIds: [], tailLines: 1000, filter: noFilter })).toBeUndefined()
  })

  it('refuses, in words, what the server would refuse', () => {
    expect(filterProblem('(unclosed', true)).toBe('Not a valid regular expression: Unterminated group')
    expect(filterProblem('(unclosed', false)).toBeUndefined()
    expect(filterProblem('x'.repeat(1001), false)).toMatch(/too long/)
    expect(filterProblem('', true)).toBeUndefined()
  })

  it('keeps lines read back as the server filter would', () => {
    const lines = [line('INFO alpha one', 'info'), line('WARN beta two', 'warn'), line('ERROR alpha three', 'error'), line('no level alpha')]
    const kept = (filter: Parameters<typeof createLineFilter>[0]) => lines.filter(createLineFilter(filter)).map((kept) => kept.text)
    expect(kept({ ...noFilter, text: 'ALPHA' })).toEqual(['INFO alpha one', 'ERROR alpha three', 'no level alpha'])
    expect(kept({ ...noFilter, text: '\\w+ t(wo|hree)', isRegex: true })).toEqual(['WARN beta two', 'ERROR alpha three'])
    expect(kept({ ...noFilter, minLevel: 'warn' })).toEqual(['WARN beta two', 'ERROR alpha three'])
    expect(kept(noFilter)).toHaveLength(4)
  })
})
