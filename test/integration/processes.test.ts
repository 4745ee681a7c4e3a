// The process list's routes over real HTTP against a real core: filter and limit, one process in detail
// with its command line, and TERM or KILL to a real process this test started (ended by its pid after).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { routes, type ProcessDetails, type ProcessList } from '../../src/shared/protocol'
import { bearer, send } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
const children: ChildProcess[] = []

beforeAll(async () => {
  running = await startTestCore()
})
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill()
})
afterAll(() => running.dispose())

const get = (path: string) => send(running.core.port, path, { headers: bearer(running.core.token) })
const post = (path: string) => send(running.core.port, path, { method: 'POST', headers: bearer(running.core.token) })

function startSleeper(): ChildProcess {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' })
  children.push(child)
  return child
}

describe.runIf(process.platform === 'linux')('the process routes', () => {
  it('filter the whole table, not only the top of it, and honour the limit', async () => {
    const sleepers = [startSleeper(), startSleeper()]
    const answer = (await get(`${routes.processes}?filter=SLEEP&limit=2000`)).json<ProcessList>()
    expect(answer.matched).toBeGreaterThanOrEqual(2)
    expect(answer.total).toBeGreaterThan(answer.matched)
    expect(answer.processes.every((process) => /sleep/i.test(process.name) || /sleep/i.test(process.user))).toBe(true)
    const pids = answer.processes.map((process) => process.pid)
    for (const sleeper of sleepers) expect(pids).toContain(sleeper.pid)
    expect(answer.processes.find((process) => process.pid === sleepers[0]!.pid)!.ppid).toBe(process.pid)
    expect((await get(`${routes.processes}?limit=1`)).json<ProcessList>().processes).toHaveLength(1)
  })

  it('describe one process and end it with TERM when asked', async () => {
    const sleeper = startSleeper()
    const details = (await get(`${routes.process}?pid=${sleeper.pid}`)).json<ProcessDetails>()
    expect(details).toMatchObject({ pid: sleeper.pid, name: 'sleep', commandLine: 'sleep 600' })
    expect(details.cannotSignal).toBeUndefined()
    const ended = once(sleeper, 'exit')
    const answer = await post(`${routes.processSignal}?pid=${sleeper.pid}&signal=TERM`)
    expect(answer.json()).toEqual({ pid: sleeper.pid, signal: 'TERM' })
    expect((await ended)[1]).toBe('SIGTERM')
    const gone = await post(`${routes.processSignal}?pid=${sleeper.pid}&signal=KILL`)
    expect([gone.status, gone.json<{ message: string }>().message]).toEqual([
      404,
      `There is no process ${sleeper.pid} (it may have ended).`,
    ])
  })

  it('refuse process 1 and Vigil itself, and bad input, saying why', async () => {
    const first = await post(`${routes.processSignal}?pid=1&signal=KILL`)
    expect([first.status, first.json<{ message: string }>().message]).toEqual([
      403,
      'Process 1 starts and keeps the system running: Vigil never signals it.',
    ])
    expect((await get(`${routes.process}?pid=1`)).json<ProcessDetails>().cannotSignal).toMatch(/^Process 1/)
    const itself = await post(`${routes.processSignal}?pid=${process.pid}&signal=TERM`)
    expect(itself.status).toBe(403)
    for (const [path, message] of [
      [`${routes.processSignal}?pid=abc&signal=TERM`, /pid/],
      [`${routes.processSignal}?pid=2&signal=HUP`, /signal must be TERM or KILL/],
      [`${routes.processes}?limit=0`, /limit must be at least 1/],
      [`${routes.processes}?filter=${'x'.repeat(201)}`, /filter must be at most 200 characters/],
    ] as const) {
      const answer = path.startsWith(routes.processSignal) ? await post(path) : await get(path)
      expect(answer.status).toBe(400)
      expect(answer.json<{ message: string }>().message).toMatch(message)
    }
  })
})
