// Vigil's own series (vigil_*): log lines counted by source and level since the core started, each enabled
// alert rule's state, the build; and the core process's CPU, memory and start time under the names every
// Prometheus client library gives them (process_*).
import type { AlertsEventData } from '../../shared/protocol'
import type { LogLine } from '../../shared/logs'
import type { MetricFamily, Sample } from './exposition'

export interface VigilCollectorDeps {
  version: string
  /** Follows every log source's whole lines (the logs capability's followAll); returns the unsubscribe. */
  followLogLines(listener: (lines: readonly LogLine[]) => void): () => void
  alertState(): AlertsEventData
}

export interface VigilCollector {
  collect(): MetricFamily[]
  dispose(): void
}

export function createVigilCollector({ version, followLogLines, alertState }: VigilCollectorDeps): VigilCollector {
  // Keyed by source, then level: a counter per pair, from the core's start.
  const lineCounts = new Map<string, Map<string, number>>()
  const unsubscribe = followLogLines((lines) => {
    for (const line of lines) {
      let bySource = lineCounts.get(line.source)
      if (!bySource) lineCounts.set(line.source, (bySource = new Map()))
      const level = line.level ?? 'none'
      bySource.set(level, (bySource.get(level) ?? 0) + 1)
    }
  })
  const startTimeSeconds = Date.now() / 1000 - process.uptime()

  function collect(): MetricFamily[] {
    const lines: Sample[] = []
    for (const [source, byLevel] of lineCounts)
      for (const [level, count] of byLevel) lines.push({ labels: { source, level }, value: count })
    const { rules, firing } = alertState()
    const firingIds = new Set(firing.map((episode) => episode.ruleId))
    const cpu = process.cpuUsage()
    return [
      {
        name: 'vigil_log_lines_total',
        help: 'Whole log lines Vigil read since it started, by source and level (none: no level found).',
        type: 'counter',
        samples: lines,
      },
      {
        name: 'vigil_alert_firing',
        help: 'Whether each enabled alert rule is firing (1) or not (0).',
        type: 'gauge',
        samples: rules
          .filter((rule) => rule.isEnabled)
          .map((rule) => ({
            labels: { rule_id: rule.id, series: rule.seriesKey },
            value: firingIds.has(rule.id) ? 1 : 0,
          })),
      },
      {
        name: 'vigil_build_info',
        help: 'The running Vigil: its version and the Node.js it runs on.',
        type: 'gauge',
        samples: [{ labels: { version, nodejs: process.versions.node }, value: 1 }],
      },
      {
        name: 'process_cpu_seconds_total',
        help: 'Total user and system CPU time spent in seconds.',
        type: 'counter',
        samples: [{ value: (cpu.user + cpu.system) / 1e6 }],
      },
      {
        name: 'process_resident_memory_bytes',
        help: 'Resident memory size in bytes.',
        type: 'gauge',
        samples: [{ value: process.memoryUsage.rss() }],
      },
      {
        name: 'process_start_time_seconds',
        help: 'Start time of the process since unix epoch in seconds.',
        type: 'gauge',
        samples: [{ value: startTimeSeconds }],
      },
    ]
  }

  return { collect, dispose: unsubscribe }
}
