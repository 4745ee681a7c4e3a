// Parsers for the kernel's counter files (proc(5)). Pure functions of the file's bytes (procBytes.ts), so
// each is tested on fixtures; reading the files is the collector's business.
import { ByteCursor } from './procBytes'

/** Clock ticks spent in each state since boot, for all CPUs together or one core. */
export interface CpuTimes {
  user: number
  nice: number
  system: number
  idle: number
  iowait: number
  irq: number
  softirq: number
  steal: number
}

export interface ProcStat {
  total: CpuTimes
  cores: CpuTimes[]
}

const cpuLabel = Buffer.from('cpu')

/** A field the line lacks (an older kernel writes fewer) counts as 0. */
const orZero = (value: number): number => (Number.isNaN(value) ? 0 : value)

function cpuTimes(cursor: ByteCursor): CpuTimes {
  // In this order on the line; guest and guest_nice (fields 9 and 10) are already included in user and nice: proc(5).
  return {
    user: orZero(cursor.number()),
    nice: orZero(cursor.number()),
    system: orZero(cursor.number()),
    idle: orZero(cursor.number()),
    iowait: orZero(cursor.number()),
    irq: orZero(cursor.number()),
    softirq: orZero(cursor.number()),
    steal: orZero(cursor.number()),
  }
}

/** The "cpu" line and the "cpuN" lines; the others (intr alone is thousands of bytes) are skipped unread. */
export function parseProcStat(bytes: Buffer): ProcStat {
  let total: CpuTimes | undefined
  const cores: CpuTimes[] = []
  for (const cursor = new ByteCursor(bytes); !cursor.isAtEnd; cursor.nextLine()) {
    if (!cursor.startsWith(cpuLabel)) continue
    const name = cursor.word()
    if (name === 'cpu') total = cpuTimes(cursor)
    else cores[Number(name.slice(cpuLabel.length))] = cpuTimes(cursor)
  }
  if (!total) throw new Error('/proc/stat has no aggregate cpu line')
  return { total, cores }
}

export interface CpuPercentages {
  totalPct: number
  userPct: number
  systemPct: number
  iowaitPct: number
}

const sumTimes = (times: CpuTimes): number =>
  times.user + times.nice + times.system + times.idle + times.iowait + times.irq + times.softirq + times.steal

/** Shares of the time between two readings: user includes nice, system includes irq and softirq. */
export function cpuPercentages(previous: CpuTimes, next: CpuTimes): CpuPercentages {
  const elapsed = sumTimes(next) - sumTimes(previous)
  if (elapsed <= 0) return { totalPct: 0, userPct: 0, systemPct: 0, iowaitPct: 0 }
  const share = (ticks: number): number => Math.min(100, Math.max(0, (ticks / elapsed) * 100))
  const idle = next.idle - previous.idle + (next.iowait - previous.iowait)
  return {
    totalPct: share(elapsed - idle),
    userPct: share(next.user - previous.user + (next.nice - previous.nice)),
    systemPct: share(next.system - previous.system + (next.irq - previous.irq) + (next.softirq - previous.softirq)),
    iowaitPct: share(next.iowait - previous.iowait),
  }
}

export interface Meminfo {
  totalBytes: number
  availableBytes: number
  freeBytes: number
  buffersBytes: number
  /** Page cache plus reclaimable slab, as free(1) counts "cache". */
  cachedBytes: number
  swapTotalBytes: number
  swapFreeBytes: number
}

const meminfoLabels = {
  total: Buffer.from('MemTotal:'),
  free: Buffer.from('MemFree:'),
  available: Buffer.from('MemAvailable:'),
  buffers: Buffer.from('Buffers:'),
  cached: Buffer.from('Cached:'),
  reclaimableSlab: Buffer.from('SReclaimable:'),
  swapTotal: Buffer.from('SwapTotal:'),
  swapFree: Buffer.from('SwapFree:'),
}

/** /proc/meminfo says "kB" and means KiB. Only the lines asked for are read, each found by its label. */
export function parseMeminfo(bytes: Buffer): Meminfo {
  const cursor = new ByteCursor(bytes)
  const bytesOf = (label: Buffer): number | undefined => (cursor.seekLine(label) ? cursor.number() * 1024 : undefined)
  const required = (label: Buffer): number => {
    const value = bytesOf(label)
    if (value === undefined || Number.isNaN(value))
      throw new Error(`/proc/meminfo has no ${label.toString('latin1', 0, label.length - 1)} line`)
    return value
  }
  return {
    totalBytes: required(meminfoLabels.total),
    availableBytes: required(meminfoLabels.available),
    freeBytes: required(meminfoLabels.free),
    buffersBytes: bytesOf(meminfoLabels.buffers) ?? 0,
    cachedBytes: (bytesOf(meminfoLabels.cached) ?? 0) + (bytesOf(meminfoLabels.reclaimableSlab) ?? 0),
    swapTotalBytes: bytesOf(meminfoLabels.swapTotal) ?? 0,
    swapFreeBytes: bytesOf(meminfoLabels.swapFree) ?? 0,
  }
}

export interface LoadAverages {
  load1: number
  load5: number
  load15: number
}

/** /proc/loadavg: "0.52 0.58 0.59 1/467 12345", the run-queue averages over 1, 5 and 15 minutes first. */
export function parseLoadavg(bytes: Buffer): LoadAverages {
  const cursor = new ByteCursor(bytes)
  const [load1, load5, load15] = [cursor.decimal(), cursor.decimal(), cursor.decimal()]
  if (Number.isNaN(load15)) throw new Error('/proc/loadavg does not start with three averages')
  return { load1, load5, load15 }
}

export interface ByteCounters {
  /** Received or read. */
  inBytes: number
  /** Sent or written. */
  outBytes: number
}

/** /proc/net/dev: two header lines, then "iface: rx_bytes packets … tx_bytes …" (tx bytes is the 9th number). */
export function parseNetDev(bytes: Buffer): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>()
  const cursor = new ByteCursor(bytes)
  cursor.nextLine()
  for (cursor.nextLine(); !cursor.isAtEnd; cursor.nextLine()) {
    const iface = cursor.word()
    if (!cursor.skipColon()) continue
    const inBytes = orZero(cursor.number())
    cursor.skipNumbers(7)
    counters.set(iface, { inBytes, outBytes: orZero(cursor.number()) })
  }
  return counters
}

/**
 * /proc/diskstats: "major minor name reads merged sectors_read ms writes merged sectors_written …"; lines
 * with fewer fields are left out. Sectors are always 512 bytes here, whatever the device's own sector size
 * (Documentation/admin-guide/iostats.rst).
 */
export function parseDiskstats(bytes: Buffer): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>()
  for (const cursor = new ByteCursor(bytes); !cursor.isAtEnd; cursor.nextLine()) {
    if (!cursor.skipNumbers(2)) continue
    const name = cursor.word()
    if (!cursor.skipNumbers(2)) continue
    const sectorsRead = cursor.number()
    if (!cursor.skipNumbers(3)) continue
    const sectorsWritten = cursor.number()
    if (Number.isNaN(sectorsWritten)) continue
    counters.set(name, { inBytes: sectorsRead * 512, outBytes: sectorsWritten * 512 })
  }
  return counters
}
