import { describe, expect, it } from 'vitest'
import { linesOfBatch } from '../../shared/lineBatch'
import { createLineSplitter, type SplitLines } from './lineSplitter'

/** The lines of a block, with where each starts and ends. */
function linesOf(split: SplitLines | undefined) {
  if (!split) return []
  let start = split.from
  return linesOfBatch({ source: 's', base: 'f', ...split }).map((line) => {
    const end = Number(line.position.slice(2))
    const expanded = { text: line.text, startOffset: start, endOffset: end, cutBytes: line.cutBytes ?? 0 }
    start = end
    return line.isPartial ? { ...expanded, isPartial: true } : expanded
  })
}

function feed(chunks: (string | Buffer)[], maxLineBytes?: number) {
  const splitter = createLineSplitter(0, maxLineBytes)
  const lines: ReturnType<typeof linesOf> = []
  for (const chunk of chunks)
    lines.push(...linesOf(splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk), splitter.offset)))
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

  it('gives the lines of one read as one block: texts joined, ends as steps', () => {
    const splitter = createLineSplitter(10)
    expect(splitter.push(Buffer.from('a\nbb\r\nccc\ndd'), 10)).toEqual({
      text: 'a\nbb\nccc\n',
      from: 10,
      steps: [2, 4, 4],
    })
    expect(splitter.push(Buffer.from('no end yet'), 22)).toBeUndefined()
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

  it('shows a pending line once as partial, at its start, then sends the whole line when it ends', () => {
    const splitter = createLineSplitter(100)
    expect(linesOf(splitter.push(Buffer.from('done\nhalf a li'), 100)).map((line) => line.text)).toEqual(['done'])
    expect(splitter.pendingStartOffset).toBe(105)
    expect(linesOf(splitter.flushPartial())).toEqual([
      { text: 'half a li', isPartial: true, startOffset: 105, endOffset: 105, cutBytes: 0 },
    ])
    expect(splitter.flushPartial()).toBeUndefined()
    splitter.push(Buffer.from('n'), 114)
    expect(linesOf(splitter.flushPartial()).map((line) => line.text)).toEqual(['half a lin'])
    expect(linesOf(splitter.push(Buffer.from('e\nnew\n'), 115))).toEqual([
      { text: 'half a line', startOffset: 105, endOffset: 117, cutBytes: 0 },
      { text: 'new', startOffset: 117, endOffset: 121, cutBytes: 0 },
    ])
  })

  it('never shows half a UTF-8 sequence or a CR without its LF in a partial line', () => {
    const bytes = Buffer.from('snow ☃ and 🛰\r\n')
    for (let cut = 1; cut < bytes.length - 1; cut += 1) {
      const splitter = createLineSplitter(0)
      splitter.push(bytes.subarray(0, cut), 0)
      const partial = linesOf(splitter.flushPartial())[0]
      const shown = partial?.text ?? ''
      expect(shown, `cut at ${cut}`).not.toMatch(/\ufffd|\u240d/)
      expect('snow ☃ and 🛰'.startsWith(shown), `cut at ${cut}`).toBe(true)
      expect(linesOf(splitter.push(bytes.subarray(cut), cut)).map((line) => line.text)).toEqual(['snow ☃ and 🛰'])
    }
  })

  it('gives a last line without LF whole when its file ends', () => {
    const splitter = createLineSplitter(0)
    splitter.push(Buffer.from('a\nlast'), 0)
    expect(linesOf(splitter.flushFinal())).toEqual([{ text: 'last', startOffset: 2, endOffset: 6, cutBytes: 0 }])
    expect(splitter.flushFinal()).toBeUndefined()
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
