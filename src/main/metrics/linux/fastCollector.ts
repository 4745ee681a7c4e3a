// The per-second tier on Linux: /proc/stat, /proc/meminfo, /proc/net/dev, /proc/diskstats and /proc/loadavg,
// small synchronous reads of kernel memory (see procText.ts) through descriptors kept open, with no child
// process, plus, where the kernel exposes it, each core's clock. (os.loadavg() would open, read and close
// /proc/loadavg every second: a third of the time the memory and network readings take together.)
// Rates are the change in the kernel's counters over the time between two collections.
import { readdir } from 'node:fs/promises'
import { seriesKeys, totalSubject } from '../../../shared/series'
import type { Collector, SeriesValues } from '../collector'
import {
  cpuPercentages,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  type ByteCounters,
  type ProcStat,
} from './procfs'
import { ByteCursor } from './procBytes'
import { openProcFile } from './procText'

/** Block devices that are not disks a user thinks of (loop mounts of snaps, RAM disks, floppies, CD drives). */
const ignoredBlockDevices = /^(loop|ram|zram|fd|sr)\d+$/
const diskListRefreshMs = 60_000

interface Snapshot {
  atMs: number
  stat: ProcStat
  network: Map<string, ByteCounters>
  disks: Map<string, ByteCounters>
}

/** Whole disks only (partitions would count the same bytes twice): the names listed in /sys/block. */
async function listDisks(): Promise<Set<string>> {
  const names = await readdir('/sys/block').catch(() => [] as string[])
  return new Set(names.filter((name) => !ignoredBlockDevices.test(name)))
}

interface CoreFrequencies {
  /** MHz per core; undefined when some core has no clock to read (no cpufreq, or a core taken offline). */
  read(): number[] | undefined
  close(): void
}

/** Each core's clock file kept open like the counter files (sysfs writes it afresh at every read from offset 0). */
function openCoreFrequencies(coreCount: number): CoreFrequencies {
  const files = Array.from({ length: coreCount }, (_, core) =>
    openProcFile(`/sys/devices/system/cpu/cpu${core}/cpufreq/scaling_cur_freq`),
  )
  return {
    read() {
      try {
        return files.map((file) => new ByteCursor(file.read()).number() / 1000)
      } catch {
        // A missing or unreadable file is the answer "no clocks here", not a failed sample.
        return undefined
      }
    },
    close() {
      for (const file of files) file.close()
    },
  }
}

/**
 * Series keys built once per core, interface or disk and then reused: the same string every second costs
 * no concatenation, and its hash is computed once for every map that files it (history, minute aggregates).
 */
function keyCache<Subject, Keys>(makeKeys: (subject: Subject) => Keys): (subject: Subject) => Keys {
  const cache = new Map<Subject, Keys>()
  return (subject) => {
    let keys = cache.get(subject)
    if (!keys) cache.set(subject, (keys = makeKeys(subject)))
    return keys
  }
}

const coreKeys = keyCache((core: number) => ({
  total: seriesKeys.core(core, 'total_pct'),
  user: seriesKeys.core(core, 'user_pct'),
  system: seriesKeys.core(core, 'system_pct'),
  iowait: seriesKeys.core(core, 'iowait_pct'),
  frequency: seriesKeys.core(core, 'freq_mhz'),
}))
const networkKeys = keyCache((iface: string) => ({
  rxRate: seriesKeys.net(iface, 'rx_bytes_per_s'),
  txRate: seriesKeys.net(iface, 'tx_bytes_per_s'),
  rxSinceStart: seriesKeys.net(iface, 'rx_bytes'),
  txSinceStart: seriesKeys.net(iface, 'tx_bytes'),
}))
const diskKeys = keyCache((device: string) => ({
  readRate: seriesKeys.disk(device, 'read_bytes_per_s'),
  writeRate: seriesKeys.disk(device, 'write_bytes_per_s'),
}))

