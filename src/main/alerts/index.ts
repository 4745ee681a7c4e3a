// The alerts capability: rules kept in alerts.json, evaluated by the core on every sample (so they fire
// with no window open), each episode written to Vigil's own log, handed to the desktop notifier where
// there is one, and announced to every client (the core stream); its routes read and replace the rules.
import { join } from 'node:path'
import type { AlertEpisode, AlertRule, AlertsEventData, ViewId } from '../../shared/protocol'
import { alertRulesSchema } from '../../shared/schemas'
import type { Capability } from '../capability'
import type { Logger } from '../logger'
import type { Metrics } from '../metrics'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'
import { createAlertEvaluator } from './alertEvaluator'
import { createAlertRoutes } from './alertRoutes'
import { createEmitter } from '../../shared/emitter'

/** Shows a desktop notification: Electron's in the app; browser mode has none (the page uses the Notification API). */
/** Shows a desktop notification; a click opens the view it is about. */
export type Notifier = (title: string, body: string, view: ViewId) => void

export interface Alerts {
  state(): AlertsEventData
  replaceRules(rules: AlertRule[]): Promise<AlertsEventData>
  onChange(listener: (state: AlertsEventData) => void): () => void
}

export interface AlertsDeps {
  dataDir: string
  sampler: Metrics['sampler']
  logger: Logger
  notify?: Notifier
}

export async function createAlerts({ dataDir, sampler, logger, notify }: AlertsDeps): Promise<Capability<Alerts>> {
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
  const state = (latest?: AlertEpisode): AlertsEventData => ({
    revision,
    rules,
    firing: evaluator.firing().filter(isActive),
    ...(latest ? { latest } : {}),
  })
  const announce = (latest?: AlertEpisode) => {
    revision += 1
    const current = state(latest)
    changes.emit(current)
  }

  const unsubscribe = sampler.onSample((sample) => {
    for (const episode of evaluator.evaluate(rules, sample)) {
      if (episode.state === 'firing') {
        logger.warn('alerts', `alert: ${episode.message}`)
        notify?.('Vigil alert', episode.message, 'metrics')
      } else {
        logger.info('alerts', `alert ended: ${episode.message}`)
      }
      announce(episode)
    }
  })

  const api: Alerts = {
    state: () => state(),
    async replaceRules(next) {
      await save(next)
      rules = next
      announce()
      return state()
    },
    onChange: changes.on,
  }
  return {
    api,
    routes: createAlertRoutes(api),
    dispose() {
      unsubscribe()
      changes.clear()
    },
  }
}
