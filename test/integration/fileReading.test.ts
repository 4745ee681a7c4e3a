// Reading the end of a big file backwards, and byte ranges as lines, on real files.
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findLineStart, findTailStart, readBlocks } from '../../src/main/logs/fileReading'

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-read-'))
})
afterAll(() => rm(folder, { recursive: true, force: true }))

/** A handle that counts the bytes read through it. */
function counting(handle: FileHandle): { handle: FileHandle; bytesRead: () => number } {
  let total = 0
  const proxy = new Proxy(handle, {
    get(target, property) {
      if (property === 'read') {
        return async (buffer: Buffer, offset: number, length: number, position: number) => {
          const result = await target.read(buffer, offset, length, position)
          total += result.bytesRead
          return result
        }
      }
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { handle: proxy, bytesRead: () => total }
}

describe('reading a log file by offset', () => {
  it('finds the last 1,000 lines of a 200 MB file by reading about their size from the end', async () => {
    const path = join(folder, 'big.log')
    const writer = await open(path, 'w')
    const lineOf = (index: number) => `${String(index).padStart(9, '0')} ${'y'.repeat(109)}\n`
    const linesPerChunk = 10_000
    const chunkCount = 175
    for (let chunk = 0; chunk < chunkCount; chunk += 1) {
      let text = ''
      for (let line = 0; line < linesPerChunk; line += 1) text += lineOf(chunk * linesPerChunk + line)
      await writer.write(text)
    }
    await writer.close()
    const totalLines = chunkCount * linesPerChunk
    const file = await open(path, 'r')
    try {
      const { size } = await file.stat()
      expect(size).toBeGreaterThan(200 * 1000 * 1000)
      const { handle, bytesRead } = counting(file)
      const start = await findTailStart(handle, size, 1000)
      const lines: string[] = []
      for await (const block of readBlocks(handle, start, size)) lines.push(...block.text.split('\n').slice(0, -1))
      expect(lines).toHaveLength(1000)
      expect(lines[0]).toBe(lineOf(totalLines - 1000).trimEnd())
      expect(lines.at(-1)).toBe(lineOf(totalLines - 1).trimEnd())
      // 1,000 lines of 120 bytes, read twice (find, then read), in 64 KiB steps: far from 200 MB.
      expect(bytesRead()).toBeLessThan(1024 * 1024)
    } finally {
      await file.close()
    }
  }, 60_000)

  it('handles files shorter than asked, with or without a final LF, and empty ones', async () => {
    const path = join(folder, 'short.log')
    for (const [text, expected] of [
      ['a\nb\nc\n', ['a', 'b', 'c']],
      ['a\nb\nc', ['a', 'b']],
      ['', []],
    ] as const) {
      await writeFile(path, text)
      const file = await open(path, 'r')
      const { size } = await file.stat()
      const start = await findTailStart(file, size, 10)
      let texts = ''
      for await (const block of readBlocks(file, start, size)) texts += block.text
      expect(texts.split('\n').slice(0, -1), JSON.stringify(text)).toEqual(expected)
      await file.close()
    }
  })

  it('finds where the line under an offset starts', async () => {
    const path = join(folder, 'starts.log')
    await writeFile(path, 'first\nsecond\nthird')
    const file = await open(path, 'r')
    expect(await findLineStart(file, 0)).toBe(0)
    expect(await findLineStart(file, 3)).toBe(0)
    expect(await findLineStart(file, 6)).toBe(6)
    expect(await findLineStart(file, 9)).toBe(6)
    expect(await findLineStart(file, 18)).toBe(13)
    await file.close()
  })
})
