// Providers (OpenAI and any OpenAI-compatible endpoint) and their keys. A key is written once, kept in
// the secret store with the base URL it was given for, shown only masked, and sent only to that URL:
// after the URL changes it is held back until the user confirms the move.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { maskKey, providerPresets, type ProviderConfig, type ProviderView } from '../../shared/chat'
import { providersFileSchema } from '../../shared/schemas'
import type { Logger } from '../logger'
import { VigilError } from '../../shared/errors'
import type { SecretStore } from '../settings'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'

interface StoredKey {
  key: string
  boundTo: string
}

export type ProviderDraft = Omit<ProviderConfig, 'id'>

export interface Providers {
  list(): Promise<ProviderView[]>
  view(id: string): Promise<ProviderView>
  create(draft: ProviderDraft): Promise<ProviderView>
  update(id: string, draft: ProviderDraft, confirmKeyMove: boolean): Promise<ProviderView>
  remove(id: string): Promise<void>
  setKey(id: string, key: string, acceptWeakStorage: boolean): Promise<ProviderView>
  removeKey(id: string): Promise<ProviderView>
  /** What a request to this provider may use: its config and the key, only if bound to its URL. */
  connection(id: string): Promise<{ config: ProviderConfig; apiKey: string | undefined }>
}

const secretName = (id: string) => `provider:${id}`

export async function createProviders(options: {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  env?: NodeJS.ProcessEnv
}): Promise<Providers> {
  const { secrets, logger, env = process.env } = options
  const path = join(options.dataDir, 'providers.json')
  const loaded = await loadJsonFile(path, providersFileSchema, [])
  if (loaded.status === 'moved-aside')
    logger.warn('chat', `providers.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`)
  let configs: ProviderConfig[] = loaded.value
  const save = createJsonFileSaver<ProviderConfig[]>(path)

  function find(id: string): ProviderConfig {
    const config = configs.find((candidate) => candidate.id === id)
    if (!config) throw new VigilError('not_found', `There is no provider ${id}.`)
    return config
  }

  async function storedKey(id: string): Promise<StoredKey | undefined> {
    const text = await secrets.get(secretName(id))
    return text === undefined ? undefined : (JSON.parse(text) as StoredKey)
  }

  /** The environment's key serves only the OpenAI preset at OpenAI's own URL. */
  function environmentKey(config: ProviderConfig): StoredKey | undefined {
    const key = env.OPENAI_API_KEY
    const officialUrl = providerPresets.openai.baseUrl
    return config.preset === 'openai' && key && config.baseUrl === officialUrl
      ? { key, boundTo: officialUrl }
      : undefined
  }

  async function view(id: string): Promise<ProviderView> {
    const config = find(id)
    const stored = await storedKey(id)
    const key = stored ?? environmentKey(config)
    if (!key) return { ...config }
    return {
      ...config,
      key: { masked: maskKey(key.key), source: stored ? 'stored' : 'environment', boundTo: key.boundTo },
      ...(key.boundTo !== config.baseUrl ? { isKeyOnHold: true } : {}),
    }
  }

  async function replace(next: ProviderConfig[]): Promise<void> {
    await save(next)
    configs = next
  }

  return {
    list: () => Promise.all(configs.map((config) => view(config.id))),
    view,
    async create(draft) {
      const config: ProviderConfig = { id: `p${randomBytes(4).toString('hex')}`, ...draft }
      await replace([...configs, config])
      return view(config.id)
    },
    async update(id, draft, confirmKeyMove) {
      const current = find(id)
      const stored = await storedKey(id)
      if (stored && draft.baseUrl !== current.baseUrl && stored.boundTo !== draft.baseUrl && !confirmKeyMove) {
        throw new VigilError(
          'conflict',
          `The key of ${current.name} was given for ${stored.boundTo}. Confirm that it may be sent to ${draft.baseUrl}, or remove the key first.`,
        )
      }
      if (stored && confirmKeyMove)
        await secrets.set(secretName(id), JSON.stringify({ key: stored.key, boundTo: draft.baseUrl }))
      await replace(configs.map((config) => (config.id === id ? { ...config, ...draft } : config)))
      return view(id)
    },
    async remove(id) {
      find(id)
      await secrets.delete(secretName(id))
      await replace(configs.filter((config) => config.id !== id))
    },
    async setKey(id, key, acceptWeakStorage) {
      const config = find(id)
      if (secrets.protection !== 'encrypted' && !acceptWeakStorage) {
        throw new VigilError(
          'conflict',
          `Keys would be kept ${secrets.description}. Confirm to store the key this way.`,
        )
      }
      await secrets.set(secretName(id), JSON.stringify({ key, boundTo: config.baseUrl }))
      logger.info('chat', `a key was stored for ${config.name}`)
      return view(id)
    },
    async removeKey(id) {
      find(id)
      await secrets.delete(secretName(id))
      return view(id)
    },
    async connection(id) {
      const config = find(id)
      const key = (await storedKey(id)) ?? environmentKey(config)
      return { config, apiKey: key && key.boundTo === config.baseUrl ? key.key : undefined }
    },
  }
}
