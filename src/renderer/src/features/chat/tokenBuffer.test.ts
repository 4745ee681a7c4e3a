import { describe, expect, it } from 'vitest'
import { acceptToken, createTokenBuffer } from './tokenBuffer'

describe('the token buffer', () => {
  it('joins token events in order', () => {
    const buffer = createTokenBuffer()
    expect(['Hello', ',', ' world'].map((text, index) => acceptToken(buffer, index, text))).toEqual([true, true, true])
    expect(buffer.text).toBe('Hello, world')
    expect(buffer.lastIndex).toBe(2)
  })

  it('takes an event that carries several tokens, up to its index', () => {
    const buffer = createTokenBuffer()
    acceptToken(buffer, 0, 'a')
    acceptToken(buffer, 3, 'bcd')
    acceptToken(buffer, 4, 'e')
    expect(buffer).toEqual({ lastIndex: 4, text: 'abcde', reasoning: '' })
  })

  it('ignores an event sent again after a reconnect', () => {
    const buffer = createTokenBuffer()
    acceptToken(buffer, 0, 'a')
    acceptToken(buffer, 2, 'bc')
    expect(acceptToken(buffer, 2, 'bc')).toBe(false)
    expect(acceptToken(buffer, 1, 'b')).toBe(false)
    acceptToken(buffer, 3, 'd')
    expect(buffer.text).toBe('abcd')
  })

  it('moves past empty tokens and refuses impossible indexes', () => {
    const buffer = createTokenBuffer()
    expect(acceptToken(buffer, 0, '')).toBe(false)
    expect(buffer.lastIndex).toBe(0)
    expect(acceptToken(buffer, 1.5, 'x')).toBe(false)
    expect(acceptToken(buffer, 1, 'y')).toBe(true)
    expect(buffer.text).toBe('y')
  })

  it('keeps a thinking model’s reasoning apart from the answer, under the same indexes', () => {
    const buffer = createTokenBuffer()
    expect(acceptToken(buffer, 1, '', 'The disk')).toBe(true)
    expect(acceptToken(buffer, 2, 'Full', ' is full')).toBe(true)
    expect(acceptToken(buffer, 2, 'Full', ' is full')).toBe(false)
    expect(buffer).toEqual({ lastIndex: 2, text: 'Full', reasoning: 'The disk is full' })
  })
})
