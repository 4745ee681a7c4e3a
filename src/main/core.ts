// The composition root: builds the whole core from a config and hands back a handle that stops it.
// Used by the Electron main process, by browser mode and by tests (many cores side by side on port 0).
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { version } from '../../package.json'
import type { CoreInfo, RunMode } from '../shared/protocol'
import { createAlertRoutes } from './alerts/alertRoutes'
import { createAlerts, type Notifier } from './alerts/alerts'
import { createChat, type ChatOptions } from './chat/chat'
import { createCoreRoutes } from './coreRoutes'
import { createExportRoutes } from './export/exportRoutes'
import { createExports, type Exports } from './export/exports'
import { consoleSink, createLogger, type LogSink } from './logger'
import { createLogs, createVigilLog } from './logs/logs'
import { createMetrics, type Metrics } from './metrics/metrics'
import { createMetricsRoutes } from './metrics/metricsRoutes'
import { createRecorder } from './recorder'
import { followLogSources, readTopProcesses } from './recorder/feeds'
import { startHttpServer } from './server/httpServer'
import { createToken } from './server/security'
import { createStaticFiles } from './server/staticFiles'
import { createSettingsRoutes } from './settings/settingsRoutes'
import { createFileSecretStore, type SecretStore } from './settings/secretStore'
import { createSettingsStore } from './settings/settingsStore'

export interface CoreConfig {
  /** Settings and every other file Vigil keeps. */
  dataDir: string
  /** The built renderer (out/renderer). */
  staticDir: string
  mode: RunMode
  /** 0 (the default) lets the system choose a free port. */
  port?: number
  /** A fresh random token unless given; tests give one to restart a core on the same port and token. */
  token?: string
  sampleIntervalMs?: number
  keepAliveMs?: number
  logSink?: LogSink
  /** Desktop notifications for alerts; the Electron glue passes one, browser mode has none. */
  notify?: Notifier
  /** Where keys are kept: safeStorage in Electron; a file only the user can read by default. */
  secrets?: SecretStore
  /** How often the recorder writes (5 s unless told): tests write sooner. */
  recorderFlushIntervalMs?: number
  /** Tests shorten the chat's timeouts. */
  chatTimeouts?: ChatOptions['timeouts']
}

export interface Core {
  readonly info: CoreInfo
  readonly port: number
  readonly origin: string
  readonly token: string
  /** Opens the UI and hands it the token once (it becomes a cookie and leaves the address bar). */
  readonly launchUrl: string
  readonly metrics: Metrics
  /** The desktop glue saves exports through it (the save dialog's path never crosses HTTP). */
  readonly exports: Exports
  stop(): Promise<void>
}

export async function createCore(config: CoreConfig): Promise<Core> {
  const instanceId = randomBytes(6).toString('base64url')
  const vigilLog = createVigilLog(instanceId)
  const outerSink = config.logSink ?? consoleSink
  const logger = createLogger((entry) => {
    outerSink(entry)
    vigilLog.sink(entry)
  })
  const token = config.token ?? createToken()
  const keepAliveMs = config.keepAliveMs ?? 15_000
  const info: CoreInfo = {
    version,
    instanceId,
    mode: config.mode,
    hostname: hostname(),
    platform: process.platform,
  }

  const [settings, staticFiles, metrics] = await Promise.all([
    createSettingsStore(config.dataDir, logger),
    createStaticFiles(config.staticDir),
    createMetrics({ intervalMs: config.sampleIntervalMs ?? 1000, logger }),
  ])

  const alerts = await createAlerts({
    dataDir: config.dataDir,
    sampler: metrics.sampler,
    logger,
    notify: config.notify,
  })
  const logs = await createLogs({
    dataDir: config.dataDir,
    epoch: instanceId,
    logger,
    vigilLog: vigilLog.source,
    keepAliveMs,
  })
  const recorder = createRecorder({
    dataDir: config.dataDir,
    logger,
    intervalMs: config.sampleIntervalMs ?? 1000,
    flushIntervalMs: config.recorderFlushIntervalMs,
    onSample: (listener) => metrics.sampler.onSample(listener),
    readProcesses: readTopProcesses(metrics.processes),
    onEpisode: (listener) => alerts.onChange((state) => state.latest && listener(state.latest)),
    onLogLines: followLogSources(logs.registry, logger),
  })
  const secrets = config.secrets ?? createFileSecretStore(config.dataDir)
  const chat = await createChat({
    dataDir: config.dataDir,
    secrets,
    logger,
    keepAliveMs,
    timeouts: config.chatTimeouts,
  })
  const exports = await createExports({
    dataDir: config.dataDir,
    logger,
    metrics,
    registry: logs.registry,
    conversations: chat.conversations,
  })
  const routeList = [
    ...createCoreRoutes({ info, settings, alerts, exports, keepAliveMs }),
    ...createExportRoutes(exports),
    ...createAlertRoutes(alerts),
    ...logs.routes,
    ...chat.routes,
    ...createSettingsRoutes(settings),
    ...createMetricsRoutes({ instanceId: info.instanceId, metrics, keepAliveMs, past: recorder.api.recentColumns }),
    ...recorder.routes,
  ]
  const server = await startHttpServer({ port: config.port ?? 0, token, routes: routeList, staticFiles, logger }).catch(
    async (error: unknown) => {
      await chat.dispose()
      alerts.dispose()
      recorder.dispose()
      metrics.dispose()
      await logs.dispose()
      throw error
    },
  )
  logger.info('core', `Vigil ${version} listening on ${server.origin} (${config.mode} mode)`)

  return {
    info,
    port: server.port,
    origin: server.origin,
    token,
    launchUrl: `${server.origin}/?token=${token}`,
    metrics,
    exports,
    async stop() {
      await exports.dispose()
      await chat.dispose()
      alerts.dispose()
      recorder.dispose()
      metrics.dispose()
      await server.close()
      await logs.dispose()
    },
  }
}
