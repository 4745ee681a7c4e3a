// Parsers of the kernel's own counters as /proc shows them (proc(5)), pure functions of the file's text so
// that each is tested against fixture text. Values stay as the kernel counts them (ticks, kB, sectors);
// nodeCollector.ts converts units.

/** One CPU's line of /proc/stat: ticks (USER_HZ) spent in each mode since boot. */
export interface CpuTimes {
  cpu: string
  ticks: Record<CpuMode, number>
}

/** The modes node_exporter reports, in /proc/stat's order (guest time is already inside user and nice). */
export const cpuModes = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const
export type CpuMode = (typeof cpuModes)[number]

export interface ProcStat {
  cpus: CpuTimes[]
  /** Boot time, seconds since the epoch (btime). */
  bootTime: number
}

/** /proc/stat: each "cpuN" line (not the "cpu" total) and btime. */
export function parseProcStat(text: string): ProcStat {
  const cpus: CpuTimes[] = []
  let bootTime = NaN
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    const key = fields[0]!
    if (/^cpu\d+$/.test(key)) {
      const ticks = {} as Record<CpuMode, number>
      cpuModes.forEach((mode, index) => (ticks[mode] = Number(fields[index + 1] ?? 0)))
      cpus.push({ cpu: key.slice(3), ticks })
    } else if (key === 'btime') {
      bootTime = Number(fields[1])
    }
  }
  return { cpus, bootTime }
}

/** /proc/meminfo: each field in bytes (the file says kB and means KiB; a field without a unit is a count). */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([^:\s]+):\s+(\d+)(\s+kB)?\s*$/.exec(line)
    if (match) fields.set(match[1]!, Number(match[2]) * (match[3] ? 1024 : 1))
  }
  return fields
}

export interface NetDevice {
  device: string
  receive: NetCounters
  transmit: NetCounters
}

export interface NetCounters {
  bytes: number
  packets: number
  errs: number
  drop: number
}

/** /proc/net/dev: after two header lines, "name: 8 receive fields 8 transmit fields" per interface. */
export function parseNetDev(text: string): NetDevice[] {
  const devices: NetDevice[] = []
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const values = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number)
    if (values.length < 16) continue
    const counters = (offset: number): NetCounters => ({
      bytes: values[offset]!,
      packets: values[offset + 1]!,
      errs: values[offset + 2]!,
      drop: values[offset + 3]!,
    })
    devices.push({ device: line.slice(0, colon).trim(), receive: counters(0), transmit: counters(8) })
  }
  return devices
}

export interface DiskCounters {
  device: string
  readsCompleted: number
  sectorsRead: number
  writesCompleted: number
  sectorsWritten: number
}

/**
 * node_exporter's default device-exclude: RAM disks, loop devices, floppies and partitions (the whole
 * disk already counts their I/O).
 */
const excludedDisks = /^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/

/** /proc/diskstats: "major minor name" then the I/O fields (Documentation/admin-guide/iostats.rst). */
export function parseDiskstats(text: string): DiskCounters[] {
  const disks: DiskCounters[] = []
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 14) continue
    const device = fields[2]!
    if (excludedDisks.test(device)) continue
    disks.push({
      device,
      readsCompleted: Number(fields[3]),
      sectorsRead: Number(fields[5]),
      writesCompleted: Number(fields[7]),
      sectorsWritten: Number(fields[9]),
    })
  }
  return disks
}

export interface Mount {
  device: string
  mountpoint: string
  fstype: string
}

/** node_exporter's default fs-types-exclude: pseudo and read-only image file systems. */
const pseudoFileSystems =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/
/** node_exporter's default mount-points-exclude: the kernel's and containers' own trees. */
const excludedMountpoints =
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/

/** The kernel writes space, tab, newline and backslash in mount fields as \ooo octal escapes. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}

/**
 * /proc/self/mounts, real file systems only: pseudo file systems and the kernel's trees are left out, and a
 * mount point mounted over keeps only its last (visible) mount.
 */
export function parseMounts(text: string): Mount[] {
  const byMountpoint = new Map<string, Mount>()
  for (const line of text.split('\n')) {
    const fields = line.split(' ')
    if (fields.length < 3) continue
    const mount = {
      device: unescapeMountField(fields[0]!),
      mountpoint: unescapeMountField(fields[1]!),
      fstype: fields[2]!,
    }
    if (pseudoFileSystems.test(mount.fstype) || excludedMountpoints.test(mount.mountpoint)) continue
    byMountpoint.delete(mount.mountpoint)
    byMountpoint.set(mount.mountpoint, mount)
  }
  return [...byMountpoint.values()]
}

/** /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): [number, number, number] {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number)
  return [one ?? NaN, five ?? NaN, fifteen ?? NaN]
}
