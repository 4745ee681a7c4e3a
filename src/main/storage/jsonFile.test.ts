import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { loadJsonFile, removeStaleTemporaryFiles, writeFileAtomic } from './jsonFile'

const schema = z.strictObject({ count: z.number() })
let folder: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-json-'))
})
afterEach(() => rm(folder, { recursive: true, force: true }))

describe('atomic JSON files', () => {
  it('writes the whole file and leaves no temporary file behind', async () => {
    const path = join(folder, 'nested', 'state.json')
    await writeFileAtomic(path, '{"count":1}')
    await writeFileAtomic(path, '{"count":2}')
    expect(await readFile(path, 'utf8')).toBe('{"count":2}')
    expect(await readdir(join(folder, 'nested'))).toEqual(['state.json'])
  })

  it('removes its temporary file when the write fails', async () => {
    // A folder where the file should be: the final rename fails after the temporary file was written.
    await mkdir(join(folder, 'state.json'))
    await expect(writeFileAtomic(join(folder, 'state.json'), '{"count":1}')).rejects.toThrow()
    expect(await readdir(folder)).toEqual(['state.json'])
  })

  it('removes the temporary files of processes that no longer run, in subfolders too, and nothing else', async () => {
    await mkdir(join(folder, 'conversations'))
    const dead = ['.secrets.json.999999999.0123456789ab.tmp', 'conversations/.c1.json.999999998.abcdefabcdef.tmp']
    const kept = [
      `.settings.json.${process.pid}.0123456789ab.tmp`,
      '.notes.tmp',
      'conversations/c1.json',
      'backup.999999999.0123456789ab.tmp',
    ]
    for (const name of [...dead, ...kept]) await writeFile(join(folder, name), 'x')
    await removeStaleTemporaryFiles(folder)
    expect((await readdir(folder, { recursive: true })).map(String).sort()).toEqual(['conversations', ...kept].sort())
  })

  it('loads a valid file, and gives the fallback for a missing one', async () => {
    const path = join(folder, 'state.json')
    expect(await loadJsonFile(path, schema, { count: 0 })).toEqual({ status: 'missing', value: { count: 0 } })
    await writeFile(path, '{"count":7}')
    expect(await loadJsonFile(path, schema, { count: 0 })).toEqual({ status: 'loaded', value: { count: 7 } })
  })

  it.each([
    ['broken JSON', '{"count":', /JSON/],
    ['the wrong shape', '{"count":"seven"}', /count/],
  ])('moves a file with %s aside, keeps its bytes, and says why', async (_name, contents, reason) => {
    const path = join(folder, 'state.json')
    await writeFile(path, contents)
    const result = await loadJsonFile(path, schema, { count: 0 }, () => Date.UTC(2026, 10, 24, 10, 15))
    expect(result.status).toBe('moved-aside')
    if (result.status !== 'moved-aside') return
    expect(result.value).toEqual({ count: 0 })
    expect(result.reason).toMatch(reason)
    expect(result.movedTo).toBe(`${path}.corrupt-2026-11-24T10-15-00-000Z`)
    expect(await readFile(result.movedTo, 'utf8')).toBe(contents)
    expect(await readdir(folder)).toEqual(['state.json.corrupt-2026-11-24T10-15-00-000Z'])
  })
})
