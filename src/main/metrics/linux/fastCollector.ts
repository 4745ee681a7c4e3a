// The per-second tier on Linux: /proc/stat, /proc/meminfo, /proc/net/dev and /proc/diskstats, four small
// synchronous reads of kernel memory (see procText.ts) with no child process, plus the load average and, where the kernel exposes it, each core's clock.
// Rates are the change in the kernel's counters over the time between two collections.
import { readdir } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { seriesKeys, totalSubject } from '../../../shared/series'
import type { Collector, SeriesValues } from '../collector'
import { cpuPercentages, parseDiskstats, parseMeminfo, parseNetDev, parseProcStat, type ByteCounters, type ProcStat } from './procfs'
import { readProcText, tryReadProcText } from './procText'

/** Block devices that are not disks a user thinks of (loop mounts of snaps, RAM disks, floppies, CD drives). */
const ignoredBlockDevices = /^(loop|ram|zram|fd|sr)\d+$/
const diskListRefreshMs = 60_000

interface Snapshot {
  atMs: number
  stat: ProcStat
  network: Map<string, ByteCounters>
  disks: Map<string, ByteCounters>
}

function readSnapshot(): Snapshot {
  const [stat, network, disks] = [readProcText('/proc/stat'), readProcText('/proc/net/dev'), readProcText('/proc/diskstats')]
  return { atMs: performance.now(), stat: parseProcStat(stat), network: parseNetDev(network), disks: parseDiskstats(disks) }
}

/** Whole disks only (partitions would count the same bytes twice): the names listed in /sys/block. */
async function listDisks(): Promise<Set<string>> {
  const names = await readdir('/sys/block').catch(() => [] as string[])
  return new Set(names.filter((name) => !ignoredBlockDevices.test(name)))
}

function readCoreFrequencies(coreCount: number): number[] | undefined {
  const readings = Array.from({ length: coreCount }, (_, core) => tryReadProcText(`/sys/devices/system/cpu/cpu${core}/cpufreq/scaling_cur_freq`))
  return readings.every((reading) => reading !== undefined) ? readings.map((text) => Number(text) / 1000) : undefined
}

export async function createLinuxFastCollector(): Promise<Collector> {
  let previous = readSnapshot()
  const start = previous
  let disks = await listDisks()
  let disksListedAtMs = previous.atMs
  // Virtual machines and some laptops expose no cpufreq: asked once, not every second.
  let hasFrequencies = readCoreFrequencies(previous.stat.cores.length) !== undefined

  return {
    name: 'procfs',
    async collect() {
      const snapshot = readSnapshot()
      const meminfoText = readProcText('/proc/meminfo')
      const frequencies = hasFrequencies ? readCoreFrequencies(previous.stat.cores.length) : undefined
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
        values[seriesKeys.core(core, 'total_pct')] = shares.totalPct
        values[seriesKeys.core(core, 'user_pct')] = shares.userPct
        values[seriesKeys.core(core, 'system_pct')] = shares.systemPct
        values[seriesKeys.core(core, 'iowait_pct')] = shares.iowaitPct
      })
      if (frequencies) frequencies.forEach((mhz, core) => (values[seriesKeys.core(core, 'freq_mhz')] = mhz))
      else hasFrequencies = false

      const [load1, load5, load15] = loadavg()
      values.load_1 = load1 ?? 0
      values.load_5 = load5 ?? 0
      values.load_15 = load15 ?? 0

      const memory = parseMeminfo(meminfoText)
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
      for (const [iface, counters] of snapshot.network) {
        const before = previous.network.get(iface)
        if (!before) continue
        const rxRate = Math.max(0, counters.inBytes - before.inBytes) / elapsedSeconds
        const txRate = Math.max(0, counters.outBytes - before.outBytes) / elapsedSeconds
        const first = start.network.get(iface) ?? before
        const rxSinceStart = Math.max(0, counters.inBytes - first.inBytes)
        const txSinceStart = Math.max(0, counters.outBytes - first.outBytes)
        values[seriesKeys.net(iface, 'rx_bytes_per_s')] = rxRate
        values[seriesKeys.net(iface, 'tx_bytes_per_s')] = txRate
        values[seriesKeys.net(iface, 'rx_bytes')] = rxSinceStart
        values[seriesKeys.net(iface, 'tx_bytes')] = txSinceStart
        if (iface === 'lo') continue
        totalRx += rxRate
        totalTx += txRate
        totalRxSinceStart += rxSinceStart
        totalTxSinceStart += txSinceStart
      }
      values[seriesKeys.net(totalSubject, 'rx_bytes_per_s')] = totalRx
      values[seriesKeys.net(totalSubject, 'tx_bytes_per_s')] = totalTx
      values[seriesKeys.net(totalSubject, 'rx_bytes')] = totalRxSinceStart
      values[seriesKeys.net(totalSubject, 'tx_bytes')] = totalTxSinceStart

      for (const [device, counters] of snapshot.disks) {
        const before = previous.disks.get(device)
        if (!before || !disks.has(device)) continue
        values[seriesKeys.disk(device, 'read_bytes_per_s')] = Math.max(0, counters.inBytes - before.inBytes) / elapsedSeconds
        values[seriesKeys.disk(device, 'write_bytes_per_s')] = Math.max(0, counters.outBytes - before.outBytes) / elapsedSeconds
      }

      previous = snapshot
      return values
    },
  }
}
