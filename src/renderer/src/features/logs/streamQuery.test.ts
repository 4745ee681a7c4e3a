import { describe, expect, it } from 'vitest'
import { addFilterParameters, filterProblem, noFilter, streamPath } from './streamQuery'

describe('the stream query', () => {
  it('names the sources, the lines to start with and the filter', () => {
    expect(streamPath({ sourceIds: ['vigil', 'f1'], tailLines: 1000, filter: noFilter })).toBe(
      '/api/streams/logs?sources=vigil%2Cf1&tail=1000',
    )
    const path = streamPath({
      sourceIds: ['f1'],
      tailLines: 100,
      filter: { text: 'a&b=c d', isRegex: true, matchCase: true, minLevel: 'warn' },
    })!
    const query = new URL(path, 'http://x').searchParams
    expect(Object.fromEntries(query)).toEqual({
      sources: 'f1',
      tail: '100',
      q: 'a&b=c d',
      regex: '1',
      case: '1',
      level: 'warn',
    })
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

  it('puts the filter in a query the read route takes too', () => {
    const parameters = addFilterParameters(new URLSearchParams({ source: 'f1' }), {
      ...noFilter,
      text: 'disk|cpu',
      isRegex: true,
      minLevel: 'warn',
    })
    expect(parameters.toString()).toBe('source=f1&q=disk%7Ccpu&regex=1&level=warn')
    expect(addFilterParameters(new URLSearchParams(), noFilter).toString()).toBe('')
  })
})
