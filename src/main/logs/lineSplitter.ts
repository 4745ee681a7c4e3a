// Bytes of a growing file into blocks of lines, with exact byte offsets: one block per read, never one
// object per line (a storm costs per read).
// Lines are split on the LF byte before any decoding: 0x0A never occurs inside a multi-byte UTF-8
// sequence, so a run of whole lines decodes in one call and its text splits on "\n" exactly where the
// bytes do. Invalid bytes decode to U+FFFD; a CR before the LF is dropped; a line longer than the cap
// keeps its first `maxLineBytes` and counts the rest.
// A last line with no LF waits. After an idle time it may be shown as partial: its bytes stay pending
// (without a trailing incomplete UTF-8 sequence or CR, which may still be completed), and when its end
// comes the whole line is sent again, to replace the partial one.
import type { LineDetails } from '../../shared/logs'
import { plainText, sanitizeLineText } from './lineText'

/** Lines of one read: texts each followed by LF, and each line's end as a step from the one before. */
export interface SplitLines {
  text: string
  /** Offset where the first line starts. */
  from: number
  steps: number[]
  details?: Record<number, LineDetails>
}

export interface LineSplitter {
  /** Bytes that start at `offset`, which must be where the previous push ended. */
  push(bytes: Buffer, offset: number): SplitLines | undefined
  /**
   * The pending line as partial (its position is its start), or undefined when nothing is pending or it
   * did not grow since it was last shown.
   */
  flushPartial(): SplitLines | undefined
  /** The pending line as a last line (its file ended without an LF): the bytes are taken. */
  flushFinal(): SplitLines | undefined
  /** Where the next push must start: the end of the bytes seen so far. */
  readonly offset: number
  /** Where the first pending byte starts; equals `offset` when nothing is pending. */
  readonly pendingStartOffset: number
}

export const defaultMaxLineBytes = 64 * 1024

const decoder = new TextDecoder('utf-8', { fatal: false })

/** How long the UTF-8 sequence starting with `lead` is. */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
}

