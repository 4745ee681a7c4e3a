// Failures of Vigil's own writes reach the user: a full or read-only data folder (a small tmpfs mounted
// by the test; mounting needs root) answers the action that failed with storage_full (507) or
// storage_failed and the reason, shows on the core stream's storage status, and an export whose history
// entry could not be saved says so. An export cut short by a killed core is in the history as
// interrupted after the next start.
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportRoutes, type ExportHistoryEntry, type ExportJob } from '../../src/shared/export'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { routes, type StorageStatus } from '../../src/shared/protocol'
import { canMountTmpfs } from '../support/diskImages'
import { bearer, callCore, type TestResponse } from '../support/http'
import { connectSse } from '../support/sseClient'
import { makeDataDir, startTestCore, type TestCore } from '../support/testCore'

let folder: string
let running: TestCore | undefined

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-storage-'))
})
afterEach(async () => {
  await running?.core.dispose()
  running = undefined
  await rm(folder, { recursive: true, force: true })
})

/** A data folder on a tmpfs of its own (512 KiB), unmounted after the test. */
async function withDataFileSystem(test: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = join(folder, 'data')
  await mkdir(dataDir)
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dataDir])
  try {
    await test(dataDir)
  } finally {
    await running?.core.dispose()
    running = undefined
    // The recorder's database (libsql) lets go of its files only once collected: a lazy unmount waits for it.
    execFileSync('umount', ['--lazy', dataDir])
  }
}

/** Fills the file system holding `path` to the last byte. */
async function fill(path: string): Promise<void> {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${path}`, 'bs=4k'], { stdio: 'ignore' })
  } catch {
    // dd stops with "No space left on device": the disk is full, as intended.
  }
}

async function addSource(path: string): Promise<TestResponse> {
  return callCore(running!.core, 'POST', logRoutes.sources, { path })
}

describe.skipIf(!canMountTmpfs)('a data folder that cannot be written', () => {
  it('when full: the action answers 507 storage_full, the status line hears it, and an export says its history was lost', async () => {
    await withDataFileSystem(async (dataDir) => {
      running = await startTestCore({ dataDir })
      const stream = await connectSse(running.core.port, routes.coreStream, bearer(running.core.token))
      try {
        await stream.waitForEvent((event) => event.event === 'storage', 5000)
        const log = join(folder, 'app.log')
        await writeFile(log, 'one error\n')
        await fill(join(dataDir, 'filler'))

        const refused = await addSource(log)
        expect(refused.status).toBe(507)
        expect(refused.json()).toMatchObject({
          code: 'storage_full',
          message: expect.stringMatching(/could not save log-sources\.json: the disk holding .* is full/),
        })
        const status = await stream.waitForEvent(
          (event) => event.event === 'storage' && (event.data as StorageStatus).state === 'full',
          5000,
        )
        expect((status.data as { message: string }).message).toMatch(/is full/)
        expect(
          (await callCore(running.core, 'GET', logRoutes.sources)).json<LogSourceInfo[]>().map((source) => source.id),
        ).toEqual(['vigil', 'ingest'])
        expect((await callCore(running.core, 'PUT', routes.settings, { theme: 'dark' })).status).toBe(507)

        // An export still reaches the browser, but its history entry cannot be saved: it says so.
        const job = (
          await callCore(running.core, 'POST', exportRoutes.exports, {
            kind: 'chat',
            conversation: 'all',
            format: 'json',
          })
        ).json<ExportJob>()
        expect((await callCore(running.core, 'GET', `${exportRoutes.file}?id=${job.id}`)).status).toBe(200)
        const history = await stream.waitForEvent(
          (event) =>
            event.event === 'export-history' &&
            (event.data as ExportHistoryEntry[]).some((candidate) => candidate.id === job.id),
          5000,
        )
        const entry = (history.data as ExportHistoryEntry[]).find((candidate) => candidate.id === job.id)!
        expect(entry.error).toMatch(/history entry could not be saved.*is full/)

        // Space comes back: the next write succeeds and the status line clears.
        await rm(join(dataDir, 'filler'))
        expect((await addSource(log)).status).toBe(200)
        await stream.waitForEvent(
          (event) => event.event === 'storage' && (event.data as StorageStatus).state === 'ok',
          5000,
        )
      } finally {
        stream.close()
      }
    })
  })

  it('when read-only: the action answers storage_failed with the reason, never internal', async () => {
    await withDataFileSystem(async (dataDir) => {
      // Read-only from the start: a running core holds its recorder's database open for writing, and a
      // file system with a file open for writing cannot be made read-only under it. (Its folders are made
      // first, as a core that ran there before would have left them.)
      await mkdir(join(dataDir, 'conversations'))
      execFileSync('mount', ['-o', 'remount,ro', dataDir])
      running = await startTestCore({ dataDir })
      const log = join(folder, 'app.log')
      await writeFile(log, 'one error\n')
      const refused = await addSource(log)
      expect(refused.json()).toMatchObject({
        code: 'storage_failed',
        message: expect.stringMatching(/could not save log-sources\.json: .* is on a read-only file system/),
      })
      expect(running.core.exports.history()).toEqual([])
    })
  })
})

describe('an export cut short by a killed core', () => {
  it('is in the history as interrupted after the next start, for a browser download too', async () => {
    const dataDir = await makeDataDir()
    const log = join(folder, 'big.log')
    await writeFile(log, `${'error something happened here, and more text to fill the line\n'.repeat(300_000)}`)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../support/coreChild.ts', import.meta.url)), dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let job: ExportJob
    try {
      const core = await new Promise<{ port: number; token: string }>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          const match = /listening (\d+) (\S+)/.exec(chunk.toString())
          if (match) resolve({ port: Number(match[1]), token: match[2]! })
        })
        child.once('exit', () => reject(new Error('the core exited early')))
      })
      const source = (await callCore(core, 'POST', logRoutes.sources, { path: log })).json<LogSourceInfo>()
      job = (
        await callCore(core, 'POST', exportRoutes.exports, {
          kind: 'logs',
          sources: [{ id: source.id, range: { kind: 'all' } }],
        })
      ).json<ExportJob>()
      // The download starts; its reader stops reading after the first bytes, and the core is killed.
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port: core.port,
            path: `${exportRoutes.file}?id=${job.id}`,
            headers: bearer(core.token),
            agent: false,
          },
          (response) => {
            response.once('data', () => {
              response.pause()
              resolve()
            })
            response.on('error', () => undefined)
          },
        )
        request.on('error', reject)
        request.end()
      })
    } finally {
      child.kill('SIGKILL')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    }
    running = await startTestCore({ dataDir })
    const entry: ExportHistoryEntry | undefined = running.core.exports
      .history()
      .find((candidate) => candidate.id === job.id)
    expect(entry).toMatchObject({ state: 'interrupted', kind: 'logs', error: expect.stringMatching(/Vigil stopped/) })
    await running.dispose()
    running = undefined
  }, 60_000)
})
