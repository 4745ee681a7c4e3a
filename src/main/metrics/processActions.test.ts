// Process details and signals against real processes this test starts (and ends, by their pid).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createProcessActions, signalRefusal } from './processActions'
import { matchesFilter } from './processMonitor'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill()
})

function startSleeper(): ChildProcess {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' })
  children.push(child)
  return child
}

const root = { pid: 999_999, uid: 0, user: 'root' }
const ana = { pid: 999_999, uid: 1000, user: 'ana' }

describe('who may be signalled', () => {
  it('never process 1 nor Vigil itself; a user only their own processes; root any other', () => {
    expect(signalRefusal({ pid: 1, uid: 0, user: 'root' }, root)).toMatch(/Process 1 .* never signals it/)
    expect(signalRefusal({ pid: 999_999, uid: 0, user: 'root' }, root)).toMatch(/This is Vigil itself/)
    expect(signalRefusal({ pid: 4242, uid: 33, user: 'www-data' }, root)).toBeUndefined()
    expect(signalRefusal({ pid: 4242, uid: 1000, user: 'ana' }, ana)).toBeUndefined()
    expect(signalRefusal({ pid: 4242, uid: 33, user: 'www-data' }, ana)).toBe(
      'It belongs to www-data; Vigil runs as ana and may signal only that user’s processes.',
    )
    // Windows has no user ids: the user's name decides.
    const windowsUser = { pid: 999_999, uid: -1, user: 'ana' }
    expect(signalRefusal({ pid: 4242, uid: -1, user: 'ana' }, windowsUser)).toBeUndefined()
    expect(signalRefusal({ pid: 4242, uid: -1, user: 'SYSTEM' }, windowsUser)).toMatch(/belongs to SYSTEM/)
  })
})

describe.runIf(process.platform === 'linux')('a real process', () => {
  it('is described with its parent and command line, and says when it may not be signalled', async () => {
    const child = startSleeper()
    const sameUser = createProcessActions({ pid: process.pid, uid: process.getuid!(), user: 'me' })
    const details = await sameUser.details(child.pid!)
    expect(details).toMatchObject({ pid: child.pid, ppid: process.pid, name: 'sleep', commandLine: 'sleep 600' })
    expect(details.cannotSignal).toBeUndefined()
    const otherUser = createProcessActions({ pid: process.pid, uid: process.getuid!() + 1, user: 'someone' })
    expect((await otherUser.details(child.pid!)).cannotSignal).toMatch(/^It belongs to /)
    await expect(otherUser.signal(child.pid!, 'KILL')).rejects.toMatchObject({ code: 'forbidden' })
    expect(child.exitCode).toBeNull()
  })

  it('ends with TERM or KILL when allowed', async () => {
    const actions = createProcessActions({ pid: process.pid, uid: process.getuid!(), user: 'me' })
    for (const signal of ['TERM', 'KILL'] as const) {
      const child = startSleeper()
      const ended = once(child, 'exit')
      expect(await actions.signal(child.pid!, signal)).toEqual({ pid: child.pid, signal })
      const [, signalCode] = await ended
      expect(signalCode).toBe(`SIG${signal}`)
    }
  })

  it('answers not found for a process that ended, and passes the system’s refusal on', async () => {
    const child = startSleeper()
    const pid = child.pid!
    child.kill('SIGKILL')
    await once(child, 'exit')
    const actions = createProcessActions({ pid: process.pid, uid: 0, user: 'root' })
    await expect(actions.details(pid)).rejects.toMatchObject({ code: 'not_found' })

    const alive = startSleeper()
    const refusing = createProcessActions({ pid: process.pid, uid: 0, user: 'root' }, () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' })
    })
    await expect(refusing.signal(alive.pid!, 'TERM')).rejects.toMatchObject({ code: 'forbidden' })
    const vanished = vi.fn(() => {
      throw Object.assign(new Error('no such process'), { code: 'ESRCH' })
    })
    await expect(createProcessActions(root, vanished).signal(alive.pid!, 'TERM')).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})

describe('the process filter', () => {
  const info = { pid: 4242, ppid: 1, name: 'PostgreSQL', user: 'postgres', cpuPct: 0, memBytes: 0, state: 'sleeping' }
  it('matches name or user in any case, or the whole pid', () => {
    expect(matchesFilter(info, '')).toBe(true)
    expect(matchesFilter(info, 'postgresql')).toBe(true)
    expect(matchesFilter(info, 'GRES')).toBe(true)
    expect(matchesFilter(info, '4242')).toBe(true)
    expect(matchesFilter(info, '424')).toBe(false)
    expect(matchesFilter(info, 'nginx')).toBe(false)
  })
})
