import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { builtInSources, type LineBatch } from '../../shared/logs'
import { levelCounts, type LineTally } from '../../shared/recorder'
import { createLogger } from '../logger'
import { followAllSources, tallyBatch } from './followAll'
import { createMemorySource } from './memorySource'
import { createSourceRegistry } from './sourceRegistry'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('tallyBatch', () => {
  it('counts whole lines by their stated or shown level, up to the end of the last whole one', () => {
    const batch: LineBatch = {
      source: 'f1',
      base: 'dev-ino',
      from: 100,
      text: 'ERROR disk full\n{"level":"warn","msg":"slow"}\nplain line\nstated\npartial INFO\n',
      steps: [16, 31, 11, 7, 0],
      details: { 3: { level: 'debug' }, 4: { isPartial: true } },
    }
    expect(tallyBatch(batch)).toEqual({
      source: 'f1',
      position: 'dev-ino.165',
      levels: levelCounts({ error: 1, warn: 1, unleveled: 1, debug: 1 }),
    })
  })

  it('has nothing to count in a batch of one partial line', () => {
    const batch: LineBatch = {
      source: 'f1',
      base: 'b',
      from: 0,
      text: 'half\n',
      steps: [0],
      details: { 0: { isPartial: true } },
    }
    expect(tallyBatch(batch)).toBeUndefined()
  })
})

describe('followAllSources', () => {
  it('follows each source once for every listener, and lets go after the last one leaves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-follow-all-'))
    dirs.push(dataDir)
    const ingest = createMemorySource(builtInSources.ingest, 'e', 100)
    const registry = await createSourceRegistry({
      dataDir,
      logger: createLogger(() => undefined),
      vigilLog: createMemorySource(builtInSources.vigil, 'e', 100),
      ingest,
    })
    const acquire = vi.spyOn(registry, 'acquire')
    const follow = followAllSources(
      registry,
      createLogger(() => undefined),
    )
    const first: LineTally[] = []
    const second: LineTally[] = []
    const stopFirst = follow((tally) => first.push(tally))
    const stopSecond = follow((tally) => second.push(tally))
    await vi.waitFor(() => expect(acquire.mock.calls.map(([id]) => id).sort()).toEqual(['ingest', 'vigil']))

    ingest.append([{ text: 'a line that says error' }, { text: 'calm', level: 'info' }])
    const expected = { source: 'ingest', levels: levelCounts({ error: 1, info: 1 }), position: expect.any(String) }
    expect(first).toEqual([expected])
    expect(second).toEqual([expected])

    stopFirst()
    ingest.append([{ text: 'more' }])
    expect(first).toHaveLength(1)
    expect(second).toHaveLength(2)
    stopSecond()
    ingest.append([{ text: 'unheard' }])
    expect(second).toHaveLength(2)
    expect(acquire).toHaveBeenCalledTimes(2)
    await registry.dispose()
  })
})
