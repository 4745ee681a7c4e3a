// The per-second readings. On Linux they come from the kernel's own counters (/proc/stat, /proc/meminfo):
// two small file reads, no child process, nothing that blocks the event loop. Elsewhere os.cpus() and
// systeminformation's mem(), which are cheap on macOS and Windows.
import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import si from 'systeminformation'

export interface CpuTimes {
  busy: number
  total: number
}

export interface MemoryReading {
  totalBytes: number
  availableBytes: number
}

export interface FastReading {
  cpuTotalPct: number
  memUsedBytes: number
  memTotalBytes: number
}

/**
 * The aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice,
 * in clock ticks. guest and guest_nice are already counted in user and nice (proc(5)), so they are left out.
 */
export function parseProcStatCpu(text: string): CpuTimes {
  const line = text.slice(0, text.indexOf('\n'))
  const fields = line.trim().split(/\s+/)
  if (fields[0] !== 'cpu') throw new Error('/proc/stat does not start with the aggregate cpu line')
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.slice(1, 9).map((field) => Number(field) || 0)
  const idleAll = (idle ?? 0) + (iowait ?? 0)
  const total = [user, nice, system, idle, iowait, irq, softirq, steal].reduce<number>((sum, value) => sum + (value ?? 0), 0)
  return { busy: total - idleAll, total }
}

/** MemTotal and MemAvailable from /proc/meminfo, in bytes (the file says kB and means KiB). */
export function parseMeminfo(text: string): MemoryReading {
  const kib = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text)
    if (!match) throw new Error(`/proc/meminfo has no ${key} line`)
    return Number(match[1]) * 1024
  }
  return { totalBytes: kib('MemTotal'), availableBytes: kib('MemAvailable') }
}

export function cpuPercentBetween(previous: CpuTimes, next: CpuTimes): number {
  const total = next.total - previous.total
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, ((next.busy - previous.busy) / total) * 100))
}

async function readCpuTimes(): Promise<CpuTimes> {
  if (process.platform === 'linux') return parseProcStatCpu(await readFile('/proc/stat', 'utf8'))
  let busy = 0
  let total = 0
  for (const { times } of cpus()) {
    const sum = times.user + times.nice + times.sys + times.idle + times.irq
    total += sum
    busy += sum - times.idle
  }
  return { busy, total }
}

async function readMemory(): Promise<MemoryReading> {
  if (process.platform === 'linux') return parseMeminfo(await readFile('/proc/meminfo', 'utf8'))
  const memory = await si.mem()
  return { totalBytes: memory.total, availableBytes: memory.available }
}

/** A reader that remembers the previous CPU counters, so each call returns the load since the last one. */
export async function createFastReader(): Promise<() => Promise<FastReading>> {
  let previous = await readCpuTimes()
  return async function readFast() {
    const [times, memory] = await Promise.all([readCpuTimes(), readMemory()])
    const cpuTotalPct = cpuPercentBetween(previous, times)
    previous = times
    return { cpuTotalPct, memUsedBytes: memory.totalBytes - memory.availableBytes, memTotalBytes: memory.totalBytes }
  }
}