/** Drops a UTF-8 sequence left incomplete at the end (by the cap, or because its bytes are yet to come). */
function dropIncompleteTail(bytes: Buffer): Buffer {
  let start = bytes.length - 1
  while (start > 0 && bytes.length - start < 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1
  return bytes.length - start < sequenceLength(bytes[start] ?? 0) ? bytes.subarray(0, start) : bytes
}

/** The text of a line longer than the cap: its first `maxLineBytes`, cut at a character boundary. */
export function decodeCappedLine(bytes: Buffer, maxLineBytes: number): { text: string; cutBytes: number } {
  const kept = dropIncompleteTail(bytes.subarray(0, maxLineBytes))
  return { text: decoder.decode(kept), cutBytes: bytes.length - kept.length }
}

/** Collects lines into one SplitLines. */
function createBlockBuilder(from: number) {
  const texts: string[] = []
  const steps: number[] = []
  let details: Record<number, LineDetails> | undefined
  let end = from
  return {
    add(text: string, lineEnd: number, detail?: LineDetails) {
      if (detail) (details ??= {})[steps.length] = detail
      steps.push(lineEnd - end)
      end = lineEnd
      texts.push(text)
    },
    /** Lines whose texts are already joined, each followed by LF. */
    addJoined(text: string, lineEnds: number[]) {
      for (const lineEnd of lineEnds) {
        steps.push(lineEnd - end)
        end = lineEnd
      }
      texts.push(text.slice(0, -1))
    },
    build(): SplitLines | undefined {
      if (steps.length === 0) return undefined
      const block: SplitLines = { text: texts.join('\n') + '\n', from, steps }
      if (details) block.details = details
      return block
    },
  }
}

/** The text of one line's bytes (its LF excluded), cut to the cap; its CR is dropped when `isEnded`. */
function lineOf(bytes: Buffer, cutBytes: number, isEnded: boolean, maxLineBytes: number) {
  let kept = bytes
  if (isEnded && cutBytes === 0 && kept.at(-1) === 0x0d) kept = kept.subarray(0, -1)
  if (kept.length > maxLineBytes || cutBytes > 0) {
    const capped = decodeCappedLine(kept, maxLineBytes)
    return { text: sanitizeLineText(capped.text), cutBytes: capped.cutBytes + cutBytes }
  }
  return { text: sanitizeLineText(decoder.decode(kept)), cutBytes: 0 }
}

export function createLineSplitter(startOffset: number, maxLineBytes = defaultMaxLineBytes): LineSplitter {
  // The pending line: its kept bytes (at most the cap) and how many more were seen.
  let pending: Buffer[] = []
  let pendingBytes = 0
  let pendingCutBytes = 0
  let pendingStart = startOffset
  // The pending length last shown as partial: the same bytes are not shown twice.
  let shownPartialBytes = 0
  let offset = startOffset

  function append(bytes: Buffer): void {
    const room = maxLineBytes + 1 - pendingBytes
    if (room > 0) {
      // One byte past the cap is kept: it tells a trailing CR of a full-length line from a longer line.
      const kept = Buffer.from(bytes.subarray(0, room))
      pending.push(kept)
      pendingBytes += kept.length
    }
    pendingCutBytes += Math.max(0, bytes.length - Math.max(room, 0))
  }

  function takePending(): Buffer {
    const bytes = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    shownPartialBytes = 0
    return bytes
  }

  /** Whole lines: the block ends with LF. Decoded in one call unless a line is over the cap. */
  function addWholeLines(builder: ReturnType<typeof createBlockBuilder>, block: Buffer, blockOffset: number) {
    const ends: number[] = []
    let isLong = false
    let lineStart = 0
    for (let newline = block.indexOf(0x0a); newline !== -1; newline = block.indexOf(0x0a, newline + 1)) {
      if (newline - lineStart > maxLineBytes) isLong = true
      ends.push(blockOffset + newline + 1)
      lineStart = newline + 1
    }
    if (isLong) {
      // Rare: each line goes the careful way.
      let start = 0
      for (const end of ends) {
        const { text, cutBytes } = lineOf(block.subarray(start, end - blockOffset - 1), 0, true, maxLineBytes)
        builder.add(text, end, cutBytes > 0 ? { cutBytes } : undefined)
        start = end - blockOffset
      }
      return
    }
    const plain = plainText(block)
    if (plain !== undefined) return builder.addJoined(plain, ends)
    let text = decoder.decode(block)
    if (text.includes('\r')) text = text.replaceAll('\r\n', '\n')
    // Sanitizing keeps LF as it is: the line structure of the text is unchanged.
    builder.addJoined(sanitizeLineText(text), ends)
  }

  return {
    push(bytes, at) {
      if (at !== offset) throw new Error(`bytes at offset ${at} do not follow offset ${offset}`)
      offset = at + bytes.length
      const firstNewline = bytes.indexOf(0x0a)
      if (firstNewline === -1) {
        append(bytes)
        return undefined
      }
      const builder = createBlockBuilder(pendingStart)
      // The line begun in an earlier push ends here.
      append(bytes.subarray(0, firstNewline))
      const cut = pendingCutBytes
      pendingCutBytes = 0
      const first = lineOf(takePending(), cut, true, maxLineBytes)
      builder.add(first.text, at + firstNewline + 1, first.cutBytes > 0 ? { cutBytes: first.cutBytes } : undefined)
      const lastNewline = bytes.lastIndexOf(0x0a)
      if (lastNewline > firstNewline)
        addWholeLines(builder, bytes.subarray(firstNewline + 1, lastNewline + 1), at + firstNewline + 1)
      pendingStart = at + lastNewline + 1
      if (lastNewline + 1 < bytes.length) append(bytes.subarray(lastNewline + 1))
      return builder.build()
    },
    flushPartial() {
      if (pendingBytes === shownPartialBytes) return undefined
      let bytes: Buffer = Buffer.concat(pending, pendingBytes)
      // A CR may be the first half of CRLF, a sequence's last bytes may be yet to come: neither is shown.
      if (pendingCutBytes === 0) {
        if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1)
        bytes = dropIncompleteTail(bytes)
      }
      if (bytes.length === 0) return undefined
      shownPartialBytes = pendingBytes
      const { text, cutBytes } = lineOf(bytes, pendingCutBytes, false, maxLineBytes)
      const builder = createBlockBuilder(pendingStart)
      builder.add(text, pendingStart, cutBytes > 0 ? { isPartial: true, cutBytes } : { isPartial: true })
      return builder.build()
    },
    flushFinal() {
      if (pendingBytes === 0) return undefined
      const cut = pendingCutBytes
      pendingCutBytes = 0
      const { text, cutBytes } = lineOf(takePending(), cut, false, maxLineBytes)
      const builder = createBlockBuilder(pendingStart)
      builder.add(text, offset, cutBytes > 0 ? { cutBytes } : undefined)
      pendingStart = offset
      return builder.build()
    },
    get offset() {
      return offset
    },
    get pendingStartOffset() {
      return pendingStart
    },
  }
}
