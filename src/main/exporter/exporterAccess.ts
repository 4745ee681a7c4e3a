// Who may scrape /metrics: the settings (exporter.json: on or off, and the optional remote listen address),
// the scrape token (in the secret store, never in settings, shown once by the answer that created it) and
// the remote listener that the settings ask for. Off by default; changes are serialised, and a remote
// address that cannot be bound is refused with the previous listener put back.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { VigilError } from '../../shared/errors'
import {
  exporterSettingsSchema,
  parseListenAddress,
  type ExporterChange,
  type ExporterSettings,
  type ExporterStatus,
  type ListenAddress,
  type RemoteListenerState,
} from '../../shared/exporter'
import type { Logger } from '../logger'
import type { SecretStore } from '../settings'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'

/** The scrape token's name in the secret store. */
export const scrapeTokenSecret = 'exporter.scrapeToken'

const defaultSettings: ExporterSettings = { isEnabled: false, listenAddress: null }

export interface RemoteListener {
  close(): Promise<void>
}

export interface ExporterAccessDeps {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  /** Binds the remote listener (serving only /metrics); rejects with a VigilError saying why it could not. */
  listen(address: ListenAddress): Promise<RemoteListener>
}

export interface ExporterAccess {
  /** Binds the remote listener the saved settings ask for; a failure is logged and shown in the status. */
  start(): Promise<void>
  isEnabled(): boolean
  /** The current scrape token, if one was ever created. */
  token(): string | undefined
  status(): ExporterStatus
  update(next: ExporterSettings): Promise<ExporterChange>
  /** A new token; the old one stops working at once. */
  renewToken(): Promise<ExporterChange>
  dispose(): Promise<void>
}

export async function createExporterAccess({
  dataDir,
  secrets,
  logger,
  listen,
}: ExporterAccessDeps): Promise<ExporterAccess> {
  const path = join(dataDir, 'exporter.json')
  const loaded = await loadJsonFile(path, exporterSettingsSchema, defaultSettings)
  if (loaded.status === 'moved-aside')
    logger.warn(
      'exporter',
      `exporter.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo} and /metrics is off`,
    )
  const save = createJsonFileSaver<ExporterSettings>(path)
  let settings = loaded.value
  let token = await secrets.get(scrapeTokenSecret)
  let listener: RemoteListener | undefined
  let remote: RemoteListenerState = { state: 'off' }
  let queue: Promise<unknown> = Promise.resolve()

  /** Runs changes one after another: two saves at once must not bind two listeners. */
  function serialised<T>(change: () => Promise<T>): Promise<T> {
    const next = queue.then(change)
    queue = next.catch(() => undefined)
    return next
  }

  const wantedAddress = (wanted: ExporterSettings) => (wanted.isEnabled ? wanted.listenAddress : null)

  /** Closes the current listener and binds the one `wanted` asks for; the failure, if binding failed. */
  async function openRemote(wanted: ExporterSettings): Promise<VigilError | undefined> {
    await listener?.close()
    listener = undefined
    remote = { state: 'off' }
    const address = wantedAddress(wanted)
    if (address === null) return undefined
    try {
      listener = await listen(parseListenAddress(address)!)
      remote = { state: 'listening', address }
      logger.info('exporter', `serving /metrics to other machines on ${address}`)
      return undefined
    } catch (error) {
      const failure =
        error instanceof VigilError
          ? error
          : new VigilError('internal', `Vigil could not listen on ${address}: ${String(error)}`)
      remote = { state: 'failed', address, message: failure.message }
      return failure
    }
  }

  async function createToken(): Promise<string> {
    const created = randomBytes(32).toString('base64url')
    await secrets.set(scrapeTokenSecret, created)
    token = created
    return created
  }

  const status = (): ExporterStatus => ({
    ...settings,
    hasToken: token !== undefined,
    tokenStorage: secrets.description,
    remote,
  })

  return {
    start: () =>
      serialised(async () => {
        const failure = await openRemote(settings)
        if (failure) logger.warn('exporter', `the remote /metrics listener is not running: ${failure.message}`)
      }),
    isEnabled: () => settings.isEnabled,
    token: () => token,
    status,
    update: (next) =>
      serialised(async () => {
        const isSameRemote = wantedAddress(next) === wantedAddress(settings) && remote.state !== 'failed'
        if (!isSameRemote) {
          const failure = await openRemote(next)
          if (failure) {
            await openRemote(settings)
            throw failure
          }
        }
        await save(next)
        settings = next
        // Turning it on for the first time creates the token, shown in this answer only.
        const created = next.isEnabled && token === undefined ? await createToken() : undefined
        return { status: status(), ...(created ? { token: created } : {}) }
      }),
    renewToken: () =>
      serialised(async () => {
        const created = await createToken()
        logger.info('exporter', 'the scrape token was renewed; the previous one no longer works')
        return { status: status(), token: created }
      }),
    dispose: () => serialised(async () => void (await listener?.close())),
  }
}
