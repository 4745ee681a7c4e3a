// One process in detail (its command line, read only when the user asks) and the signals the user may
// send it from the process list: TERM to ask it to end, KILL to end it. Vigil signals only what the
// user could signal from a terminal: processes of its own user, any process when it runs as root; never
// process 1 and never itself. The refusal says why, before the user confirms anything.
import { userInfo } from 'node:os'
import si from 'systeminformation'
import { VigilError } from '../../shared/errors'
import type { ProcessDetails, ProcessSignal } from '../../shared/protocol'
import { parseCommandLine, parseProcessStat, parseProcessStatus, readUsers, stateName } from './linux/processes'
import { tryReadProcText } from './linux/procText'

export interface SignalSender {
  pid: number
  /** -1 where the system has no user ids (Windows). */
  uid: number
  user: string
}

/** Why Vigil must not signal this process, or undefined when it may. */
export function signalRefusal(
  target: { pid: number; uid: number; user: string },
  self: SignalSender,
): string | undefined {
  if (target.pid === 1) return 'Process 1 starts and keeps the system running: Vigil never signals it.'
  if (target.pid === self.pid) return 'This is Vigil itself: quit it from its window or its tray icon.'
  if (self.uid === 0) return undefined
  const isOwn = self.uid === -1 ? target.user === self.user : target.uid === self.uid
  return isOwn
    ? undefined
    : `It belongs to ${target.user}; Vigil runs as ${self.user} and may signal only that user’s processes.`
}

function notFound(pid: number): VigilError {
  return new VigilError('not_found', `There is no process ${pid} (it may have ended).`)
}

type Described = ProcessDetails & { uid: number }

async function describeOnLinux(pid: number): Promise<Described> {
  const stat = tryReadProcText(`/proc/${pid}/stat`)
  const status = stat && tryReadProcText(`/proc/${pid}/status`)
  if (!stat || !status) throw notFound(pid)
  const { name, uid } = parseProcessStatus(status)
  const { state, ppid } = parseProcessStat(stat)
  const users = await readUsers()
  return {
    pid,
    ppid,
    name,
    uid,
    user: users.get(uid) ?? String(uid),
    state: stateName(state),
    commandLine: parseCommandLine(tryReadProcText(`/proc/${pid}/cmdline`) ?? ''),
  }
}

async function describeElsewhere(pid: number): Promise<Described> {
  const entry = (await si.processes()).list.find((candidate) => candidate.pid === pid)
  if (!entry) throw notFound(pid)
  return {
    pid,
    ppid: entry.parentPid,
    name: entry.name,
    uid: -1,
    user: entry.user,
    state: entry.state,
    commandLine: [entry.path, entry.command, entry.params].filter(Boolean).join(' '),
  }
}

export interface ProcessActions {
  details(pid: number): Promise<ProcessDetails>
  /** Sends the signal after the same check the details show; throws a domain error saying why not. */
  signal(pid: number, signal: ProcessSignal): Promise<{ pid: number; signal: ProcessSignal }>
}

export function createProcessActions(
  self: SignalSender = currentSender(),
  kill: (pid: number, signal: NodeJS.Signals) => void = process.kill,
): ProcessActions {
  const describe = process.platform === 'linux' ? describeOnLinux : describeElsewhere
  async function details(pid: number): Promise<ProcessDetails> {
    const { uid, ...described } = await describe(pid)
    const cannotSignal = signalRefusal({ pid, uid, user: described.user }, self)
    return cannotSignal === undefined ? described : { ...described, cannotSignal }
  }
  return {
    details,
    async signal(pid, signal) {
      const { cannotSignal } = await details(pid)
      if (cannotSignal !== undefined) throw new VigilError('forbidden', cannotSignal)
      try {
        kill(pid, `SIG${signal}`)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ESRCH') throw notFound(pid)
        if (code === 'EPERM')
          throw new VigilError('forbidden', `The system refused to signal process ${pid}: it is not Vigil’s to end.`)
        throw error
      }
      return { pid, signal }
    },
  }
}

function currentSender(): SignalSender {
  const { uid, username } = userInfo()
  return { pid: process.pid, uid, user: username }
}
