// Reading parts of a log file by offset: where a line starts, the last N lines (backwards from the end,
// so a 2 GB file opens at once), and a byte range as lines (catch-up and re-reading what was skipped).
import type { FileHandle } from 'node:fs/promises'
import { createLineSplitter, defaultMaxLineBytes, type SplitLines } from './lineSplitter'

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

/**
 * The complete lines in [fromOffset, toOffset), block by block (one block per read of `chunkBytes`):
 * `toOffset` must be a line start (or the end of a line). With `isFinal`, a last line without LF is
 * given too (the rest of a file that will not grow any more).
 */
export async function* readBlocks(
  handle: FileHandle,
  fromOffset: number,
  toOffset: number,
  { isFinal = false, chunkBytes = 64 * 1024, maxLineBytes = defaultMaxLineBytes } = {},
): AsyncGenerator<SplitLines> {
  const splitter = createLineSplitter(fromOffset, maxLineBytes)
  const buffer = Buffer.allocUnsafe(chunkBytes)
  while (splitter.offset < toOffset) {
    const length = Math.min(buffer.length, toOffset - splitter.offset)
    const { bytesRead } = await handle.read(buffer, 0, length, splitter.offset)
    if (bytesRead === 0) break
    const lines = splitter.push(buffer.subarray(0, bytesRead), splitter.offset)
    if (lines) yield lines
  }
  const last = isFinal ? splitter.flushFinal() : undefined
  if (last) yield last
}
