import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openProcFile, type ProcFile } from './procText'

let file: ProcFile | undefined
let folder: string | undefined
afterEach(async () => {
  file?.close()
  if (folder) await rm(folder, { recursive: true, force: true })
  file = folder = undefined
})

describe('a counter file kept open', () => {
  const textOf = (file: ProcFile): string => file.read().toString('utf8')

  it('reads a seq_file longer than a page whole, as readFileSync does', () => {
    file = openProcFile('/proc/self/maps')
    const text = textOf(file)
    expect(text.length).toBeGreaterThan(8192)
    expect(text.endsWith('\n')).toBe(true)
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => /^[0-9a-f]+-[0-9a-f]+ /.test(line)),
    ).toBe(true)
  })

  it('gives the text as it is now at every read, from the start, whatever its length', async () => {
    folder = await mkdtemp(join(tmpdir(), 'vigil-proc-file-'))
    const path = join(folder, 'counters')
    await writeFile(path, 'first 1\n')
    file = openProcFile(path)
    expect(textOf(file)).toBe('first 1\n')
    const longer = 'é line of counters 1234567890\n'.repeat(600)
    await writeFile(path, longer)
    expect(textOf(file)).toBe(longer)
    expect(textOf(file)).toBe(readFileSync(path, 'utf8'))
  })

  it('opens again after close, and a missing file throws at the read', () => {
    file = openProcFile('/proc/self/stat')
    expect(textOf(file)).toMatch(/^\d+ \(/)
    file.close()
    expect(textOf(file)).toMatch(/^\d+ \(/)
    expect(() => openProcFile('/proc/vigil-no-such-file').read()).toThrow(/ENOENT/)
  })
})
