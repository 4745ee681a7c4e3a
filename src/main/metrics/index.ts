// The metrics capability: collectors chosen for the platform, the histories, the one sampler, the
// on-demand process list and machine info, and their routes. Built once by the core; dispose() stops every loop.
import type { MachineInfo } from '../../shared/protocol'
import type { Capability } from '../capability'
import type { Logger } from '../logger'
import type { Collector } from './collector'
import { createLinuxFastCollector } from './linux/fastCollector'
import {
  createLinuxBatteryCollector,
  createLinuxFileSystemCollector,
  createLinuxTemperatureCollector,
} from './linux/slowCollectors'
import { createMachineInfoReader } from './machineInfo'
import { createMetricsRoutes, type MetricsRouteDeps } from './metricsRoutes'
import { createMinuteHistory, type MinuteHistory } from './minuteHistory'
import { createProcessMonitor, type ProcessMonitor } from './processMonitor'
import { createProcessActions, type ProcessActions } from './processActions'
import { createSampleHistory, type SampleHistory } from './sampleHistory'
import { createSampler, type Sampler, type SlowTier } from './sampler'
import { createGpuCollector, createSiFastCollector, createSiSlowCollector } from './siCollectors'

export type { MinuteHistory, ProcessMonitor, SampleHistory, Sampler }
/** The machine header alone, for a process that reads it without sampling (the MCP command). */
export { createMachineInfoReader }
export { clockTicksPerSecond, readProcessUsage } from './linux/processes'

/** One hour at one sample a second. */
export const fastHistoryCapacity = 3600
/** 24 hours of minutes. */
export const minuteHistoryCapacity = 1440
/** Enough for every core, interface, disk and mount of a big machine; bounds the histories' memory. */
export const maxSeries = 512
const slowIntervalMs = 5000

export interface MetricsDeps {
  intervalMs: number
  logger: Logger
  /** Stream ids carry it, so a client of an earlier core is never resumed by sequence number alone. */
  instanceId: string
  keepAliveMs: number
  /** What came before the in-memory history (the recorder's samples): a new client's window starts with it. */
  past?: MetricsRouteDeps['past']
}

export interface Metrics {
  sampler: Sampler
  history: SampleHistory
  historyCapacity: number
  minutes: MinuteHistory
  processes: ProcessMonitor
  /** One process in detail, and the signals the user may send it. */
  processActions: ProcessActions
  machineInfo(): Promise<MachineInfo>
  /** Marks a client watching the metrics (costly collectors run only then); returns the release. */
  watch(): () => void
}

export async function createMetrics(deps: MetricsDeps): Promise<Capability<Metrics>> {
  const { intervalMs, logger } = deps
  const isLinux = process.platform === 'linux'
  let watchers = 0
  const isWatched = () => watchers > 0
  const fast: Collector = isLinux ? await createLinuxFastCollector() : createSiFastCollector()
  const slow: SlowTier[] = isLinux
    ? [createLinuxFileSystemCollector(), createLinuxTemperatureCollector(), createLinuxBatteryCollector()].map(
        (collector) => ({ collector, intervalMs: slowIntervalMs }),
      )
    : [{ collector: createSiSlowCollector(), intervalMs: slowIntervalMs, isNeeded: isWatched }]
  const gpu = await createGpuCollector().catch(() => undefined)
  if (gpu) slow.push({ collector: gpu, intervalMs: slowIntervalMs, isNeeded: isWatched })

  const onSeriesLimit = (key: string) =>
    logger.warn('metrics', `more than ${maxSeries} series: ${key} and later new ones are not kept in the history`)
  const history = createSampleHistory({ capacity: fastHistoryCapacity, maxSeries, onSeriesLimit })
  const minutes = createMinuteHistory({ capacity: minuteHistoryCapacity, maxSeries, samples: history })
  const sampler = createSampler({ intervalMs, fast, slow, history, minutes, logger })

  const api: Metrics = {
    sampler,
    history,
    historyCapacity: fastHistoryCapacity,
    minutes,
    processes: createProcessMonitor(),
    processActions: createProcessActions(),
    machineInfo: createMachineInfoReader(),
    watch() {
      watchers += 1
      let isReleased = false
      return () => {
        if (isReleased) return
        isReleased = true
        watchers -= 1
      }
    },
  }
  return {
    api,
    routes: createMetricsRoutes({
      instanceId: deps.instanceId,
      metrics: api,
      keepAliveMs: deps.keepAliveMs,
      past: deps.past,
    }),
    dispose: () => sampler.dispose(),
  }
}
