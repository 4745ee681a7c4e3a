// Alert rules in words, for the core's messages and the UI alike: "CPU total above 90.0 % for 30 s", with
// "… and error lines in app.log above 10 a minute" for a log rate, "… on db:9100" for a rule on a remote
// host, and when an episode ends ("ends at or below 70.0 % for 60 s").
import { formatValue } from './format'
import type { AlertRule } from './protocol'
import { describeSeries } from './series'

/** A value of the rule's series in its unit. */
export function formatRuleValue(rule: Pick<AlertRule, 'seriesKey'>, value: number): string {
  const info = describeSeries(rule.seriesKey)
  return info ? formatValue(value, info.unit) : String(value)
}

/** The clear condition a rule has: its own, or its threshold after its hold time. */
export function clearOf(rule: Pick<AlertRule, 'threshold' | 'forSeconds' | 'clear'>): NonNullable<AlertRule['clear']> {
  return rule.clear ?? { threshold: rule.threshold, forSeconds: rule.forSeconds }
}

export function describeRule(
  rule: Pick<AlertRule, 'seriesKey' | 'operator' | 'threshold' | 'forSeconds' | 'host' | 'logRate'>,
): string {
  const label = describeSeries(rule.seriesKey)?.label ?? rule.seriesKey
  const held = rule.forSeconds > 0 ? ` for ${rule.forSeconds} s` : ''
  const logRate = rule.logRate
    ? ` and ${rule.logRate.level} lines in ${rule.logRate.sourceName || rule.logRate.source} above ${rule.logRate.perMinute} a minute`
    : ''
  return `${label} ${rule.operator} ${formatRuleValue(rule, rule.threshold)}${held}${logRate}${rule.host ? ` on ${rule.host.instance}` : ''}`
}

/** When a rule's episode ends, in words: "ends at or below 70.0 % for 60 s". */
export function describeClear(
  rule: Pick<AlertRule, 'seriesKey' | 'operator' | 'threshold' | 'forSeconds' | 'clear' | 'logRate'>,
): string {
  const clear = clearOf(rule)
  const side = rule.operator === 'above' ? 'at or below' : 'at or above'
  const logRate = rule.logRate ? ` or ${rule.logRate.level} lines at or below ${rule.logRate.perMinute} a minute` : ''
  const held = clear.forSeconds > 0 ? ` for ${clear.forSeconds} s` : ''
  return `ends ${side} ${formatRuleValue(rule, clear.threshold)}${logRate}${held}`
}
