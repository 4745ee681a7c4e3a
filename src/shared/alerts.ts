// Alert rules in words, for the core's messages and the UI alike: "CPU total above 90.0 % for 30 s", and
// "… on db:9100" for a rule on a remote host.
import { formatValue } from './format'
import type { AlertRule } from './protocol'
import { describeSeries } from './series'

export function describeRule(
  rule: Pick<AlertRule, 'seriesKey' | 'operator' | 'threshold' | 'forSeconds' | 'host'>,
): string {
  const info = describeSeries(rule.seriesKey)
  const label = info?.label ?? rule.seriesKey
  const threshold = info ? formatValue(rule.threshold, info.unit) : String(rule.threshold)
  const held = rule.forSeconds > 0 ? ` for ${rule.forSeconds} s` : ''
  return `${label} ${rule.operator} ${threshold}${held}${rule.host ? ` on ${rule.host.instance}` : ''}`
}
