// The composition root: builds the whole core from a config and hands back a handle that disposes it.
// Used by the Electron main process, by browser mode and by tests (many cores side by side on port 0).
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { hostname } from 'node:os'
import { version } from '../../package.json'
import type { CoreInfo, RunMode } from '../shared/protocol'
import { createAlerts, type Alerts, type Notifier } from './alerts'
import { createChat, type ChatDeps } from './chat'
import { createCoreRoutes } from './coreRoutes'
import { createExports, type Exports } from './export'
import { createExporter } from './exporter'
import { createFleet, type FleetDeps } from './fleet'
import { buildSideBySide, createDisposableStore } from './lifecycle'
import { consoleSink, createLogger, type LogSink } from './logger'
import { createLogs, createVigilLog } from './logs'
import { createMetrics, type Metrics } from './metrics'
import { createRecorder, readTopProcesses, recorderSettingsOf, type RecorderApi } from './recorder'
import { startHttpServer } from './server/httpServer'
import type { ServerLimits } from './server/limits'
import { createToken } from './server/security'
import { createStaticFiles } from './server/staticFiles'
import { createTools } from './tools'
import { createFileSecretStore, createSettings, type SecretStore, type SettingsStore } from './settings'
import { removeStaleTemporaryFiles } from './storage/jsonFile'
import { watchStorageHealth } from './storage/storageHealth'

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
  /** How often the recorder keeps the top processes (5 s unless told): tests keep them sooner. */
  recorderProcessIntervalMs?: number
  /** Tests shorten the chat's timeouts. */
  chatTimeouts?: ChatDeps['timeouts']
  /** The tools the chat's models may call: the tools capability's unless a test gives its own. */
  tools?: ChatDeps['tools']
  /** Timeouts, connection and stream caps of the server; tests lower them. */
  serverLimits?: Partial<ServerLimits>
  /** Tests shorten the Hosts view's timeout and answer cap. */
  fleetLimits?: FleetDeps['limits']
  /** Values a metrics export reads from the recorder per page (200,000 unless told): tests page sooner. */
  exportPageCells?: number
  /** How often alert rules on remote hosts are read (15 s; tests lower it). */
  hostAlertIntervalMs?: number
}

export interface Core {
  readonly info: CoreInfo
  readonly port: number
  readonly origin: string
  readonly token: string
  /**
   * Browser mode's address: the UI, with the token in the fragment (never sent to a server); the page
   * keeps it for the tab's life and takes it out of the address bar. The desktop window gets it from the preload.
   */
  readonly launchUrl: string
  readonly metrics: Metrics
  /** The desktop glue's tray follows the alerts. */
  readonly alerts: Alerts
  /** The desktop glue saves exports through it (the save dialog's path never crosses HTTP). */
  readonly exports: Exports
  /** The desktop glue applies the desktop settings (close to tray, start at login) as they change. */
  readonly settings: SettingsStore
  /** Stops everything the core started, in the reverse order it was built. */
  dispose(): Promise<void>
}

