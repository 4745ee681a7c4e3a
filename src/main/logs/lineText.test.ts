import { describe, expect, it } from 'vitest'
import { analyzeLine } from './lineLevel'
import { sanitizeLineText } from './lineText'

describe('line text', () => {
  it('removes ANSI colours, cursor moves and window titles', () => {
    expect(sanitizeLineText('\x1b[31mERROR\x1b[0m disk \x1b[2K\x1b[1Afull\x1b]0;title\x07!')).toBe('ERROR disk full!')
  })

  it('shows other control characters as visible symbols and keeps tabs', () => {
    expect(sanitizeLineText('a\x00b\x07c\td\x7f')).toBe('a\u2400b\u2407c\td\u2421')
  })

  it('leaves markup as plain text (the UI renders text, never HTML)', () => {
    expect(sanitizeLineText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('level and timestamp detection', () => {
  it.each([
    ['2026-11-24T05:33:05.123Z ERROR [db] connection lost', 'error', [0, 24]],
    ['Nov 24 05:33:05 host sshd[123]: warning: bad key', 'warn', [0, 15]],
    ['[2026-11-24 05:33:05,123] INFO  app: started', 'info', [0, 25]],
    ['127.0.0.1 - - [24/Nov/2026:05:33:05 +0000] "GET / HTTP/1.1" 200', undefined, [14, 42]],
    ['{"level":"warn","msg":"slow query","time":"2026-11-24T05:33:05Z"}', 'warn', undefined],
    ['{"level":50,"msg":"boom"}', 'error', undefined],
    [`${'a long line with no level word in its first eighty characters '.repeat(2)} error`, undefined, undefined],
    ['E: debug mode enabled', 'debug', undefined],
  ])('reads %s', (text, level, timestamp) => {
    const analysis = analyzeLine(text)
    expect(analysis.level).toBe(level)
    expect(analysis.timestamp).toEqual(timestamp)
  })
})
