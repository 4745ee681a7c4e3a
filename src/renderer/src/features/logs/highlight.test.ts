import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../../shared/logs'
import { createMatcher, findLevelWord, findMatches, lineParts, maxMatchesPerLine } from './highlight'

const line = (text: string, extra: Partial<LogLine> = {}): LogLine => ({ source: 'app', position: '1', text, ...extra })
const marked = (text: string, query: string, isRegex = false, matchCase = false) =>
  lineParts(line(text), createMatcher(query, isRegex, matchCase))
    .filter((part) => part.isMatch)
    .map((part) => part.text)

describe('finding what the filter matches', () => {
  it('marks every occurrence of the text, whatever its case', () => {
    expect(marked('Disk full; DISK errors; disk', 'disk')).toEqual(['Disk', 'DISK', 'disk'])
  })

  it('marks only the occurrences in the same case when matching case, text or expression', () => {
    expect(marked('Disk full; DISK errors; disk', 'disk', false, true)).toEqual(['disk'])
    expect(marked('took 12ms, then 340MS', '\\d+MS', true, true)).toEqual(['340MS'])
  })

  it('takes text with special characters literally', () => {
    expect(marked('a.b axb (x) [y] $1 a\\b', 'a.b')).toEqual(['a.b'])
    expect(marked('a.b axb (x) [y] $1 a\\b', '(x)')).toEqual(['(x)'])
    expect(marked('a.b axb (x) [y] $1 a\\b', '[y] $1 a\\b')).toEqual(['[y] $1 a\\b'])
    expect(marked('path /var/log/syslog', '/log/')).toEqual(['/log/'])
  })

  it('treats the filter as a case-insensitive regular expression when asked', () => {
    expect(marked('took 12ms, then 340MS', '\\d+ms', true)).toEqual(['12ms', '340MS'])
    expect(marked('GET /a 200, POST /b 500', '(get|post) /\\w', true)).toEqual(['GET /a', 'POST /b'])
  })

  it('never makes an empty part, even for an expression that matches nothing in places', () => {
    const parts = lineParts(line('baaab'), createMatcher('a*', true, false))
    expect(parts).toEqual([
      { text: 'b', isMatch: false },
      { text: 'aaa', isMatch: true },
      { text: 'b', isMatch: false },
    ])
    expect(findMatches('xyz', createMatcher('q*', true, false))).toEqual([])
  })

  it('joins the parts back into the exact text, markup included', () => {
    const text = '<img src=x onerror=alert(1)> & "quotes"'
    const parts = lineParts(line(text), createMatcher('src=x', false, false))
    expect(parts.map((part) => part.text).join('')).toBe(text)
    expect(parts.filter((part) => part.isMatch).map((part) => part.text)).toEqual(['src=x'])
  })

  it('has no matcher for an empty or invalid filter', () => {
    expect(createMatcher('', false, false)).toBeUndefined()
    expect(createMatcher('(unclosed', true, false)).toBeUndefined()
    expect(lineParts(line(''), undefined)).toEqual([])
  })

  it('stops marking after a bounded number of matches in one line', () => {
    expect(findMatches('a'.repeat(maxMatchesPerLine * 3), createMatcher('a', false, false))).toHaveLength(
      maxMatchesPerLine,
    )
  })
})

describe('colouring a line', () => {
  it('sets the timestamp and the level word apart, and marks matches across them', () => {
    const text = '2026-11-24T05:01:00Z ERROR disk full'
    const parts = lineParts(
      line(text, { level: 'error', timestamp: [0, 20] }),
      createMatcher('00Z error', false, false),
    )
    expect(parts).toEqual([
      { text: '2026-11-24T05:01:', decoration: 'timestamp', isMatch: false },
      { text: '00Z', decoration: 'timestamp', isMatch: true },
      { text: ' ', isMatch: true },
      { text: 'ERROR', decoration: 'level', isMatch: true },
      { text: ' disk full', isMatch: false },
    ])
  })

  it('finds the level word after the timestamp, bracketed or not, only when the line has a level', () => {
    expect(
      findLevelWord(line('[2026-11-24 05:01:00] [warning] low disk', { level: 'warn', timestamp: [0, 21] })),
    ).toEqual([23, 30])
    expect(findLevelWord(line('INFO: started', { level: 'info' }))).toEqual([0, 4])
    expect(findLevelWord(line('error here but no level'))).toBeUndefined()
    expect(findLevelWord(line('{"level":"error","msg":"x"}', { level: 'error' }))).toBeUndefined()
  })
})
