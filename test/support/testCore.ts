// A real core on 127.0.0.1:0 with its own temporary data folder, for integration and end-to-end tests.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
import type { LogEntry } from '../../src/main/logger'

export const fixtureUiDir = fileURLToPath(new URL('../fixtures/ui', import.meta.url))
export const builtUiDir = fileURLToPath(new URL('../../out/renderer', import.meta.url))

export interface TestCore {
  core: Core
  dataDir: string
  logs: LogEntry[]
  /** Stops the core and removes its data folder. */
  dispose(): Promise<void>
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'vigil-test-'))
}

export async function startTestCore(config: Partial<CoreConfig> = {}): Promise<TestCore> {
  const dataDir = config.dataDir ?? (await makeDataDir())
  const logs: LogEntry[] = []
  const core = await createCore({
    staticDir: fixtureUiDir,
    mode: 'browser',
    logSink: (entry) => logs.push(entry),
    ...config,
    dataDir,
  })
  return {
    core,
    dataDir,
    logs,
    async dispose() {
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
