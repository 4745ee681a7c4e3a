// The machine's series under node_exporter's names and labels, read from the kernel's own counters at each
// scrape (never rebuilt from rates): /proc/stat, /proc/meminfo, /proc/net/dev, /proc/diskstats,
// /proc/loadavg, statfs() of each real mount of /proc/self/mounts, and uname.
import type { StatsFs } from 'node:fs'
import { readFile, statfs } from 'node:fs/promises'
import { hostname, machine, release, type, version } from 'node:os'
import type { MetricFamily, Sample } from './exposition'
import {
  cpuModes,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
  type Mount,
  type NetCounters,
} from './procParsers'

/** /proc/stat counts in USER_HZ, 100 on every Linux ABI (the kernel scales its own HZ to it for userspace). */
const userHz = 100
/** The sector of /proc/diskstats is 512 bytes whatever the device's own sector size. */
const sectorBytes = 512
/** A statfs() that has not answered by then is left out of this scrape (a hung network mount). */
const statfsTimeoutMs = 2_000

const memoryFields = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree'] as const
const netFields: (keyof NetCounters)[] = ['bytes', 'packets', 'errs', 'drop']

export interface NodeCollector {
  collect(): Promise<MetricFamily[]>
}

function gauge(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'gauge', samples }
}

function counter(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'counter', samples }
}

export function createNodeCollector(): NodeCollector {
  // statfs() of a hung mount never returns: while one is still waiting, that mount is not asked again.
  const stuck = new Set<string>()
  let domainName: Promise<string> | undefined

  function statfsWithin(mount: Mount): Promise<StatsFs | undefined> {
    if (stuck.has(mount.mountpoint)) return Promise.resolve(undefined)
    stuck.add(mount.mountpoint)
    const answer: Promise<StatsFs | undefined> = statfs(mount.mountpoint).then(
      (stats) => stats,
      () => undefined,
    )
    void answer.finally(() => stuck.delete(mount.mountpoint))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), statfsTimeoutMs)))
    return Promise.race([answer, timeout]).finally(() => clearTimeout(timer))
  }

  async function fileSystems(mountsText: string): Promise<MetricFamily[]> {
    const mounts = parseMounts(mountsText)
    const stats = await Promise.all(mounts.map(statfsWithin))
    const size: Sample[] = []
    const free: Sample[] = []
    const avail: Sample[] = []
    mounts.forEach((mount, index) => {
      const found = stats[index]
      if (!found) return
      const labels = { device: mount.device, fstype: mount.fstype, mountpoint: mount.mountpoint }
      size.push({ labels, value: found.blocks * found.bsize })
      free.push({ labels, value: found.bfree * found.bsize })
      avail.push({ labels, value: found.bavail * found.bsize })
    })
    return [
      gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', avail),
      gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.', free),
      gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', size),
    ]
  }

  async function collect(): Promise<MetricFamily[]> {
    domainName ??= readFile('/proc/sys/kernel/domainname', 'utf8').then(
      (text) => text.trim(),
      () => '(none)',
    )
    const [statText, meminfoText, netText, diskText, loadText, mountsText, domain] = await Promise.all([
      readFile('/proc/stat', 'utf8'),
      readFile('/proc/meminfo', 'utf8'),
      readFile('/proc/net/dev', 'utf8'),
      readFile('/proc/diskstats', 'utf8'),
      readFile('/proc/loadavg', 'utf8'),
      readFile('/proc/self/mounts', 'utf8'),
      domainName,
    ])
    const stat = parseProcStat(statText)
    const memory = parseMeminfo(meminfoText)
    const net = parseNetDev(netText)
    const disks = parseDiskstats(diskText)
    const [load1, load5, load15] = parseLoadavg(loadText)

    const cpuSamples: Sample[] = []
    for (const { cpu, ticks } of stat.cpus)
      for (const mode of cpuModes) cpuSamples.push({ labels: { cpu, mode }, value: ticks[mode] / userHz })

    const families: MetricFamily[] = [
      counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', cpuSamples),
      ...memoryFields.map((field) =>
        gauge(
          `node_memory_${field}_bytes`,
          `Memory information field ${field}_bytes.`,
          memory.has(field) ? [{ value: memory.get(field)! }] : [],
        ),
      ),
      ...(['receive', 'transmit'] as const).flatMap((direction) =>
        netFields.map((field) =>
          counter(
            `node_network_${direction}_${field}_total`,
            `Network device statistic ${direction}_${field}.`,
            net.map((device) => ({ labels: { device: device.device }, value: device[direction][field] })),
          ),
        ),
      ),
      counter(
        'node_disk_reads_completed_total',
        'The total number of reads completed successfully.',
        disks.map((disk) => ({ labels: { device: disk.device }, value: disk.readsCompleted })),
      ),
      counter(
        'node_disk_read_bytes_total',
        'The total number of bytes read successfully.',
        disks.map((disk) => ({ labels: { device: disk.device }, value: disk.sectorsRead * sectorBytes })),
      ),
      counter(
        'node_disk_writes_completed_total',
        'The total number of writes completed successfully.',
        disks.map((disk) => ({ labels: { device: disk.device }, value: disk.writesCompleted })),
      ),
      counter(
        'node_disk_written_bytes_total',
        'The total number of bytes written successfully.',
        disks.map((disk) => ({ labels: { device: disk.device }, value: disk.sectorsWritten * sectorBytes })),
      ),
      ...(await fileSystems(mountsText)),
      gauge('node_load1', '1m load average.', [{ value: load1 }]),
      gauge('node_load5', '5m load average.', [{ value: load5 }]),
      gauge('node_load15', '15m load average.', [{ value: load15 }]),
      gauge('node_boot_time_seconds', 'Node boot time, in unixtime.', [{ value: stat.bootTime }]),
      gauge('node_time_seconds', 'System time in seconds since epoch (1970).', [{ value: Date.now() / 1000 }]),
      gauge('node_uname_info', 'Labeled system information as provided by the uname system call.', [
        {
          labels: {
            domainname: domain,
            machine: machine(),
            nodename: hostname(),
            release: release(),
            sysname: type(),
            version: version(),
          },
          value: 1,
        },
      ]),
    ]
    return families
  }

  return { collect }
}
