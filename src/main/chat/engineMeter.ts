// The local inference meter: while an endpoint on this machine answers, the process listening on its
// port (found through /proc/net/tcp and tcp6, then the socket inodes among each process's descriptors)
// is read once a second for its CPU share and resident memory, shown beside the tokens, and its peaks
// are kept with the answer. Linux only; elsewhere, and for a process Vigil may not inspect, there is none.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
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

/** The pid of the process holding one of these socket inodes, or undefined. */
function ownerOf(inodes: readonly string[]): number | undefined {
  const wanted = new Set(inodes.map((inode) => `socket:[${inode}]`))
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let descriptors: string[]
    try {
      descriptors = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    for (const descriptor of descriptors) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${descriptor}`))) return Number(entry)
      } catch {
        // The descriptor closed meanwhile.
      }
    }
  }
  return undefined
}

/** The process listening on this TCP port of this machine, or undefined. */
export function findListeningProcess(port: number): number | undefined {
  if (process.platform !== 'linux') return undefined
  const inodes = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((path) => {
    try {
      return listeningInodes(readFileSync(path, 'utf8'), port)
    } catch {
      return []
    }
  })
  return inodes.length > 0 ? ownerOf(inodes) : undefined
}

export interface EngineMeter {
  /** Stops reading; the peaks seen, if the engine was found and read at least twice. */
  stop(): EngineReading | undefined
}

/** Reads the engine behind `baseUrl` every `intervalMs` until stopped, passing each reading on. */
export function startEngineMeter(
  baseUrl: string,
  onReading: (reading: EngineReading) => void,
  intervalMs = 1000,
): EngineMeter {
  const url = new URL(baseUrl)
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  const pid = findListeningProcess(port)
  const first = pid === undefined ? undefined : readProcessUsage(pid)
  if (pid === undefined || !first) return { stop: () => undefined }
  let previous = { ticks: first.cpuTicks, at: performance.now() }
  let peak: EngineReading | undefined
  const timer = setInterval(() => {
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
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
