// Collectors for macOS and Windows, through systeminformation (on Windows it keeps one PowerShell
// running: powerShellStart), and the GPU collector for every platform (nvidia-smi and the like are the
// only source there, so it runs in the slow tier and only while someone watches).
import si from 'systeminformation'
import { seriesKeys, totalSubject } from '../../shared/series'
import type { Collector, SeriesValues } from './collector'

export function createSiFastCollector(): Collector {
  if (process.platform === 'win32') si.powerShellStart()
  const start = new Map<string, { rx: number; tx: number }>()
  return {
    name: 'systeminformation',
    async collect() {
      const [load, memory, network, disks] = await Promise.all([
        si.currentLoad(),
        si.mem(),
        si.networkStats('*'),
        si.fsStats().catch(() => undefined),
      ])
      const values: SeriesValues = {
        cpu_total_pct: load.currentLoad,
        cpu_user_pct: load.currentLoadUser + load.currentLoadNice,
        cpu_system_pct: load.currentLoadSystem + load.currentLoadIrq,
        mem_total_bytes: memory.total,
        mem_used_bytes: memory.total - memory.available,
        mem_used_pct: ((memory.total - memory.available) / memory.total) * 100,
        mem_available_bytes: memory.available,
        mem_cached_bytes: memory.cached,
        mem_buffers_bytes: memory.buffers,
      }
      load.cpus.forEach((core, index) => {
        values[seriesKeys.core(index, 'total_pct')] = core.load
        values[seriesKeys.core(index, 'user_pct')] = core.loadUser + core.loadNice
        values[seriesKeys.core(index, 'system_pct')] = core.loadSystem + core.loadIrq
      })
      if (memory.swaptotal > 0) {
        values.swap_total_bytes = memory.swaptotal
        values.swap_used_bytes = memory.swapused
      }
      let totalRx = 0
      let totalTx = 0
      for (const entry of network) {
        const first = start.get(entry.iface) ?? { rx: entry.rx_bytes, tx: entry.tx_bytes }
        start.set(entry.iface, first)
        values[seriesKeys.net(entry.iface, 'rx_bytes_per_s')] = entry.rx_sec ?? 0
        values[seriesKeys.net(entry.iface, 'tx_bytes_per_s')] = entry.tx_sec ?? 0
        values[seriesKeys.net(entry.iface, 'rx_bytes')] = entry.rx_bytes - first.rx
        values[seriesKeys.net(entry.iface, 'tx_bytes')] = entry.tx_bytes - first.tx
        totalRx += entry.rx_sec ?? 0
        totalTx += entry.tx_sec ?? 0
      }
      values[seriesKeys.net(totalSubject, 'rx_bytes_per_s')] = totalRx
      values[seriesKeys.net(totalSubject, 'tx_bytes_per_s')] = totalTx
      // Only the sum over all disks is available here (bytes per second; null on the first call).
      if (disks && typeof disks.rx_sec === 'number' && typeof disks.wx_sec === 'number') {
        values[seriesKeys.disk('all', 'read_bytes_per_s')] = disks.rx_sec
        values[seriesKeys.disk('all', 'write_bytes_per_s')] = disks.wx_sec
      }
      return values
    },
  }
}

export function createSiSlowCollector(): Collector {
  return {
    name: 'file systems and sensors',
    async collect() {
      const [fileSystems, temperature, battery] = await Promise.all([si.fsSize(), si.cpuTemperature(), si.battery()])
      const values: SeriesValues = {}
      for (const entry of fileSystems) {
        values[seriesKeys.fs(entry.mount, 'size_bytes')] = entry.size
        values[seriesKeys.fs(entry.mount, 'used_bytes')] = entry.used
        values[seriesKeys.fs(entry.mount, 'free_bytes')] = entry.available
        values[seriesKeys.fs(entry.mount, 'used_pct')] = entry.use
        values[seriesKeys.fs(entry.mount, 'free_pct')] = 100 - entry.use
      }
      if (typeof temperature.main === 'number') values[seriesKeys.temperature('cpu')] = temperature.main
      if (battery.hasBattery) {
        values.battery_pct = battery.percent
        values.battery_charging = battery.isCharging ? 1 : 0
        if (battery.timeRemaining > 0) values.battery_time_left_s = battery.timeRemaining * 60
      }
      return values
    },
  }
}

/** Undefined when no controller reports its load (no GPU, or a driver without a query tool). */
export async function createGpuCollector(): Promise<Collector | undefined> {
  const { controllers } = await si.graphics()
  if (!controllers.some((controller) => typeof controller.utilizationGpu === 'number')) return undefined
  return {
    name: 'GPU',
    async collect() {
      const values: SeriesValues = {}
      ;(await si.graphics()).controllers.forEach((controller, index) => {
        if (typeof controller.utilizationGpu === 'number')
          values[seriesKeys.gpu(index, 'util_pct')] = controller.utilizationGpu
        if (typeof controller.memoryUsed === 'number')
          values[seriesKeys.gpu(index, 'mem_used_bytes')] = controller.memoryUsed * 1024 * 1024
        if (typeof controller.temperatureGpu === 'number')
          values[seriesKeys.gpu(index, 'temp_c')] = controller.temperatureGpu
      })
      return values
    },
  }
}
