// Alert rules, edited where the series are: on any series the Metrics view shows, above or below a
// threshold (in the series' unit), held for some seconds, ending past a clear threshold (the same one
// unless set) held for its own seconds; on this machine, optionally with a log rate that must hold too
// (lines of a level in a source, a minute), or on a host of the Hosts view's Prometheus servers (CPU and
// memory used %), each such rule with its last reading or why it has none. Saved in the core, which
// evaluates them. Below the rules, the recent episodes with what went on at their start.
import { useEffect, useState } from 'react'
import { describeClear, describeRule } from '../../../../shared/alerts'
import { hostAlertSeriesKeys, type AlertHost, type HostRuleState } from '../../../../shared/fleet'
import type { LogLevelName } from '../../../../shared/logs'
import type { AlertRule } from '../../../../shared/protocol'
import { alertableSeries, describeSeries, groupSeries, type SeriesUnit } from '../../../../shared/series'
import { loadServers, useHostsStore } from '../hosts'
import { refreshSources, useSourcesStore } from '../logs'
import { allowNotifications, newRuleId, saveRules, useAlertsStore } from './alertsStore'
import { EpisodeList } from './EpisodeList'
import './alerts.css'

/** Thresholds are typed in a readable unit: bytes as MiB. */
const inputUnits: Partial<Record<SeriesUnit, { label: string; scale: number }>> = {
  pct: { label: '%', scale: 1 },
  bytes: { label: 'MiB', scale: 1024 * 1024 },
  bytes_per_s: { label: 'MiB/s', scale: 1024 * 1024 },
  celsius: { label: '°C', scale: 1 },
  mhz: { label: 'MHz', scale: 1 },
  seconds: { label: 's', scale: 1 },
}

/** A host's value in the Machine choice: server id and instance, apart by a character neither holds. */
const hostChoice = (host: AlertHost) => `${host.serverId}\u0000${host.instance}`
const thisMachine = ''
const logLevels: LogLevelName[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace']

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text))
const isSeconds = (text: string) => /^\d+$/.test(text)

