// The process table on Linux, read from /proc/PID/stat and /proc/PID/status: two small reads per
// process, no child process (systeminformation's processes() spawns one per process).
import { readdir, readFile } from 'node:fs/promises'
import type { ProcessInfo } from '../../../shared/protocol'
import { tryReadProcText } from './procText'

/** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux architecture in use. */
export const clockTicksPerSecond = 100

export interface ProcessSample {
  pid: number
  ppid: number
  name: string
  uid: number
  state: string
  cpuTicks: number
  memBytes: number
}

const stateNames: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk wait',
  Z: 'zombie',
  T: 'stopped',
  t: 'traced',
  I: 'idle',
  X: 'dead',
}

/** /proc/PID/stat: "pid (comm) state …"; comm may hold spaces and parentheses, so fields count from the last ')'. */
export function parseProcessStat(text: string): { state: string; ppid: number; cpuTicks: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // After comm: state is field 3 of proc(5), ppid 4, utime 14, stime 15.
  return { state: fields[0] ?? '?', ppid: Number(fields[1]) || 0, cpuTicks: Number(fields[11]) + Number(fields[12]) }
}

/** /proc/PID/cmdline: the arguments, each ended by a NUL; empty for kernel threads. */
export function parseCommandLine(bytes: string): string {
  return bytes.replace(/\0+$/, '').replaceAll('\0', ' ')
}

export function stateName(state: string): string {
  return stateNames[state] ?? state
}

export function parseProcessStatus(text: string): { name: string; uid: number; memBytes: number } {
  const name = /^Name:\t(.*)$/m.exec(text)?.[1] ?? '?'
  const uid = Number(/^Uid:\t(\d+)/m.exec(text)?.[1] ?? -1)
  // Kernel threads have no VmRSS line: they use no memory of their own.
  const memBytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(text)?.[1] ?? 0) * 1024
  return { name, uid, memBytes }
}

/** /etc/passwd: name:x:uid:… */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>()
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':')
    if (name && uid !== undefined && /^\d+$/.test(uid)) users.set(Number(uid), name)
  }
  return users
}

/** Processes read per turn of the event loop: about 30 µs each, so a slice stays well under a millisecond. */
const processesPerSlice = 32

export async function readProcessSamples(): Promise<ProcessSample[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))
  const samples: ProcessSample[] = []
  for (let start = 0; start < pids.length; start += processesPerSlice) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve))
    for (const pid of pids.slice(start, start + processesPerSlice)) {
      // A process may end between the listing and the reads: it is simply left out.
      const stat = tryReadProcText(`/proc/${pid}/stat`)
      const status = stat && tryReadProcText(`/proc/${pid}/status`)
      if (stat && status) samples.push({ pid: Number(pid), ...parseProcessStatus(status), ...parseProcessStat(stat) })
    }
  }
  return samples
}

/** Turns two readings into per-process CPU shares (100 % is one core busy, as top shows it). */
export function processInfos(
  previous: Map<number, ProcessSample>,
  current: ProcessSample[],
  elapsedSeconds: number,
  users: Map<number, string>,
): ProcessInfo[] {
  return current.map((sample) => {
    const before = previous.get(sample.pid)
    const ticks = before ? sample.cpuTicks - before.cpuTicks : 0
    return {
      pid: sample.pid,
      ppid: sample.ppid,
      name: sample.name,
      user: users.get(sample.uid) ?? String(sample.uid),
      cpuPct: Math.max(0, ticks / clockTicksPerSecond / elapsedSeconds) * 100,
      memBytes: sample.memBytes,
      state: stateName(sample.state),
    }
  })
}

export async function readUsers(): Promise<Map<number, string>> {
  return parsePasswd(await readFile('/etc/passwd', 'utf8').catch(() => ''))
}

/** One process's name, CPU ticks so far and resident memory, or undefined once it has ended. */
export function readProcessUsage(pid: number): { name: string; cpuTicks: number; memBytes: number } | undefined {
  const stat = tryReadProcText(`/proc/${pid}/stat`)
  const status = stat && tryReadProcText(`/proc/${pid}/status`)
  if (!stat || !status) return undefined
  const { name, memBytes } = parseProcessStatus(status)
  return { name, memBytes, cpuTicks: parseProcessStat(stat).cpuTicks }
}
