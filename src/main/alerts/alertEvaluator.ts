// Alert episodes from readings: a rule fires once when its condition has held for `forSeconds` (the hold
// time), and its end is noted once when its clear condition has held for the clear time without a break,
// so a reading or two back across the line never ends an episode (nor opens the next). A rule's condition
// may combine its series with a log rate (AND): the episode then ends when either stops holding for the
// clear time. Pure state, fed this machine's samples one at a time (rules without a host) and remote
// hosts' readings (rules with one) as they come.
import { clearOf, describeRule, formatRuleValue } from '../../shared/alerts'
import type { AlertEpisode, AlertLogRate, AlertRule, MetricSample } from '../../shared/protocol'

interface RuleState {
  holdingSince: number | undefined
  clearingSince: number | undefined
  firing: AlertEpisode | undefined
}

/** Lines a minute of a rule's log condition now. */
export type LineRateReader = (condition: AlertLogRate) => number

export interface AlertEvaluator {
  /** Feeds one sample of this machine; returns the episodes that started or ended with it. */
  evaluate(rules: AlertRule[], sample: MetricSample, lineRate?: LineRateReader): AlertEpisode[]
  /**
   * Feeds remote hosts' readings taken at `t`, by rule id (rules with a host only); a rule with no reading
   * (server unreachable, series missing) neither starts nor ends an episode.
   */
  evaluateHosts(rules: AlertRule[], readings: ReadonlyMap<string, number>, t: number): AlertEpisode[]
  firing(): AlertEpisode[]
}

/** One reading of a rule: its series' value and, for a rule with a log condition, the lines a minute. */
interface Reading {
  value: number
  perMinute?: number
}

function describeReading(rule: AlertRule, { value, perMinute }: Reading): string {
  const lines =
    rule.logRate && perMinute !== undefined ? `, ${Math.round(perMinute)} ${rule.logRate.level} lines a minute` : ''
  return `now ${formatRuleValue(rule, value)}${lines}`
}

function conditionHolds(rule: AlertRule, { value, perMinute }: Reading): boolean {
  const seriesHolds = rule.operator === 'above' ? value > rule.threshold : value < rule.threshold
  return seriesHolds && (!rule.logRate || (perMinute ?? 0) > rule.logRate.perMinute)
}

function clearHolds(rule: AlertRule, { value, perMinute }: Reading): boolean {
  const { threshold } = clearOf(rule)
  const seriesClears = rule.operator === 'above' ? value <= threshold : value >= threshold
  return seriesClears || (rule.logRate !== undefined && (perMinute ?? 0) <= rule.logRate.perMinute)
}

export function createAlertEvaluator(): AlertEvaluator {
  const states = new Map<string, RuleState>()

  /** Feeds the rules this reading concerns (`readingOf` undefined: no reading for that rule). */
  function judge(rules: AlertRule[], t: number, readingOf: (rule: AlertRule) => Reading | undefined): AlertEpisode[] {
    const changes: AlertEpisode[] = []
    const ruleIds = new Set(rules.map((rule) => rule.id))
    // A rule that was removed or disabled ends its episode quietly: nobody asks about it any more.
    for (const id of states.keys()) if (!ruleIds.has(id)) states.delete(id)
    for (const rule of rules) {
      if (!rule.isEnabled) {
        states.delete(rule.id)
        continue
      }
      const reading = readingOf(rule)
      // A series with no reading (sensor gone, interface down, host unreadable) neither starts nor ends an episode.
      if (reading === undefined) continue
      const state = states.get(rule.id) ?? { holdingSince: undefined, clearingSince: undefined, firing: undefined }
      states.set(rule.id, state)
      if (!state.firing) {
        state.holdingSince = conditionHolds(rule, reading) ? (state.holdingSince ?? t) : undefined
        if (state.holdingSince !== undefined && t - state.holdingSince >= rule.forSeconds * 1000) {
          state.firing = {
            ruleId: rule.id,
            state: 'firing',
            since: state.holdingSince,
            value: reading.value,
            message: `${describeRule(rule)}: ${describeReading(rule, reading)}`,
          }
          state.holdingSince = undefined
          changes.push(state.firing)
        }
        continue
      }
      state.clearingSince = clearHolds(rule, reading) ? (state.clearingSince ?? t) : undefined
      if (state.clearingSince !== undefined && t - state.clearingSince >= clearOf(rule).forSeconds * 1000) {
        changes.push({
          ruleId: rule.id,
          state: 'resolved',
          since: state.clearingSince,
          value: reading.value,
          message: `${describeRule(rule)} no longer holds: ${describeReading(rule, reading)}`,
        })
        state.firing = undefined
        state.clearingSince = undefined
      }
    }
    return changes
  }

  return {
    evaluate(rules, sample, lineRate) {
      return judge(rules, sample.t, (rule) => {
        const value = rule.host ? undefined : sample.values[rule.seriesKey]
        if (value === undefined) return undefined
        return rule.logRate ? { value, perMinute: lineRate?.(rule.logRate) ?? 0 } : { value }
      })
    },
    evaluateHosts(rules, readings, t) {
      return judge(rules, t, (rule) => {
        const value = rule.host ? readings.get(rule.id) : undefined
        return value === undefined ? undefined : { value }
      })
    },
    firing() {
      return [...states.values()].flatMap((state) => (state.firing ? [state.firing] : []))
    },
  }
}
