// Parsers for mount tables and sysfs sensor files. Pure functions of text, tested on fixtures.

export interface MountEntry {
  device: string
  mount: string
  type: string
}

/** File system types that hold files a user cares about; pseudo and virtual ones are left out. */
const storageTypes = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'apfs',
  'hfsplus',
  'reiserfs',
  'jfs',
  'bcachefs',
])

/** /proc/self/mounts escapes space, tab, newline and backslash as octal (\040 …): getmntent(3). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}

/**
 * Storage mounts, one per device (a bind mount of the same device is the same space; the shortest path
 * names it). An overlay mounted at / counts: it is the root of a container.
 */
export function parseMounts(text: string): MountEntry[] {
  const byDevice = new Map<string, MountEntry>()
  for (const line of text.split('\n')) {
    const [device, mount, type] = line.split(' ')
    if (!device || !mount || !type) continue
    const entry = { device: unescapeMountField(device), mount: unescapeMountField(mount), type }
    if (!storageTypes.has(type) && !(type === 'overlay' && entry.mount === '/')) continue
    const known = byDevice.get(entry.device)
    if (!known || entry.mount.length < known.mount.length) byDevice.set(entry.device, entry)
  }
  return [...byDevice.values()].sort((a, b) => a.mount.localeCompare(b.mount))
}

export interface FileSystemUsage {
  sizeBytes: number
  usedBytes: number
  /** Free for an ordinary user: what df calls "Avail". */
  freeBytes: number
  /** used / (used + free), as df computes Use%: the root-reserved blocks count as neither. */
  usedPct: number
}

export function fileSystemUsage(stats: {
  bsize: number
  blocks: number
  bfree: number
  bavail: number
}): FileSystemUsage {
  const sizeBytes = stats.blocks * stats.bsize
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize
  const freeBytes = stats.bavail * stats.bsize
  const usable = usedBytes + freeBytes
  return { sizeBytes, usedBytes, freeBytes, usedPct: usable > 0 ? (usedBytes / usable) * 100 : 0 }
}

/** hwmon drivers that measure the CPU package; their hottest input is reported as the CPU temperature. */
export const cpuSensorNames = new Set(['coretemp', 'k10temp', 'zenpower', 'cpu_thermal', 'soc_thermal', 'acpitz'])

export interface BatteryReading {
  pct: number
  isCharging: boolean
  /** Seconds until empty while discharging, undefined when unknown or charging. */
  timeLeftSeconds: number | undefined
}

/** A power_supply folder's uevent file: POWER_SUPPLY_CAPACITY=87 and so on. */
export function parseBatteryUevent(text: string): BatteryReading | undefined {
  const fields = new Map<string, string>()
  for (const match of text.matchAll(/^POWER_SUPPLY_([A-Z_]+)=(.*)$/gm)) fields.set(match[1]!, match[2]!)
  if (fields.get('TYPE') !== 'Battery' || fields.get('PRESENT') === '0') return undefined
  const capacity = Number(fields.get('CAPACITY'))
  if (!Number.isFinite(capacity)) return undefined
  const status = fields.get('STATUS') ?? ''
  const isCharging = status === 'Charging' || status === 'Full'
  // energy in µWh with power in µW, or charge in µAh with current in µA: either ratio gives hours.
  const energy = Number(fields.get('ENERGY_NOW') ?? fields.get('CHARGE_NOW'))
  const rate = Number(fields.get('POWER_NOW') ?? fields.get('CURRENT_NOW'))
  const timeLeftSeconds = !isCharging && energy > 0 && rate > 0 ? Math.round((energy / rate) * 3600) : undefined
  return { pct: capacity, isCharging, timeLeftSeconds }
}
