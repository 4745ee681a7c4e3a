// The local inference meter: while an endpoint on this machine answers, the process listening on its
// port (found through /proc/net/tcp and tcp6, then the socket inodes among each process's descriptors)
// is read once a second for its CPU share and resident memory, shown beside the tokens, and its peaks
// are kept with the answer. The owner found is remembered per port and checked before it is trusted, so an
// answer rarely pays for the scan. Linux only; elsewhere, and for a process Vigil may not inspect, there is none.
import { readdir, readFile, readlink } from 'node:fs/promises'
import { clockTicksPerSecond, readProcessUsage } from '../metrics'
import type { EngineReading } from '../../shared/chat'

const listenState = '0A'

/** The inodes of the sockets listening on `port` in a /proc/net/tcp or tcp6 table. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = []
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const [, local, , state] = fields
    if (!local || state !== listenState) continue
    if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.push(fields[9])
  }
  return inodes
}

/** The pid found listening on each port, checked again before it is trusted: most answers skip the scan. */
const ownerByPort = new Map<number, number>()

/** Whether process `pid` holds one of these sockets (`socket:[inode]`) among its descriptors. */
async function holdsSocket(pid: number, wanted: ReadonlySet<string>): Promise<boolean> {
  let descriptors: string[]
  try {
    descriptors = await readdir(`/proc/${pid}/fd`)
  } catch {
    return false
  }
  for (const descriptor of descriptors) {
    try {
      if (wanted.has(await readlink(`/proc/${pid}/fd/${descriptor}`))) return true
    } catch {
      // The descriptor closed meanwhile.
    }
  }
  return false
}

/** The pid of the process holding one of these socket inodes (the one found last time first), or undefined. */
async function ownerOf(port: number, inodes: readonly string[]): Promise<number | undefined> {
  const wanted = new Set(inodes.map((inode) => `socket:[${inode}]`))
  const known = ownerByPort.get(port)
  if (known !== undefined && (await holdsSocket(known, wanted))) return known
  ownerByPort.delete(port)
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || !(await holdsSocket(Number(entry), wanted))) continue
    ownerByPort.set(port, Number(entry))
    return Number(entry)
  }
  return undefined
}

/**
 * The process listening on this TCP port of this machine, or undefined. Asynchronous throughout: a scan of
 * every process's descriptors takes milliseconds (tens on a busy machine), which must not hold up the
 * event loop while an answer starts.
 */
export async function findListeningProcess(port: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => readFile(path, 'utf8').catch(() => '')),
  )
  const inodes = tables.flatMap((table) => listeningInodes(table, port))
  return inodes.length > 0 ? ownerOf(port, inodes) : undefined
}

export interface EngineMeter {
  /** Stops reading; the peaks seen, if the engine was found and read at least twice. */
  stop(): EngineReading | undefined
}

/**
 * Reads the engine behind `baseUrl` every `intervalMs` until stopped, passing each reading on. It returns at
 * once: the engine is looked for meanwhile, and its first reading (the baseline for CPU) is taken when found.
 */
export function startEngineMeter(
  baseUrl: string,
  onReading: (reading: EngineReading) => void,
  intervalMs = 1000,
): EngineMeter {
  const url = new URL(baseUrl)
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  let isStopped = false
  let timer: NodeJS.Timeout | undefined
  let peak: EngineReading | undefined
  const begin = (pid: number | undefined) => {
    const first = pid === undefined || isStopped ? undefined : readProcessUsage(pid)
    if (pid === undefined || !first) return
    let previous = { ticks: first.cpuTicks, at: performance.now() }
    timer = setInterval(() => {
      const usage = readProcessUsage(pid)
      if (!usage) return clearInterval(timer)
      const at = performance.now()
      const cpuPct =
        Math.round(((usage.cpuTicks - previous.ticks) / clockTicksPerSecond / ((at - previous.at) / 1000)) * 1000) / 10
      previous = { ticks: usage.cpuTicks, at }
      const reading = { pid, name: usage.name, cpuPct: Math.max(0, cpuPct), memBytes: usage.memBytes }
      peak = {
        ...reading,
        cpuPct: Math.max(peak?.cpuPct ?? 0, reading.cpuPct),
        memBytes: Math.max(peak?.memBytes ?? 0, reading.memBytes),
      }
      onReading(reading)
    }, intervalMs)
    timer.unref()
  }
  // A failure to look (/proc unreadable) means no meter, as for an engine that is not found.
  findListeningProcess(port).then(begin, () => undefined)
  return {
    stop() {
      isStopped = true
      clearInterval(timer)
      return peak
    },
  }
}
