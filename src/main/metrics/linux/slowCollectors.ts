// The slower tier on Linux, every few seconds: file systems (statfs on each storage mount), temperatures
// (hwmon) and battery (power_supply). All plain file reads: no child process. Absent sensors give no
// series at all, so the UI hides them instead of drawing zeros.
// The mount table and the sysfs folder listings are kernel memory, read synchronously (procText.ts);
// what may wait on hardware or the network stays asynchronous: statfs (a stale network mount), sensor
// inputs and battery state (some drivers ask the chip or ACPI, which takes milliseconds).
import { existsSync, readdirSync } from 'node:fs'
import { readFile, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { seriesKeys } from '../../../shared/series'
import type { Collector, SeriesValues } from '../collector'
import { openProcFile, readProcText } from './procText'
import { cpuSensorNames, fileSystemUsage, parseBatteryUevent, parseMounts, type MountEntry } from './sysfs'

export function readStorageMounts(): MountEntry[] {
  return parseMounts(readProcText('/proc/self/mounts'))
}

/**
 * A sysfs folder's entries; none when it does not exist (no hwmon in a virtual machine). Asked first
 * whether it exists: a thrown ENOENT every few seconds would build an Error and its stack each time.
 */
function listFolder(path: string): string[] {
  if (!existsSync(path)) return []
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}

export function createLinuxFileSystemCollector(): Collector {
  // The mount table seldom changes. Its file is kept open, as opening it costs more than reading it
  // (the kernel takes hold of the mount namespace), and its entries are parsed again only when its bytes
  // differ from the last reading's.
  const mountsFile = openProcFile('/proc/self/mounts')
  let mountsBytes = Buffer.alloc(0)
  let mounts: MountEntry[] = []
  return {
    name: 'file systems',
    async collect() {
      const bytes = mountsFile.read()
      if (!bytes.equals(mountsBytes)) {
        mountsBytes = Buffer.from(bytes)
        mounts = parseMounts(mountsBytes.toString('utf8'))
      }
      const values: SeriesValues = {}
      for (const { mount } of mounts) {
        // A stale network mount or a vanished device fails alone; the other mounts are still reported.
        const stats = await statfs(mount).catch(() => undefined)
        if (!stats || stats.blocks === 0) continue
        const usage = fileSystemUsage(stats)
        values[seriesKeys.fs(mount, 'size_bytes')] = usage.sizeBytes
        values[seriesKeys.fs(mount, 'used_bytes')] = usage.usedBytes
        values[seriesKeys.fs(mount, 'free_bytes')] = usage.freeBytes
        values[seriesKeys.fs(mount, 'used_pct')] = usage.usedPct
        values[seriesKeys.fs(mount, 'free_pct')] = 100 - usage.usedPct
      }
      return values
    },
    dispose: () => mountsFile.close(),
  }
}

const hwmonRoot = '/sys/class/hwmon'

/** One series per hwmon device, its hottest input; CPU package sensors are reported as temp_cpu_c. */
export function createLinuxTemperatureCollector(): Collector {
  return {
    name: 'temperatures',
    async collect() {
      const values: SeriesValues = {}
      for (const device of listFolder(hwmonRoot)) {
        const folder = join(hwmonRoot, device)
        const name = (await readFile(join(folder, 'name'), 'utf8').catch(() => '')).trim()
        const inputs = listFolder(folder).filter((file) => /^temp\d+_input$/.test(file))
        const readings = await Promise.all(
          inputs.map((file) =>
            readFile(join(folder, file), 'utf8').then(
              (text) => Number(text) / 1000,
              () => Number.NaN,
            ),
          ),
        )
        const hottest = Math.max(
          ...readings.filter((celsius) => Number.isFinite(celsius) && celsius > -40 && celsius < 150),
        )
        if (!name || !Number.isFinite(hottest)) continue
        const key = seriesKeys.temperature(cpuSensorNames.has(name) ? 'cpu' : name)
        values[key] = Math.max(values[key] ?? -Infinity, hottest)
      }
      return values
    },
  }
}

const powerSupplyRoot = '/sys/class/power_supply'

export function createLinuxBatteryCollector(): Collector {
  return {
    name: 'battery',
    async collect() {
      for (const supply of listFolder(powerSupplyRoot)) {
        const battery = parseBatteryUevent(
          await readFile(join(powerSupplyRoot, supply, 'uevent'), 'utf8').catch(() => ''),
        )
        if (!battery) continue
        const values: SeriesValues = { battery_pct: battery.pct, battery_charging: battery.isCharging ? 1 : 0 }
        if (battery.timeLeftSeconds !== undefined) values.battery_time_left_s = battery.timeLeftSeconds
        return values
      }
      return {}
    },
  }
}
