import { describe, expect, it } from 'vitest'
import { createLineSplitter, type SplitLine } from './lineSplitter'

function feed(chunks: (string | Buffer)[], maxLineBytes?: number) {
  const splitter = createLineSplitter(0, maxLineBytes)
  const lines: SplitLine[] = []
  for (const chunk of chunks)
    lines.push(...splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk), splitter.offset))
  return { splitter, lines }
}

describe('line splitter', () => {
  it('splits on LF with exact byte offsets, and drops the CR of CRLF', () => {
    const { lines, splitter } = feed(['one\r\ntwo\nth', 'ree\n'])
    expect(lines.map(({ text, startOffset, endOffset }) => [text, startOffset, endOffset])).toEqual([
      ['one', 0, 5],
      ['two', 5, 9],
      ['three', 9, 15],
    ])
    expect(splitter.offset).toBe(15)
  })

  it('decodes UTF-8 split across reads at every possible byte', () => {
    const text = 'héllo wörld 🛰️ 日本語\n'
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const { lines } = feed([bytes.subarray(0, cut), bytes.subarray(cut)])
      expect(
        lines.map((line) => line.text),
        `cut at ${cut}`,
      ).toEqual([text.slice(0, -1)])
    }
  })

  it('turns invalid bytes into U+FFFD', () => {
    const { lines } = feed([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3, 0x0a])])
    expect(lines[0]!.text).toBe('a\ufffd\ufffdb\ufffd')
  })

  it('cuts a line over the cap at a character boundary and counts what it left out', () => {
    const long = 'é'.repeat(10) // 20 bytes
    const { lines } = feed([long.slice(0, 4), long.slice(4) + '\nnext\n'], 7)
    expect(lines[0]).toMatchObject({ text: 'ééé', cutBytes: 14, startOffset: 0, endOffset: 21 })
    expect(lines[1]).toMatchObject({ text: 'next', cutBytes: 0 })
  })

  it('keeps a last line without LF pending, and flushes it once as partial, then its rest as a continuation', () => {
    const splitter = createLineSplitter(100)
    expect(splitter.push(Buffer.from('done\nhalf a li'), 100).map((line) => line.text)).toEqual(['done'])
    expect(splitter.pendingStartOffset).toBe(105)
    const partial = splitter.flushPartial()
    expect(partial).toMatchObject({ text: 'half a li', isPartial: true, startOffset: 105, endOffset: 114 })
    expect(splitter.flushPartial()).toBeUndefined()
    const rest = splitter.push(Buffer.from('ne\nnew\n'), 114)
    expect(
      rest.map(({ text, isContinuation, isPartial, startOffset }) => [text, isContinuation, isPartial, startOffset]),
    ).toEqual([
      ['ne', true, false, 114],
      ['new', false, false, 117],
    ])
  })

  it('treats lines inside one block as it treats lines across blocks: CRLF, invalid bytes, long lines, offsets', () => {
    const long = 'é'.repeat(10)
    const block = Buffer.concat([
      Buffer.from('first\nwin\r\nbad '),
      Buffer.from([0xff]),
      Buffer.from(`\n${long}\n\x1b[31mred\x1b[0m\n`),
    ])
    const { lines } = feed([block], 7)
    expect(lines.map(({ text, cutBytes }) => [text, cutBytes])).toEqual([
      ['first', 0],
      ['win', 0],
      ['bad \ufffd', 0],
      ['ééé', 14],
      // The cap counts raw bytes, escape sequences included: 7 bytes of "\x1b[31mred\x1b[0m" are "\x1b[31mre".
      ['re', 5],
    ])
    expect(lines.map((line) => line.endOffset - line.startOffset)).toEqual([6, 5, 6, 21, 13])
    expect(lines.at(-1)!.endOffset).toBe(block.length)
  })

  it('refuses bytes that do not follow the previous ones', () => {
    const splitter = createLineSplitter(0)
    splitter.push(Buffer.from('abc'), 0)
    expect(() => splitter.push(Buffer.from('x'), 10)).toThrow(/do not follow/)
  })
})