export async function createLinuxFastCollector(): Promise<Collector> {
  const files = {
    stat: openProcFile('/proc/stat'),
    meminfo: openProcFile('/proc/meminfo'),
    netDev: openProcFile('/proc/net/dev'),
    diskstats: openProcFile('/proc/diskstats'),
    loadavg: openProcFile('/proc/loadavg'),
  }
  const readSnapshot = (): Snapshot => ({
    atMs: performance.now(),
    stat: parseProcStat(files.stat.read()),
    network: parseNetDev(files.netDev.read()),
    disks: parseDiskstats(files.diskstats.read()),
  })
  let previous = readSnapshot()
  const start = previous
  let disks = await listDisks()
  let disksListedAtMs = previous.atMs
  // Virtual machines and some laptops expose no cpufreq: asked once, not every second.
  const coreFrequencies = openCoreFrequencies(previous.stat.cores.length)
  let hasFrequencies = coreFrequencies.read() !== undefined
  if (!hasFrequencies) coreFrequencies.close()

  return {
    name: 'procfs',
    async collect() {
      const snapshot = readSnapshot()
      const frequencies = hasFrequencies ? coreFrequencies.read() : undefined
      if (snapshot.atMs - disksListedAtMs > diskListRefreshMs) {
        disks = await listDisks()
        disksListedAtMs = snapshot.atMs
      }
      const elapsedSeconds = Math.max((snapshot.atMs - previous.atMs) / 1000, 0.001)
      const values: SeriesValues = {}

      const total = cpuPercentages(previous.stat.total, snapshot.stat.total)
      values.cpu_total_pct = total.totalPct
      values.cpu_user_pct = total.userPct
      values.cpu_system_pct = total.systemPct
      values.cpu_iowait_pct = total.iowaitPct
      snapshot.stat.cores.forEach((times, core) => {
        const before = previous.stat.cores[core]
        if (!before) return
        const shares = cpuPercentages(before, times)
        const keys = coreKeys(core)
        values[keys.total] = shares.totalPct
        values[keys.user] = shares.userPct
        values[keys.system] = shares.systemPct
        values[keys.iowait] = shares.iowaitPct
      })
      if (frequencies) frequencies.forEach((mhz, core) => (values[coreKeys(core).frequency] = mhz))
      else if (hasFrequencies) {
        hasFrequencies = false
        coreFrequencies.close()
      }

      const load = parseLoadavg(files.loadavg.read())
      values.load_1 = load.load1
      values.load_5 = load.load5
      values.load_15 = load.load15

      const memory = parseMeminfo(files.meminfo.read())
      values.mem_total_bytes = memory.totalBytes
      values.mem_used_bytes = memory.totalBytes - memory.availableBytes
      values.mem_used_pct = ((memory.totalBytes - memory.availableBytes) / memory.totalBytes) * 100
      values.mem_available_bytes = memory.availableBytes
      values.mem_cached_bytes = memory.cachedBytes
      values.mem_buffers_bytes = memory.buffersBytes
      if (memory.swapTotalBytes > 0) {
        values.swap_total_bytes = memory.swapTotalBytes
        values.swap_used_bytes = memory.swapTotalBytes - memory.swapFreeBytes
      }

      // The machine-wide total leaves out loopback: traffic that never leaves the machine is not network use.
      let totalRx = 0
      let totalTx = 0
      let totalRxSinceStart = 0
      let totalTxSinceStart = 0
      // forEach, not for…of: no [key, value] array per interface or disk every second.
      snapshot.network.forEach((counters, iface) => {
        const before = previous.network.get(iface)
        if (!before) return
        const rxRate = Math.max(0, counters.inBytes - before.inBytes) / elapsedSeconds
        const txRate = Math.max(0, counters.outBytes - before.outBytes) / elapsedSeconds
        const first = start.network.get(iface) ?? before
        const rxSinceStart = Math.max(0, counters.inBytes - first.inBytes)
        const txSinceStart = Math.max(0, counters.outBytes - first.outBytes)
        const keys = networkKeys(iface)
        values[keys.rxRate] = rxRate
        values[keys.txRate] = txRate
        values[keys.rxSinceStart] = rxSinceStart
        values[keys.txSinceStart] = txSinceStart
        if (iface === 'lo') return
        totalRx += rxRate
        totalTx += txRate
        totalRxSinceStart += rxSinceStart
        totalTxSinceStart += txSinceStart
      })
      const totalKeys = networkKeys(totalSubject)
      values[totalKeys.rxRate] = totalRx
      values[totalKeys.txRate] = totalTx
      values[totalKeys.rxSinceStart] = totalRxSinceStart
      values[totalKeys.txSinceStart] = totalTxSinceStart

      // The whole disks only, looked up among every block device (loop devices are many where snaps are).
      disks.forEach((device) => {
        const counters = snapshot.disks.get(device)
        const before = previous.disks.get(device)
        if (!counters || !before) return
        const keys = diskKeys(device)
        values[keys.readRate] = Math.max(0, counters.inBytes - before.inBytes) / elapsedSeconds
        values[keys.writeRate] = Math.max(0, counters.outBytes - before.outBytes) / elapsedSeconds
      })

      previous = snapshot
      return values
    },
    dispose() {
      for (const file of Object.values(files)) file.close()
      coreFrequencies.close()
    },
  }
}
