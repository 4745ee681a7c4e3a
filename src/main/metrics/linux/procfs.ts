// Parsers for the kernel's counter files (proc(5)). Pure functions of the file text, so each is tested
// on fixtures; reading the files is the collector's business.

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

function cpuTimes(fields: string[]): CpuTimes {
  // guest and guest_nice (fields 9 and 10) are already included in user and nice: proc(5).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.slice(0, 8).map((field) => Number(field) || 0)
  return { user: user ?? 0, nice: nice ?? 0, system: system ?? 0, idle: idle ?? 0, iowait: iowait ?? 0, irq: irq ?? 0, softirq: softirq ?? 0, steal: steal ?? 0 }
}

export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | undefined
  const cores: CpuTimes[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue
    const [name, ...fields] = line.trim().split(/\s+/)
    if (name === 'cpu') total = cpuTimes(fields)
    else cores[Number(name!.slice(3))] = cpuTimes(fields)
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

const sumTimes = (times: CpuTimes): number => times.user + times.nice + times.system + times.idle + times.iowait + times.irq + times.softirq + times.steal

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

/** /proc/meminfo says "kB" and means KiB. */
export function parseMeminfo(text: string): Meminfo {
  const fields = new Map<string, number>()
  for (const match of text.matchAll(/^(\w+(?:\(\w+\))?):\s+(\d+)(?: kB)?$/gm)) fields.set(match[1]!, Number(match[2]) * 1024)
  const required = (key: string): number => {
    const value = fields.get(key)
    if (value === undefined) throw new Error(`/proc/meminfo has no ${key} line`)
    return value
  }
  return {
    totalBytes: required('MemTotal'),
    availableBytes: required('MemAvailable'),
    freeBytes: required('MemFree'),
    buffersBytes: fields.get('Buffers') ?? 0,
    cachedBytes: (fields.get('Cached') ?? 0) + (fields.get('SReclaimable') ?? 0),
    swapTotalBytes: fields.get('SwapTotal') ?? 0,
    swapFreeBytes: fields.get('SwapFree') ?? 0,
  }
}

export interface ByteCounters {
  /** Received or read. */
  inBytes: number
  /** Sent or written. */
  outBytes: number
}

/** /proc/net/dev: two header lines, then "iface: rx_bytes packets … tx_bytes …" (tx bytes is the 9th number). */
export function parseNetDev(text: string): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>()
  for (const line of text.split('\n').slice(2)) {
    const separator = line.indexOf(':')
    if (separator < 0) continue
    const numbers = line.slice(separator + 1).trim().split(/\s+/).map(Number)
    counters.set(line.slice(0, separator).trim(), { inBytes: numbers[0] ?? 0, outBytes: numbers[8] ?? 0 })
  }
  return counters
}

/**
 * /proc/diskstats: "major minor name reads merged sectors_read ms writes merged sectors_written …".
 * Sectors are always 512 bytes here, whatever the device's own sector size (Documentation/admin-guide/iostats.rst).
 */
export function parseDiskstats(text: string): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>()
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 10) continue
    counters.set(fields[2]!, { inBytes: Number(fields[5]) * 512, outBytes: Number(fields[9]) * 512 })
  }
  return counters
}
