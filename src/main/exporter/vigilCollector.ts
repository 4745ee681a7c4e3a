// Vigil's own series (vigil_*): log lines counted by source and level since the core started, each enabled
// alert rule's state, the chat's answers, tokens and last streaming rate by model, the build; and the core process's CPU, memory and start time under the names every
// Prometheus client library gives them (process_*).
import type { AnswerMeta } from '../../shared/chat'
import type { AlertsEventData } from '../../shared/protocol'
import { activityLevels, type LineTally } from '../../shared/recorder'
import type { MetricFamily, Sample } from './exposition'

export interface VigilCollectorDeps {
  version: string
  /** Follows every log source's reads, counted by level (the logs capability's followAll); returns the unsubscribe. */
  followLogLines(listener: (tally: LineTally) => void): () => void
  alertState(): AlertsEventData
  /** Follows every chat answer as it ends; returns the unsubscribe. */
  followAnswers(listener: (answer: AnswerMeta) => void): () => void
}

export interface VigilCollector {
  collect(): MetricFamily[]
  dispose(): void
}

/** Adds one to the count kept under these labels (joined by a character no label holds). */
function countUp(counts: Map<string, number>, labels: string[], by = 1): void {
  const key = labels.join('\u0000')
  counts.set(key, (counts.get(key) ?? 0) + by)
}

function samplesOf(counts: Map<string, number>, names: string[]): Sample[] {
  return [...counts].map(([key, value]) => {
    const values = key.split('\u0000')
    return { labels: Object.fromEntries(names.map((name, index) => [name, values[index]!])), value }
  })
}

export function createVigilCollector({
  version,
  followLogLines,
  alertState,
  followAnswers,
}: VigilCollectorDeps): VigilCollector {
  // Keyed by source, then level: a counter per pair, from the core's start.
  const lineCounts = new Map<string, Map<string, number>>()
  const unsubscribe = followLogLines((tally) => {
    let bySource = lineCounts.get(tally.source)
    if (!bySource) lineCounts.set(tally.source, (bySource = new Map()))
    for (const level of activityLevels) {
      if (tally.levels[level] === 0) continue
      const label = level === 'unleveled' ? 'none' : level
      bySource.set(label, (bySource.get(label) ?? 0) + tally.levels[level])
    }
  })
  const answers = new Map<string, number>()
  const completionTokens = new Map<string, number>()
  const lastRates = new Map<string, number>()
  const stopFollowingAnswers = followAnswers((answer) => {
    const model = answer.model || 'unknown'
    countUp(answers, [model, answer.state])
    if (answer.usage) countUp(completionTokens, [model], answer.usage.completionTokens)
    if (answer.tokensPerSecond !== undefined) lastRates.set(model, answer.tokensPerSecond)
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
        name: 'vigil_chat_answers_total',
        help: 'Chat answers that ended since Vigil started, by model and how they ended.',
        type: 'counter',
        samples: samplesOf(answers, ['model', 'state']),
      },
      {
        name: 'vigil_chat_completion_tokens_total',
        help: 'Tokens the models wrote in chat answers since Vigil started, where the endpoint reported them.',
        type: 'counter',
        samples: samplesOf(completionTokens, ['model']),
      },
      {
        name: 'vigil_chat_tokens_per_second',
        help: 'The streaming rate of the last chat answer of each model, in tokens per second.',
        type: 'gauge',
        samples: [...lastRates].map(([model, value]) => ({ labels: { model }, value })),
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

  return {
    collect,
    dispose() {
      unsubscribe()
      stopFollowingAnswers()
    },
  }
}
