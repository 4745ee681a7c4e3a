// Reading parts of a log file by offset: where a line starts, the last N lines (backwards from the end,
// so a 2 GB file opens at once), and a byte range as lines (catch-up and re-reading what was skipped).
import type { FileHandle } from 'node:fs/promises'
import { createLineSplitter, defaultMaxLineBytes, type SplitLine } from './lineSplitter'

const backwardChunkBytes = 64 * 1024

/**
 * Walks back from `endOffset` and returns the offset just after the `count`-th LF found (0 if there are
 * fewer), ignoring an LF at `endOffset - 1`, which ends the last line rather than starting one.
 */
async function offsetAfterNewlines(handle: FileHandle, endOffset: number, count: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(backwardChunkBytes)
  let found = 0
  let position = endOffset
  while (position > 0) {
    const length = Math.min(backwardChunkBytes, position)
    position -= length
    const { bytesRead } = await handle.read(buffer, 0, length, position)
    for (let index = bytesRead - 1; index >= 0; index -= 1) {
      if (buffer[index] !== 0x0a || position + index === endOffset - 1) continue
      found += 1
      if (found === count) return position + index + 1
    }
  }
  return 0
}

/** The start of the line that `offset` falls in: after the last LF before it. */
export async function findLineStart(handle: FileHandle, offset: number): Promise<number> {
  if (offset === 0) return 0
  const buffer = Buffer.alloc(1)
  await handle.read(buffer, 0, 1, offset - 1)
  // Already at a line start when the byte before is an LF.
  return buffer[0] === 0x0a ? offset : offsetAfterNewlines(handle, offset, 1)
}

/** Where the last `lineCount` complete lines before `endOffset` begin. */
export function findTailStart(handle: FileHandle, endOffset: number, lineCount: number): Promise<number> {
  if (lineCount <= 0) return Promise.resolve(endOffset)
  return offsetAfterNewlines(handle, endOffset, lineCount)
}

/** The complete lines in [fromOffset, toOffset): `toOffset` must be a line start (or the end of a line). */
export async function readLines(
  handle: FileHandle,
  fromOffset: number,
  toOffset: number,
  maxLineBytes = defaultMaxLineBytes,
): Promise<SplitLine[]> {
  const splitter = createLineSplitter(fromOffset, maxLineBytes)
  const lines: SplitLine[] = []
  const buffer = Buffer.allocUnsafe(256 * 1024)
  while (splitter.offset < toOffset) {
    const length = Math.min(buffer.length, toOffset - splitter.offset)
    const { bytesRead } = await handle.read(buffer, 0, length, splitter.offset)
    if (bytesRead === 0) break
    lines.push(...splitter.push(Buffer.from(buffer.subarray(0, bytesRead)), splitter.offset))
  }
  return lines
}
