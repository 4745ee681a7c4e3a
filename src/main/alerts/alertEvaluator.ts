// Alert episodes from readings: a rule fires once when its condition has held for `forSeconds`, and its
// end is noted once when the condition stops holding. Pure state, fed this machine's samples one at a
// time (rules without a host) and remote hosts' readings (rules with one) as they come.
import { describeRule } from '../../shared/alerts'
import { formatValue } from '../../shared/format'
import type { AlertEpisode, AlertRule, MetricSample } from '../../shared/protocol'
import { describeSeries } from '../../shared/series'

interface RuleState {
  holdingSince: number | undefined
  firing: AlertEpisode | undefined
}

export interface AlertEvaluator {
  /** Feeds one sample of this machine; returns the episodes that started or ended with it. */
  evaluate(rules: AlertRule[], sample: MetricSample): AlertEpisode[]
  /**
   * Feeds remote hosts' readings taken at `t`, by rule id (rules with a host only); a rule with no reading
   * (server unreachable, series missing) neither starts nor ends an episode.
   */
  evaluateHosts(rules: AlertRule[], readings: ReadonlyMap<string, number>, t: number): AlertEpisode[]
  firing(): AlertEpisode[]
}

function formatSeriesValue(rule: AlertRule, value: number): string {
  const info = describeSeries(rule.seriesKey)
  return info ? formatValue(value, info.unit) : String(value)
}

export function createAlertEvaluator(): AlertEvaluator {
  const states = new Map<string, RuleState>()

  /** Feeds the rules this reading concerns (`valueOf` undefined: no reading for that rule). */
  function judge(rules: AlertRule[], t: number, valueOf: (rule: AlertRule) => number | undefined): AlertEpisode[] {
    const changes: AlertEpisode[] = []
    const ruleIds = new Set(rules.map((rule) => rule.id))
    // A rule that was removed or disabled ends its episode quietly: nobody asks about it any more.
    for (const id of states.keys()) if (!ruleIds.has(id)) states.delete(id)
    for (const rule of rules) {
      if (!rule.isEnabled) {
        states.delete(rule.id)
        continue
      }
      const value = valueOf(rule)
      // A series with no reading (sensor gone, interface down, host unreadable) neither starts nor ends an episode.
      if (value === undefined) continue
      const state = states.get(rule.id) ?? { holdingSince: undefined, firing: undefined }
      states.set(rule.id, state)
      const holds = rule.operator === 'above' ? value > rule.threshold : value < rule.threshold
      if (holds) {
        state.holdingSince ??= t
        if (!state.firing && t - state.holdingSince >= rule.forSeconds * 1000) {
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
            since: t,
            value,
            message: `${describeRule(rule)} no longer holds: now ${formatSeriesValue(rule, value)}`,
          })
          state.firing = undefined
        }
      }
    }
    return changes
  }

  return {
    evaluate: (rules, sample) =>
      judge(rules, sample.t, (rule) => (rule.host ? undefined : sample.values[rule.seriesKey])),
    evaluateHosts: (rules, readings, t) => judge(rules, t, (rule) => (rule.host ? readings.get(rule.id) : undefined)),
    firing() {
      return [...states.values()].flatMap((state) => (state.firing ? [state.firing] : []))
    },
  }
}
