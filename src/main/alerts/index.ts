// The alerts capability: rules kept in alerts.json, evaluated by the core on every sample (so they fire
// with no window open), each episode written to Vigil's own log, handed to the desktop notifier where
// there is one, and announced to every client (the core stream); its routes read and replace the rules.
// A rule on a remote host is read from its Prometheus server (through the fleet capability) every
// `hostIntervalMs`, one query at a time per rule and never two rounds at once; each such rule's last
// reading (a value, a missing series, a server that could not be asked) is part of the state.
// A rule may combine its series with a log rate, read from `lineRate` (the recorder's count of lines per
// source and level). Notifications go through the gate: grouped, and a few per rule an hour at most.
import { join } from 'node:path'
import type { AlertHost, HostAlertSeriesKey, HostRuleState, UpstreamProblem } from '../../shared/fleet'
import { isVigilError } from '../../shared/errors'
import type { LogLevelName } from '../../shared/logs'
import type { AlertEpisode, AlertNotification, AlertRule, AlertsEventData, ViewId } from '../../shared/protocol'
import { alertRulesSchema } from '../../shared/schemas'
import type { Capability } from '../capability'
import type { Logger } from '../logger'
import type { Metrics } from '../metrics'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'
import { createAlertEvaluator } from './alertEvaluator'
import { createAlertRoutes } from './alertRoutes'
import { createNotificationGate } from './notificationGate'
import { createEmitter } from '../../shared/emitter'

/** Shows a desktop notification; a click opens the view it is about. */
export type Notifier = (title: string, body: string, view: ViewId) => void

export interface Alerts {
  state(): AlertsEventData
  replaceRules(rules: AlertRule[]): Promise<AlertsEventData>
  onChange(listener: (state: AlertsEventData) => void): () => void
}

/** Lines of one level from one source over the last `windowSeconds` (the recorder's lineRate). */
export type LineCounter = (source: string, level: LogLevelName, windowSeconds: number) => number

/** One alert series of a remote host now; undefined when its server has no such series (fleet's hostValue). */
export type HostReader = (host: AlertHost, seriesKey: HostAlertSeriesKey) => Promise<number | undefined>

export interface AlertsDeps {
  dataDir: string
  sampler: Metrics['sampler']
  logger: Logger
  notify?: Notifier
  /** Reads rules on remote hosts; without it such rules stay pending. */
  readHost?: HostReader
  /** How often rules on remote hosts are read (15 s; tests lower it). */
  hostIntervalMs?: number
  /** Counts log lines for rules with a log rate; without it such rules see no lines. */
  lineRate?: LineCounter
}

/** The window a rule's log rate is counted over: its lines a minute are the lines of the last minute. */
const lineRateWindowSeconds = 60

/** A remote host's reading as a rule state: the value, or why there is none. */
async function readRule(readHost: HostReader, rule: AlertRule & { host: AlertHost }): Promise<HostRuleState> {
  const at = Date.now()
  try {
    const value = await readHost(rule.host, rule.seriesKey as HostAlertSeriesKey)
    if (value === undefined)
      return { state: 'missing', message: `The server has no data for this series on ${rule.host.instance}.`, at }
    return { state: 'ok', value, at }
  } catch (error) {
    const problem = isVigilError(error) ? (error.details?.problem as UpstreamProblem | undefined) : undefined
    return { state: 'failed', ...(problem ? { problem } : {}), message: (error as Error).message, at }
  }
}

export async function createAlerts({
  dataDir,
  sampler,
  logger,
  notify,
  readHost,
  hostIntervalMs = 15_000,
  lineRate,
}: AlertsDeps): Promise<Capability<Alerts>> {
  const path = join(dataDir, 'alerts.json')
  const loaded = await loadJsonFile(path, alertRulesSchema, [])
  if (loaded.status === 'moved-aside')
    logger.warn(
      'alerts',
      `alerts.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo} and no rules are active`,
    )
  let rules = loaded.value
  const evaluator = createAlertEvaluator()
  const changes = createEmitter<AlertsEventData>()
  const save = createJsonFileSaver<AlertRule[]>(path)

  // Only the episodes of rules that are still there and enabled: a rule switched off ends its episode at once.
  const isActive = (episode: AlertEpisode) => rules.some((rule) => rule.id === episode.ruleId && rule.isEnabled)
  let revision = 0
  // The last reading of each enabled rule on a remote host; a rule not read yet is pending.
  let hostStates = new Map<string, HostRuleState>()
  const hostRules = () =>
    rules.filter((rule): rule is AlertRule & { host: AlertHost } => rule.isEnabled && rule.host !== undefined)
  const state = (latest?: AlertEpisode, notification?: AlertNotification): AlertsEventData => ({
    revision,
    rules,
    firing: evaluator.firing().filter(isActive),
    hostStates: Object.fromEntries(
      hostRules().map((rule) => [rule.id, hostStates.get(rule.id) ?? { state: 'pending' }]),
    ),
    ...(latest ? { latest } : {}),
    ...(notification ? { notification } : {}),
  })
  const announce = (latest?: AlertEpisode, notification?: AlertNotification) => {
    revision += 1
    const current = state(latest, notification)
    changes.emit(current)
  }

  const isRemote = (ruleId: string) => rules.some((rule) => rule.id === ruleId && rule.host)
  const gate = createNotificationGate({
    send(notification) {
      notify?.(notification.title, notification.body, notification.ruleIds.every(isRemote) ? 'hosts' : 'metrics')
      announce(undefined, notification)
    },
  })
  const report = (episodes: AlertEpisode[]) => {
    for (const episode of episodes) {
      if (episode.state === 'firing') {
        logger.warn('alerts', `alert: ${episode.message}`)
        gate.add(episode)
      } else {
        logger.info('alerts', `alert ended: ${episode.message}`)
      }
      announce(episode)
    }
  }

  const unsubscribe = sampler.onSample((sample) =>
    report(
      evaluator.evaluate(rules, sample, (condition) =>
        lineRate
          ? (lineRate(condition.source, condition.level, lineRateWindowSeconds) * 60) / lineRateWindowSeconds
          : 0,
      ),
    ),
  )

  let isReading = false
  async function readHosts(): Promise<void> {
    const asked = hostRules()
    if (!readHost || isReading || asked.length === 0) return
    isReading = true
    try {
      const read = await Promise.all(asked.map(async (rule) => [rule.id, await readRule(readHost, rule)] as const))
      hostStates = new Map(read)
      const readings = new Map(read.flatMap(([id, reading]) => (reading.state === 'ok' ? [[id, reading.value]] : [])))
      const episodes = evaluator.evaluateHosts(rules, readings, Date.now())
      report(episodes)
      // The readings are news even without an episode: the view shows each rule's state (once a round).
      if (episodes.length === 0) announce()
    } finally {
      isReading = false
    }
  }
  const hostTimer = setInterval(() => void readHosts(), hostIntervalMs)

  const api: Alerts = {
    state: () => state(),
    async replaceRules(next) {
      await save(next)
      rules = next
      announce()
      // New rules on remote hosts are read at once rather than a round later.
      void readHosts()
      return state()
    },
    onChange: changes.on,
  }
  return {
    api,
    routes: createAlertRoutes(api),
    dispose() {
      clearInterval(hostTimer)
      unsubscribe()
      gate.dispose()
      changes.clear()
    },
  }
}
