import { describe, expect, it } from 'vitest'
import { analyzeLine } from '../../shared/lineLevel'
import { plainText, sanitizeLineText } from './lineText'

describe('line text', () => {
  it('removes ANSI colours, cursor moves and window titles', () => {
    expect(sanitizeLineText('\x1b[31mERROR\x1b[0m disk \x1b[2K\x1b[1Afull\x1b]0;title\x07!')).toBe('ERROR disk full!')
  })

  it('shows other control characters as visible symbols and keeps tabs', () => {
    expect(sanitizeLineText('a\x00b\x07c\td\x7f')).toBe('a\u2400b\u2407c\td\u2421')
  })

  it('shows bidirectional controls as their names, so they cannot reorder what the viewer shows', () => {
    expect(sanitizeLineText('user \u202Egnp.exe\u202C ok')).toBe('user \u27e8RLO\u27e9gnp.exe\u27e8PDF\u27e9 ok')
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C'
    expect(sanitizeLineText(controls)).toBe(
      ['LRE', 'RLE', 'PDF', 'LRO', 'RLO', 'LRI', 'RLI', 'FSI', 'PDI', 'LRM', 'RLM', 'ALM']
        .map((name) => `\u27e8${name}\u27e9`)
        .join(''),
    )
  })

  it('keeps the line structure of a block: an escape sequence never swallows an LF', () => {
    expect(sanitizeLineText('a\x1b]0;title\nb\x07\n')).toBe('a0;title\nb\u2407\n')
  })

  it('takes plain ASCII as it is, and leaves anything with a control byte or beyond ASCII to the careful way', () => {
    expect(plainText(Buffer.from('GET / 200\tok\nnext line\n'))).toBe('GET / 200\tok\nnext line\n')
    for (const text of ['a\x00b\n', 'crlf\r\n', 'del\x7f\n', 'esc \x1b[31m\n', 'café\n', 'user \u202Egnp.exe\n'])
      expect(plainText(Buffer.from(text)), JSON.stringify(text)).toBeUndefined()
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