/** A short field of the rule form: a number as typed, named by `label`. */
function RuleInput({
  label,
  isDecimal = false,
  value,
  onChange,
  placeholder,
  disabled,
}: {
  label: string
  isDecimal?: boolean
  value: string
  onChange: (value: string) => void
  placeholder?: string
  disabled?: boolean
}) {
  return (
    <input
      aria-label={label}
      inputMode={isDecimal ? 'decimal' : 'numeric'}
      value={value}
      placeholder={placeholder}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}

/** A rule on a remote host: its last reading, or why it has none. */
function HostRuleNote({ rule, reading }: { rule: AlertRule; reading: HostRuleState | undefined }) {
  if (!rule.host || !reading) return null
  const unit = describeSeries(rule.seriesKey)?.unit === 'pct' ? ' %' : ''
  const text =
    reading.state === 'ok'
      ? `now ${reading.value.toFixed(1)}${unit}`
      : reading.state === 'pending'
        ? 'not read yet'
        : reading.state === 'missing'
          ? `no data: ${reading.message}`
          : `cannot read: ${reading.message}`
  return (
    <span className="caption host-rule-state" data-testid="host-rule-state" data-state={reading.state}>
      {text}
    </span>
  )
}

/** The hosts a rule may watch: every target of every server the Hosts view knows. */
function useHostChoices(): { value: string; label: string; host: AlertHost }[] {
  const servers = useHostsStore((state) => state.servers)
  const targets = useHostsStore((state) => state.targets)
  useEffect(() => void loadServers(), [])
  return servers.flatMap((server) =>
    (targets[server.id]?.targets ?? []).map((target) => {
      const host = { serverId: server.id, instance: target.instance }
      return { value: hostChoice(host), label: `${server.name} · ${target.instance}`, host }
    }),
  )
}

/** `seriesKeys`: the series the Metrics view has, to choose a rule's series from (those that can change). */
export function AlertsPanel({ seriesKeys }: { seriesKeys: readonly string[] }) {
  const { rules, hostStates, saveError, notificationPermission } = useAlertsStore()
  const hosts = useHostChoices()
  const [machine, setMachine] = useState(thisMachine)
  const [seriesKey, setSeriesKey] = useState('cpu_total_pct')
  const host = hosts.find((choice) => choice.value === machine)?.host
  const offeredKeys: readonly string[] = host ? hostAlertSeriesKeys : seriesKeys
  const [operator, setOperator] = useState<AlertRule['operator']>('above')
  const [threshold, setThreshold] = useState('90')
  const [forSeconds, setForSeconds] = useState('30')
  // Empty: the rule's own threshold and hold time.
  const [clearThreshold, setClearThreshold] = useState('')
  const [clearSeconds, setClearSeconds] = useState('')
  const [hasLogRate, setHasLogRate] = useState(false)
  const sources = useSourcesStore((state) => state.sources)
  const [logSource, setLogSource] = useState('')
  const [logLevel, setLogLevel] = useState<LogLevelName>('error')
  const [perMinute, setPerMinute] = useState('10')
  useEffect(() => void refreshSources(), [])
  const source = sources.find((entry) => entry.id === logSource) ?? sources[0]
  const unit = inputUnits[describeSeries(seriesKey)?.unit ?? 'load'] ?? { label: '', scale: 1 }
  const isLogRateOn = hasLogRate && machine === thisMachine
  const isClearOnItsSide =
    !isNumber(clearThreshold) ||
    (operator === 'above' ? Number(clearThreshold) <= Number(threshold) : Number(clearThreshold) >= Number(threshold))
  const isValid =
    isNumber(threshold) &&
    isSeconds(forSeconds) &&
    (clearThreshold.trim() === '' || isNumber(clearThreshold)) &&
    (clearSeconds.trim() === '' || isSeconds(clearSeconds)) &&
    isClearOnItsSide &&
    (!isLogRateOn || (source !== undefined && isNumber(perMinute) && Number(perMinute) >= 0)) &&
    offeredKeys.includes(seriesKey) &&
    (machine === thisMachine || host !== undefined)

  const chooseMachine = (value: string) => {
    setMachine(value)
    if (value !== thisMachine && !(hostAlertSeriesKeys as readonly string[]).includes(seriesKey))
      setSeriesKey(hostAlertSeriesKeys[0])
  }

  const add = () => {
    const rule: AlertRule = {
      id: newRuleId(),
      seriesKey,
      operator,
      threshold: Number(threshold) * unit.scale,
      forSeconds: Number(forSeconds),
      isEnabled: true,
      ...(host ? { host } : {}),
    }
    if (clearThreshold.trim() !== '' || clearSeconds.trim() !== '')
      rule.clear = {
        threshold: clearThreshold.trim() === '' ? rule.threshold : Number(clearThreshold) * unit.scale,
        forSeconds: clearSeconds.trim() === '' ? rule.forSeconds : Number(clearSeconds),
      }
    if (isLogRateOn && source)
      rule.logRate = { source: source.id, sourceName: source.name, level: logLevel, perMinute: Number(perMinute) }
    void saveRules([...rules, rule])
  }

  return (
    <section className="panel alerts-panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <ul className="alert-rules">
        {rules.map((rule) => (
          <li key={rule.id}>
            <label>
              <input
                type="checkbox"
                checked={rule.isEnabled}
                onChange={() =>
                  void saveRules(
                    rules.map((other) => (other.id === rule.id ? { ...other, isEnabled: !other.isEnabled } : other)),
                  )
                }
              />
              <span>
                {describeRule(rule)}
                <span className="caption"> · {describeClear(rule)}</span>
              </span>
            </label>
            <HostRuleNote rule={rule} reading={hostStates[rule.id]} />
            <button
              type="button"
              className="button"
              onClick={() => void saveRules(rules.filter((other) => other.id !== rule.id))}
            >
              Remove
            </button>
          </li>
        ))}
        {rules.length === 0 && (
          <li className="caption">
            No rules yet. An alert notifies once when its condition starts to hold, and notes when it ends.
          </li>
        )}
      </ul>
      <div className="alert-form">
        <div className="alert-form-row">
          <select aria-label="Machine" value={machine} onChange={(event) => chooseMachine(event.target.value)}>
            <option value={thisMachine}>this machine</option>
            {hosts.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <select aria-label="Series" value={seriesKey} onChange={(event) => setSeriesKey(event.target.value)}>
            {groupSeries(alertableSeries(offeredKeys)).map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.series.map((series) => (
                  <option key={series.key} value={series.key}>
                    {series.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <select
            aria-label="Condition"
            value={operator}
            onChange={(event) => setOperator(event.target.value as AlertRule['operator'])}
          >
            <option value="above">above</option>
            <option value="below">below</option>
          </select>
          <RuleInput label="Threshold" isDecimal value={threshold} onChange={setThreshold} />
          <span className="caption">{unit.label}</span>
        </div>
        <div className="alert-form-row">
          <span className="caption">held for</span>
          <RuleInput label="Seconds" value={forSeconds} onChange={setForSeconds} />
          <span className="caption">s, ends {operator === 'above' ? 'at or below' : 'at or above'}</span>
          <RuleInput
            label="Ends at"
            isDecimal
            value={clearThreshold}
            onChange={setClearThreshold}
            placeholder={threshold}
          />
          <span className="caption">{unit.label} for</span>
          <RuleInput label="Ends after" value={clearSeconds} onChange={setClearSeconds} placeholder={forSeconds} />
          <span className="caption">s</span>
          {!isClearOnItsSide && (
            <span className="error">must be {operator === 'above' ? 'at or below' : 'at or above'} the threshold</span>
          )}
        </div>
        <div className="alert-form-row">
          <label className="caption">
            <input
              type="checkbox"
              aria-label="With a log rate"
              checked={isLogRateOn}
              disabled={machine !== thisMachine || sources.length === 0}
              onChange={(event) => setHasLogRate(event.target.checked)}
            />
            and
          </label>
          <select
            aria-label="Log level"
            value={logLevel}
            disabled={!isLogRateOn}
            onChange={(event) => setLogLevel(event.target.value as LogLevelName)}
          >
            {logLevels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
          <span className="caption">lines in</span>
          <select
            aria-label="Log source"
            value={source?.id ?? ''}
            disabled={!isLogRateOn}
            onChange={(event) => setLogSource(event.target.value)}
          >
            {sources.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
          <span className="caption">above</span>
          <RuleInput label="Lines a minute" value={perMinute} onChange={setPerMinute} disabled={!isLogRateOn} />
          <span className="caption">a minute</span>
          <button type="button" className="button button-primary" disabled={!isValid} onClick={add}>
            Add rule
          </button>
        </div>
      </div>
      {saveError && <p className="error">{saveError}</p>}
      {!window.vigilDesktop && notificationPermission === 'default' && (
        <button type="button" className="button" onClick={() => void allowNotifications()}>
          Allow system notifications for alerts
        </button>
      )}
      <EpisodeList />
    </section>
  )
}
