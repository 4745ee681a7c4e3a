// The Prometheus servers the user added: prometheus-servers.json holds names, URLs and the kind of
// authentication; the token or password goes to the secret store (settings' SecretStore) under
// `fleet:<id>`, with the origin it was given for, and is sent only there. Views never carry a secret.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { VigilError } from '../../shared/errors'
import type { PrometheusServerView, ServerAuthInput, ServerDraft, ServerUpdate } from '../../shared/fleet'
import { prometheusServersFileSchema } from '../../shared/schemas'
import type { Logger } from '../logger'
import type { SecretStore } from '../settings'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'
import type { PrometheusConnection } from './prometheusClient'

export interface ServerStore {
  list(): PrometheusServerView[]
  add(draft: ServerDraft): Promise<PrometheusServerView>
  update(id: string, update: ServerUpdate): Promise<PrometheusServerView>
  remove(id: string): Promise<void>
  /** What a request to this server uses: its URL and, if it has one, the Authorization header. */
  connection(id: string): Promise<PrometheusConnection>
}

interface StoredSecret {
  authorization: string
  /** The origin the secret was given for: it is never sent anywhere else. */
  boundTo: string
}

const secretName = (id: string) => `fleet:${id}`

function authorizationOf(auth: ServerAuthInput): string | undefined {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
  return undefined
}

function viewOf(auth: ServerAuthInput): PrometheusServerView['auth'] {
  return auth.kind === 'basic' ? { kind: 'basic', username: auth.username } : { kind: auth.kind }
}

export async function createServerStore(dataDir: string, secrets: SecretStore, logger: Logger): Promise<ServerStore> {
  const path = join(dataDir, 'prometheus-servers.json')
  const loaded = await loadJsonFile(path, prometheusServersFileSchema, [])
  if (loaded.status === 'moved-aside')
    logger.warn(
      'fleet',
      `prometheus-servers.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`,
    )
  let servers: PrometheusServerView[] = loaded.value
  const save = createJsonFileSaver<PrometheusServerView[]>(path)

  function find(id: string): PrometheusServerView {
    const server = servers.find((candidate) => candidate.id === id)
    if (!server) throw new VigilError('not_found', `There is no Prometheus server ${id}: it may have been removed.`)
    return server
  }

  /** Credentials that would not be encrypted need the user's consent, as AI keys do (chat/providers.ts). */
  function checkConsent(auth: ServerAuthInput | undefined, acceptWeakStorage = false): void {
    if (auth && auth.kind !== 'none' && secrets.protection !== 'encrypted' && !acceptWeakStorage)
      throw new VigilError(
        'conflict',
        `Credentials would be kept ${secrets.description}. Confirm to store them this way.`,
        { needs: 'acceptWeakStorage' },
      )
  }

  async function storeSecret(id: string, auth: ServerAuthInput, url: string): Promise<void> {
    const authorization = authorizationOf(auth)
    if (authorization === undefined) await secrets.delete(secretName(id))
    else await secrets.set(secretName(id), JSON.stringify({ authorization, boundTo: new URL(url).origin }))
  }

  async function replace(next: PrometheusServerView[]): Promise<void> {
    await save(next)
    servers = next
  }

  return {
    list: () => servers,
    async add({ name, url, auth, acceptWeakStorage }) {
      checkConsent(auth, acceptWeakStorage)
      const server: PrometheusServerView = { id: `s${randomBytes(4).toString('hex')}`, name, url, auth: viewOf(auth) }
      await storeSecret(server.id, auth, url)
      await replace([...servers, server])
      logger.info('fleet', `Prometheus server ${name} added (${new URL(url).origin})`)
      return server
    },
    async update(id, { name, url, auth, acceptWeakStorage }) {
      const current = find(id)
      checkConsent(auth, acceptWeakStorage)
      if (!auth && current.auth.kind !== 'none' && new URL(url).origin !== new URL(current.url).origin)
        throw new VigilError(
          'conflict',
          `The credentials of ${current.name} were given for ${new URL(current.url).origin}: give them again to send them to ${new URL(url).origin}.`,
        )
      if (auth) await storeSecret(id, auth, url)
      const next = { ...current, name, url, ...(auth ? { auth: viewOf(auth) } : {}) }
      await replace(servers.map((server) => (server.id === id ? next : server)))
      return next
    },
    async remove(id) {
      const server = find(id)
      await secrets.delete(secretName(id))
      await replace(servers.filter((candidate) => candidate.id !== id))
      logger.info('fleet', `Prometheus server ${server.name} removed`)
    },
    async connection(id) {
      const server = find(id)
      const text = await secrets.get(secretName(id))
      const stored = text === undefined ? undefined : (JSON.parse(text) as StoredSecret)
      const isBound = stored !== undefined && stored.boundTo === new URL(server.url).origin
      return { url: server.url, ...(isBound ? { authorization: stored.authorization } : {}) }
    },
  }
}
