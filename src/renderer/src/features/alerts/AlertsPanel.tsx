// Alert rules, edited where the series are: on any series the Metrics view shows, above or below a
// threshold (in the series' unit), held for some seconds; on this machine or on a host of the Hosts
// view's Prometheus servers (CPU and memory used %), each such rule with its last reading or why it has
// none. Saved in the core, which evaluates them.
import { useEffect, useState } from 'react'
import { describeRule } from '../../../../shared/alerts'
import { hostAlertSeriesKeys, type AlertHost, type HostRuleState } from '../../../../shared/fleet'
import type { AlertRule } from '../../../../shared/protocol'
import { alertableSeries, describeSeries, groupSeries, type SeriesUnit } from '../../../../shared/series'
import { loadServers, useHostsStore } from '../hosts'
import { allowNotifications, newRuleId, saveRules, useAlertsStore } from './alertsStore'
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
  const unit = inputUnits[describeSeries(seriesKey)?.unit ?? 'load'] ?? { label: '', scale: 1 }
  const isValid =
    threshold.trim() !== '' &&
    Number.isFinite(Number(threshold)) &&
    /^\d+$/.test(forSeconds) &&
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
              {describeRule(rule)}
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
        <input
          aria-label="Threshold"
          inputMode="decimal"
          value={threshold}
          onChange={(event) => setThreshold(event.target.value)}
        />
        <span className="caption">{unit.label}</span>
        <span className="caption">for</span>
        <input
          aria-label="Seconds"
          inputMode="numeric"
          value={forSeconds}
          onChange={(event) => setForSeconds(event.target.value)}
        />
        <span className="caption">s</span>
        <button type="button" className="button button-primary" disabled={!isValid} onClick={add}>
          Add rule
        </button>
      </div>
      {saveError && <p className="error">{saveError}</p>}
      {!window.vigilDesktop && notificationPermission === 'default' && (
        <button type="button" className="button" onClick={() => void allowNotifications()}>
          Allow system notifications for alerts
        </button>
      )}
    </section>
  )
}
