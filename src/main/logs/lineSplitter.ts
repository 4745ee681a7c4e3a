// Bytes of a growing file into lines, with exact byte offsets.
// Lines are split on the LF byte before any decoding: 0x0A never occurs inside a multi-byte UTF-8
// sequence, so decoding only whole lines means a sequence split across two reads cannot be broken.
// Invalid bytes decode to U+FFFD; a CR before the LF is dropped; a line longer than the cap keeps its
// first `maxLineBytes` and counts the rest; a last line with no LF waits, and after an idle time may be
// flushed as partial: the bytes that follow it are then a continuation, never the same bytes again.
import { sanitizeLineText } from './lineText'

export interface SplitLine {
  text: string
  /** Offset of the line's first byte in the file. */
  startOffset: number
  /** Offset just past the line's LF (or past its last byte, for a partial flush). */
  endOffset: number
  /** Bytes beyond the cap that were left out. */
  cutBytes: number
  /** Flushed without its LF: more of this line may follow. */
  isPartial: boolean
  /** The rest of a line flushed earlier as partial. */
  isContinuation: boolean
}

export interface LineSplitter {
  /** Bytes that start at `offset`, which must be where the previous push ended. */
  push(bytes: Buffer, offset: number): SplitLine[]
  /** The pending bytes with no LF yet, as a partial line; undefined when none are pending. */
  flushPartial(): SplitLine | undefined
  /** Where the next push must start: the end of the bytes seen so far. */
  readonly offset: number
  /** Where the first pending byte starts; equals `offset` when nothing is pending. */
  readonly pendingStartOffset: number
}

export const defaultMaxLineBytes = 64 * 1024

const decoder = new TextDecoder('utf-8', { fatal: false })

/** Drops a UTF-8 sequence left incomplete at the end by the cap: its lead byte says how long it should be. */
function dropIncompleteTail(bytes: Buffer): Buffer {
  let start = bytes.length - 1
  while (start > 0 && bytes.length - start < 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1
  const lead = bytes[start] ?? 0
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return bytes.length - start < expected ? bytes.subarray(0, start) : bytes
}

/** The text of a line longer than the cap: its first `maxLineBytes`, cut at a character boundary. */
export function decodeCappedLine(bytes: Buffer, maxLineBytes: number): { text: string; cutBytes: number } {
  const kept = dropIncompleteTail(bytes.subarray(0, maxLineBytes))
  return { text: decoder.decode(kept), cutBytes: bytes.length - kept.length }
}

export function createLineSplitter(startOffset: number, maxLineBytes = defaultMaxLineBytes): LineSplitter {
  // The pending line: its kept bytes (at most the cap) and how many more were seen.
  let pending: Buffer[] = []
  let pendingBytes = 0
  let pendingCutBytes = 0
  let pendingStart = startOffset
  let isContinuation = false
  let offset = startOffset

  function append(bytes: Buffer): void {
    const room = maxLineBytes - pendingBytes
    if (room > 0) {
      const kept = bytes.subarray(0, room)
      pending.push(kept)
      pendingBytes += kept.length
    }
    pendingCutBytes += Math.max(0, bytes.length - Math.max(room, 0))
  }

  function takePending(endOffset: number, isPartial: boolean): SplitLine {
    let bytes = Buffer.concat(pending)
    if (!isPartial && bytes.at(-1) === 0x0d && pendingCutBytes === 0) bytes = bytes.subarray(0, -1)
    const kept = pendingCutBytes > 0 ? dropIncompleteTail(bytes) : bytes
    const line: SplitLine = {
      text: sanitizeLineText(decoder.decode(kept)),
      startOffset: pendingStart,
      endOffset,
      cutBytes: pendingCutBytes + (bytes.length - kept.length),
      isPartial,
      isContinuation,
    }
    pending = []
    pendingBytes = 0
    pendingCutBytes = 0
    pendingStart = endOffset
    isContinuation = isPartial
    return line
  }

  /**
   * Complete lines (the block ends with LF) decoded in one call: an LF byte never occurs inside a UTF-8
   * sequence and U+FFFD never is one, so the decoded text splits on "\n" exactly where the bytes do.
   */
  function wholeLines(block: Buffer, blockOffset: number): SplitLine[] {
    const texts = decoder.decode(block).split('\n')
    texts.pop()
    const lines: SplitLine[] = []
    let lineStart = 0
    for (const raw of texts) {
      const newline = block.indexOf(0x0a, lineStart)
      const length = newline - lineStart
      let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      let cutBytes = 0
      if (length > maxLineBytes) {
        // Rare: a long line is cut at a character boundary, the careful way.
        ;({ text, cutBytes } = decodeCappedLine(block.subarray(lineStart, newline), maxLineBytes))
      }
      lines.push({
        text: sanitizeLineText(text),
        startOffset: blockOffset + lineStart,
        endOffset: blockOffset + newline + 1,
        cutBytes,
        isPartial: false,
        isContinuation: false,
      })
      lineStart = newline + 1
    }
    return lines
  }

  return {
    push(bytes, at) {
      if (at !== offset) throw new Error(`bytes at offset ${at} do not follow offset ${offset}`)
      const lines: SplitLine[] = []
      let lineStart = 0
      const firstNewline = bytes.indexOf(0x0a)
      if (firstNewline !== -1) {
        // The line begun in an earlier push ends here; it goes the careful way.
        append(bytes.subarray(0, firstNewline))
        lines.push(takePending(at + firstNewline + 1, false))
        lineStart = firstNewline + 1
        const lastNewline = bytes.lastIndexOf(0x0a)
        if (lastNewline > firstNewline) {
          lines.push(...wholeLines(bytes.subarray(lineStart, lastNewline + 1), at + lineStart))
          lineStart = lastNewline + 1
          pendingStart = at + lineStart
          isContinuation = false
        }
      }
      if (lineStart < bytes.length) append(bytes.subarray(lineStart))
      offset = at + bytes.length
      return lines
    },
    flushPartial() {
      if (pendingBytes === 0 && pendingCutBytes === 0) return undefined
      return takePending(offset, true)
    },
    get offset() {
      return offset
    },
    get pendingStartOffset() {
      return pendingStart
    },
  }
}