/**
 * Builds every capability in order, each one owned by one disposable store as soon as it exists; a
 * failure anywhere disposes what was built so far (timers, descriptors, sockets, child processes) before
 * it is thrown, so a failed start leaves nothing running.
 */
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
  const { dataDir } = config
  const info: CoreInfo = {
    version,
    instanceId,
    mode: config.mode,
    hostname: hostname(),
    platform: process.platform,
  }

  // A first launch has no data folder yet: the recorder's database is opened before anything else writes there.
  await mkdir(dataDir, { recursive: true })
  await removeStaleTemporaryFiles(dataDir)
  const parts = createDisposableStore()
  try {
    const storage = parts.add(watchStorageHealth(dataDir, logger))
    const staticFiles = await createStaticFiles(config.staticDir)
    // The metrics history seeds a new client’s window with what the recorder kept, and alert rules read its
    // count of log lines, once the recorder exists.
    const recorded: { api?: RecorderApi } = {}
    const [settings, metrics] = await buildSideBySide(parts, [
      createSettings(dataDir, logger),
      createMetrics({
        intervalMs: config.sampleIntervalMs ?? 1000,
        logger,
        instanceId,
        keepAliveMs,
        past: (from, to, maxSamples) => recorded.api?.recentColumns(from, to, maxSamples) ?? { t: [], values: {} },
      }),
    ])
    const secrets = config.secrets ?? createFileSecretStore(dataDir)
    const fleet = parts.add(await createFleet({ dataDir, secrets, logger, limits: config.fleetLimits }))
    const alerts = parts.add(
      await createAlerts({
        dataDir,
        sampler: metrics.api.sampler,
        logger,
        notify: config.notify,
        readHost: (host, seriesKey) => fleet.api.hostValue(host.serverId, host.instance, seriesKey),
        hostIntervalMs: config.hostAlertIntervalMs,
        // Rules with a log rate read the recorder's count of lines, once the recorder exists.
        lineRate: (source, level, windowSeconds) => recorded.api?.lineRate(source, level, windowSeconds) ?? 0,
      }),
    )
    const logs = parts.add(
      await createLogs({ dataDir, epoch: instanceId, logger, vigilLog: vigilLog.source, keepAliveMs }),
    )
    const recorder = parts.add(
      createRecorder({
        dataDir,
        logger,
        intervalMs: config.sampleIntervalMs ?? 1000,
        flushIntervalMs: config.recorderFlushIntervalMs,
        processIntervalMs: config.recorderProcessIntervalMs,
        onSample: metrics.api.sampler.onSample,
        earlierSamples: () => metrics.api.history.after(-1) ?? [],
        readProcesses: readTopProcesses(metrics.api.processes),
        onEpisode: (listener) => alerts.api.onChange((state) => state.latest && listener(state.latest)),
        onLogLines: logs.api.followAll,
        settings: recorderSettingsOf(settings.api.get()),
        readLinesBefore: logs.api.linesBefore,
      }),
    )
    recorded.api = recorder.api
    // The recorder's settings apply as they change: a shorter retention deletes what is older at once.
    parts.add({
      dispose: settings.api.onChange((next) => void recorder.api.configure(recorderSettingsOf(next))),
    })
    // The AI's read-only tools over the recorder, the logs and the machine; MCP hosts reach them at /api/mcp.
    const tools = parts.add(
      createTools({ recorder: recorder.api, logs: logs.api, machineInfo: metrics.api.machineInfo, version }),
    )
    const chat = parts.add(
      await createChat({
        dataDir,
        secrets,
        logger,
        keepAliveMs,
        isSensitiveSource: logs.api.isSensitive,
        tools: config.tools ?? tools.api,
        toolsWithoutAsking: () => settings.api.get().toolsWithoutAsking === true,
        timeouts: config.chatTimeouts,
      }),
    )
    const exports = parts.add(
      await createExports({
        dataDir,
        logger,
        metrics: metrics.api,
        recorder: recorder.api,
        recorderPageCells: config.exportPageCells,
        logs: logs.api,
        conversations: chat.api.conversations,
      }),
    )
    const exporter = parts.add(
      await createExporter({ dataDir, secrets, logger, version, logs: logs.api, alerts: alerts.api, chat: chat.api }),
    )
    const capabilities = [settings, metrics, alerts, logs, recorder, chat, exports, exporter, tools, fleet]
    const routes = [
      ...createCoreRoutes({
        info,
        settings: settings.api,
        alerts: alerts.api,
        exports: exports.api,
        storage,
        recorder: recorder.api,
        keepAliveMs,
      }),
      ...capabilities.flatMap((capability) => capability.routes),
    ]
    const server = parts.add(
      await startHttpServer({
        port: config.port ?? 0,
        token,
        routes,
        staticFiles,
        logger,
        limits: config.serverLimits,
      }),
    )
    logger.info('core', `Vigil ${version} listening on ${server.origin} (${config.mode} mode)`)

    return {
      info,
      port: server.port,
      origin: server.origin,
      token,
      launchUrl: `${server.origin}/#token=${token}`,
      metrics: metrics.api,
      alerts: alerts.api,
      exports: exports.api,
      settings: settings.api,
      dispose: () => parts.dispose(),
    }
  } catch (error) {
    await parts
      .dispose()
      .catch((failure: unknown) =>
        logger.error('core', `a failed start left parts that did not stop: ${String(failure)}`),
      )
    throw error
  }
}
