// For the recorder's tests: a core recording often with a log file it follows, a busy child process, the
// moment route, and polling.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { recorderRoutes } from '../../src/shared/recorder'
import { bearer, send, type TestResponse } from './http'
import { startTestCore, type TestCore } from './testCore'

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

/** Undone after each test, last first. */
export type Cleanups = (() => void | Promise<void>)[]

/** A core recording often (quickRecording) with a log file it follows; both undone by `cleanups`. */
export async function coreWithLogFile(cleanups: Cleanups): Promise<{ running: TestCore; path: string; id: string }> {
  const running = await startTestCore(quickRecording)
  cleanups.push(() => running.dispose())
  const { path, id, remove } = await addLogFile(running)
  cleanups.push(remove)
  return { running, path, id }
}

/** A child that keeps a core busy until `cleanups` kill it: the process a snapshot should rank first. */
export function startBusyLoop(cleanups: Cleanups): ChildProcess {
  const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
  cleanups.push(() => void spinner.kill('SIGKILL'))
  return spinner
}
