// A process's CPU time and resident memory, read from /proc (Linux only, like the machines the bench runs on).
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'

export interface ClockTicks {
  perSecond: number
  source: 'getconf CLK_TCK' | 'assumed'
}

/** /proc/PID/stat counts CPU time in clock ticks; USER_HZ is 100 on every common Linux build. */
export function readClockTicks(): ClockTicks {
  try {
    const perSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    if (Number.isInteger(perSecond) && perSecond > 0) return { perSecond, source: 'getconf CLK_TCK' }
  } catch {
    // No getconf: fall through to the usual value, and say it was assumed.
  }
  return { perSecond: 100, source: 'assumed' }
}

/** The sum of two fields of /proc/PID/stat, numbered as in proc(5), converted from clock ticks to ms. */
async function readTicksAsMs(
  pid: number,
  clockTicks: ClockTicks,
  firstField: number,
  secondField: number,
): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const fieldsFromState = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fieldsFromState[firstField - 3]) + Number(fieldsFromState[secondField - 3])
  return (ticks * 1000) / clockTicks.perSecond
}

/** utime + stime of the process, in ms (proc(5): fields 14 and 15 of /proc/PID/stat). */
export function readCpuTimeMs(pid: number, clockTicks: ClockTicks): Promise<number> {
  return readTicksAsMs(pid, clockTicks, 14, 15)
}

/** cutime + cstime: the CPU time of the process's children that ended and were waited for, in ms (fields 16 and 17). */
export function readChildrenCpuTimeMs(pid: number, clockTicks: ClockTicks): Promise<number> {
  return readTicksAsMs(pid, clockTicks, 16, 17)
}

/** VmRSS of /proc/PID/status, in bytes (the file says kB and means KiB). */
export async function readRssBytes(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(text)
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`)
  return Number(match[1]) * 1024
}
