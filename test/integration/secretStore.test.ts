// The plain-Node secret store on a real data folder: what it keeps, where, and that a key is read from
// memory once known (every answer reads its provider's key before the request goes upstream).
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../src/main/settings/secretStore'
import { makeDataDir } from '../support/testCore'

let dataDir: string
beforeEach(async () => {
  dataDir = await makeDataDir()
})
afterEach(() => rm(dataDir, { recursive: true, force: true }))

describe('the file secret store', () => {
  it('keeps secrets in secrets.json, where a new store finds them', async () => {
    const store = createFileSecretStore(dataDir)
    await store.set('provider.a', 'sk-one')
    await store.set('provider.b', 'sk-two')
    await store.delete('provider.a')
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toEqual({ 'provider.b': 'sk-two' })
    const reopened = createFileSecretStore(dataDir)
    expect(await reopened.get('provider.b')).toBe('sk-two')
    expect(await reopened.get('provider.a')).toBeUndefined()
  })

  it('answers from memory once it has read the file: before the event loop turns', async () => {
    const store = createFileSecretStore(dataDir)
    await store.set('provider.a', 'sk-one')
    let hasLoopTurned = false
    setImmediate(() => (hasLoopTurned = true))
    expect(await store.get('provider.a')).toBe('sk-one')
    expect(hasLoopTurned).toBe(false)
  })
})
