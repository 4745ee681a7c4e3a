// Alert episodes from samples: a rule fires once when its condition has held for `forSeconds`, and its
// end is noted once when the condition stops holding. Pure state, fed one sample at a time.
import { describeRule } from '../../shared/alerts'
import { formatValue } from '../../shared/format'
import type { AlertEpisode, AlertRule, MetricSample } from '../../shared/protocol'
import { describeSeries } from '../../shared/series'

interface RuleState {
  holdingSince: number | undefined
  firing: AlertEpisode | undefined
}

export interface AlertEvaluator {
  /** Feeds one sample; returns the episodes that started or ended with it. */
  evaluate(rules: AlertRule[], sample: MetricSample): AlertEpisode[]
  firing(): AlertEpisode[]
}

function formatSeriesValue(rule: AlertRule, value: number): string {
  const info = describeSeries(rule.seriesKey)
  return info ? formatValue(value, info.unit) : String(value)
}

export function createAlertEvaluator(): AlertEvaluator {
  const states = new Map<string, RuleState>()

  return {
    evaluate(rules, sample) {
      const changes: AlertEpisode[] = []
      const ruleIds = new Set(rules.map((rule) => rule.id))
      // A rule that was removed or disabled ends its episode quietly: nobody asks about it any more.
      for (const id of states.keys()) if (!ruleIds.has(id)) states.delete(id)
      for (const rule of rules) {
        if (!rule.isEnabled) {
          states.delete(rule.id)
          continue
        }
        const state = states.get(rule.id) ?? { holdingSince: undefined, firing: undefined }
        states.set(rule.id, state)
        const value = sample.values[rule.seriesKey]
        // A series with no reading (sensor gone, interface down) neither starts nor ends an episode.
        if (value === undefined) continue
        const holds = rule.operator === 'above' ? value > rule.threshold : value < rule.threshold
        if (holds) {
          state.holdingSince ??= sample.t
          if (!state.firing && sample.t - state.holdingSince >= rule.forSeconds * 1000) {
            state.firing = {
              ruleId: rule.id,
              state: 'firing',
              since: state.holdingSince,
              value,
              message: `${describeRule(rule)}: now ${formatSeriesValue(rule, value)}`,
            }
            changes.push(state.firing)
          }
        } else {
          state.holdingSince = undefined
          if (state.firing) {
            changes.push({
              ruleId: rule.id,
              state: 'resolved',
              since: sample.t,
              value,
              message: `${describeRule(rule)} no longer holds: now ${formatSeriesValue(rule, value)}`,
            })
            state.firing = undefined
          }
        }
      }
      return changes
    },
    firing() {
      return [...states.values()].flatMap((state) => (state.firing ? [state.firing] : []))
    },
  }
}
