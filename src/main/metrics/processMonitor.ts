// The top processes, collected only while someone asks: a client polls every few seconds while the list
// is on screen. Answers within `maxAgeMs` share one collection, however many clients ask; a cold start
// takes two readings `primeMs` apart, since CPU shares need a before and an after.
import si from 'systeminformation'
import type { ProcessInfo, ProcessList, ProcessSort } from '../../shared/protocol'
import { processInfos, readProcessSamples, readUsers, type ProcessSample } from './linux/processes'

export const topProcessCount = 50

export interface ProcessQuery {
  sort: ProcessSort
  /** Keeps the processes whose name, user or pid contains it (any case); empty keeps all. */
  filter: string
  /** At most this many, the top ones by the sort. */
  limit: number
}

/** Whether a process matches the filter: its name, user or pid contains the text, in any case. */
export function matchesFilter(info: ProcessInfo, filter: string): boolean {
  if (filter === '') return true
  const needle = filter.toLowerCase()
  return (
    info.name.toLowerCase().includes(needle) || info.user.toLowerCase().includes(needle) || String(info.pid) === filter
  )
}

export interface ProcessMonitor {
  /** The top processes: by CPU, unfiltered, `topProcessCount` of them, unless asked otherwise. */
  list(query?: Partial<ProcessQuery>): Promise<ProcessList>
  /** Collections so far (for tests and benchmarks: many clients, one collection). */
  readonly collections: number
}

export interface ProcessMonitorOptions {
  maxAgeMs?: number
  primeMs?: number
  /** After this long without a request the previous reading is stale and the next one primes again. */
  coldAfterMs?: number
  now?: () => number
}

type Snapshot = { atMs: number; processes: ProcessInfo[] }

export function createProcessMonitor(options: ProcessMonitorOptions = {}): ProcessMonitor {
  const { maxAgeMs = 2000, primeMs = 500, coldAfterMs = 10_000 } = options
  const now = options.now ?? (() => performance.now())
  const readAll = process.platform === 'linux' ? createLinuxReader() : readWithSysteminformation
  let latest: Snapshot | undefined
  let inFlight: Promise<Snapshot> | undefined
  let collections = 0

  async function collect(): Promise<Snapshot> {
    collections += 1
    const processes = await readAll(latest === undefined || now() - latest.atMs > coldAfterMs ? primeMs : 0)
    latest = { atMs: now(), processes }
    return latest
  }

  return {
    async list({ sort = 'cpu', filter = '', limit = topProcessCount } = {}) {
      const fresh =
        latest && now() - latest.atMs <= maxAgeMs
          ? latest
          : await (inFlight ??= collect().finally(() => (inFlight = undefined)))
      const compare =
        sort === 'cpu'
          ? (a: ProcessInfo, b: ProcessInfo) => b.cpuPct - a.cpuPct || b.memBytes - a.memBytes
          : (a: ProcessInfo, b: ProcessInfo) => b.memBytes - a.memBytes
      const matching = fresh.processes.filter((info) => matchesFilter(info, filter.trim()))
      return {
        t: Date.now(),
        total: fresh.processes.length,
        matched: matching.length,
        sort,
        processes: matching.sort(compare).slice(0, limit),
      }
    },
    get collections() {
      return collections
    },
  }
}

/** Keeps the previous reading, so each collection measures CPU since the one before. */
function createLinuxReader(): (primeMs: number) => Promise<ProcessInfo[]> {
  let previous = new Map<number, ProcessSample>()
  let previousAtMs = 0
  let users: Map<number, string> | undefined
  return async (primeMs) => {
    if (primeMs > 0) {
      previous = new Map((await readProcessSamples()).map((sample) => [sample.pid, sample]))
      previousAtMs = performance.now()
      await new Promise((resolve) => setTimeout(resolve, primeMs))
    }
    const current = await readProcessSamples()
    const atMs = performance.now()
    users ??= await readUsers()
    const unknownUser = current.some((sample) => !users!.has(sample.uid))
    if (unknownUser) users = await readUsers()
    const infos = processInfos(previous, current, (atMs - previousAtMs) / 1000, users)
    previous = new Map(current.map((sample) => [sample.pid, sample]))
    previousAtMs = atMs
    return infos
  }
}

/** macOS and Windows: systeminformation measures CPU between its own calls. */
async function readWithSysteminformation(): Promise<ProcessInfo[]> {
  const { list } = await si.processes()
  return list.map((entry) => ({
    pid: entry.pid,
    ppid: entry.parentPid,
    name: entry.name,
    user: entry.user,
    cpuPct: entry.cpu,
    memBytes: entry.memRss * 1024,
    state: entry.state,
  }))
}
