import { describe, expect, it } from 'vitest'
import { ByteCursor } from './procBytes'

const cursorOn = (text: string): ByteCursor => new ByteCursor(Buffer.from(text))

describe('a cursor over a counter file', () => {
  it('reads numbers after blanks and tabs, and NaN where a word or the line end comes instead', () => {
    const cursor = cursorOn('  12\t345 x 6\n7')
    expect(cursor.number()).toBe(12)
    expect(cursor.number()).toBe(345)
    expect(cursor.number()).toBeNaN()
    expect(cursor.word()).toBe('x')
    expect(cursor.number()).toBe(6)
    expect(cursor.number()).toBeNaN()
    cursor.nextLine()
    expect(cursor.number()).toBe(7)
    expect(cursor.isAtEnd).toBe(true)
  })

  it('reads counters beyond 32 bits exactly', () => {
    expect(cursorOn('9007199254740991').number()).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('reads decimal numbers as Number() reads their text, and NaN where none comes', () => {
    const texts = ['0.05', '12.34', '3', '0.1', '1234.5678', '7.']
    const cursor = cursorOn(`${texts.join(' ')} x`)
    expect(texts.map(() => cursor.decimal())).toEqual(texts.map(Number))
    expect(cursor.decimal()).toBeNaN()
    expect(cursorOn('.').decimal()).toBeNaN()
  })

  it('reads a word up to a colon, then past the colon', () => {
    const cursor = cursorOn('  enp0s31f6: 5')
    expect(cursor.word()).toBe('enp0s31f6')
    expect(cursor.skipColon()).toBe(true)
    expect(cursor.skipColon()).toBe(false)
    expect(cursor.number()).toBe(5)
  })

  it('decodes a word as UTF-8', () => {
    expect(cursorOn('réseau: 1').word()).toBe('réseau')
  })

  it('says when a line ends before the numbers to skip', () => {
    const cursor = cursorOn('1 2\n3 4 5')
    expect(cursor.skipNumbers(3)).toBe(false)
    cursor.nextLine()
    expect(cursor.skipNumbers(2)).toBe(true)
    expect(cursor.number()).toBe(5)
  })

  it('matches a prefix only where the whole of it comes', () => {
    const cursor = cursorOn('cp')
    expect(cursor.startsWith(Buffer.from('cpu'))).toBe(false)
    expect(cursor.startsWith(Buffer.from('cp'))).toBe(true)
  })

  it('seeks a line by its label at a line start only, from anywhere in the file', () => {
    const cursor = cursorOn('SwapCached: 1\nCached: 2\n')
    cursor.nextLine()
    expect(cursor.seekLine(Buffer.from('Cached:'))).toBe(true)
    expect(cursor.number()).toBe(2)
    expect(cursor.seekLine(Buffer.from('SwapCached:'))).toBe(true)
    expect(cursor.number()).toBe(1)
    expect(cursor.seekLine(Buffer.from('Buffers:'))).toBe(false)
  })

  it('ends at the last line when it has no newline', () => {
    const cursor = cursorOn('only line')
    cursor.nextLine()
    expect(cursor.isAtEnd).toBe(true)
  })
})
