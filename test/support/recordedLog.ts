// For the time cursor's tests: a log file a core follows and records, the moment route, and polling.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { recorderRoutes } from '../../src/shared/recorder'
import { bearer, send, type TestResponse } from './http'
import type { TestCore } from './testCore'

/** The recorder's intervals for tests: samples, writes and process snapshots a few times a second. */
export const quickRecording = { sampleIntervalMs: 250, recorderFlushIntervalMs: 200, recorderProcessIntervalMs: 250 }

/** Polls `condition` until it holds; throws after `timeoutMs`. Never a timing assertion: only a bound. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** An empty app.log in a fresh folder, added to the core as a source; `remove` deletes the folder. */
export async function addLogFile(running: TestCore): Promise<{ path: string; id: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'vigil-moment-'))
  const path = join(folder, 'app.log')
  await writeFile(path, '')
  const added = await send(running.core.port, logRoutes.sources, {
    method: 'POST',
    headers: { ...bearer(running.core.token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ path }),
  })
  return { path, id: added.json<LogSourceInfo>().id, remove: () => rm(folder, { recursive: true, force: true }) }
}

/** GET /api/recorder/moment with the query as given. */
export function getMoment(running: TestCore, query: string): Promise<TestResponse> {
  return send(running.core.port, `${recorderRoutes.moment}?${query}`, { headers: bearer(running.core.token) })
}
