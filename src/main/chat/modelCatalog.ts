// The models each provider's endpoint lists, asked once and kept for the life of the core (a refresh asks
// again). The chat header's model picker reads it, and an answer with no model chosen anywhere takes the
// endpoint's only model from it.
import type { ModelList } from '../../shared/chat'
import { VigilError } from '../../shared/errors'
import { testConnection } from './connectionTest'
import { discoverContextLength } from './contextWindow'
import type { Providers } from './providers'

export interface ModelCatalog {
  /** The endpoint's models, from the cache unless `refresh`; a failure to list them is a result, not a throw. */
  list(providerId: string, refresh?: boolean): Promise<ModelList>
  /** The model an answer uses: the conversation's, else the provider's default, else the endpoint's only one. */
  resolve(providerId: string, conversationModel: string | undefined): Promise<string>
  /** The model's context length: the provider's setting, else what the endpoint says (asked once), else undefined. */
  contextLength(providerId: string, model: string): Promise<number | undefined>
  forget(providerId: string): void
}

export function createModelCatalog(providers: Providers): ModelCatalog {
  /** In flight or done; a failed listing is not kept, so the next asks again. */
  const lists = new Map<string, Promise<ModelList>>()
  /** By provider, then model; an endpoint that does not tell is not asked again. */
  const contextLengths = new Map<string, Map<string, Promise<number | undefined>>>()

  async function fetchList(providerId: string): Promise<ModelList> {
    const { config, apiKey } = await providers.connection(providerId)
    const result = await testConnection(config.baseUrl, apiKey, 5000, config.name)
    if (!result.ok) lists.delete(providerId)
    return result.ok ? { ok: true, models: result.models, listedAt: Date.now() } : result
  }

  function list(providerId: string, refresh = false): Promise<ModelList> {
    let listed = lists.get(providerId)
    if (!listed || refresh) {
      listed = fetchList(providerId)
      lists.set(providerId, listed)
    }
    return listed
  }

  return {
    list,
    async resolve(providerId, conversationModel) {
      if (conversationModel) return conversationModel
      const { config } = await providers.connection(providerId)
      if (config.defaultModel) return config.defaultModel
      const listed = await list(providerId)
      if (!listed.ok)
        throw new VigilError(
          'conflict',
          `No model is chosen, and ${config.name} could not list its models: ${listed.failure.message}`,
        )
      if (listed.models.length === 1) return listed.models[0]!
      if (listed.models.length === 0)
        throw new VigilError('conflict', `No model is chosen, and ${config.name} lists none: load one there first.`)
      const named = listed.models.slice(0, 5).join(', ')
      throw new VigilError(
        'conflict',
        `No model is chosen, and ${config.name} offers ${listed.models.length} (${named}${listed.models.length > 5 ? ', …' : ''}): pick one in the chat header.`,
      )
    },
    async contextLength(providerId, model) {
      const { config, apiKey } = await providers.connection(providerId)
      if (config.contextTokens) return config.contextTokens
      let byModel = contextLengths.get(providerId)
      if (!byModel) contextLengths.set(providerId, (byModel = new Map()))
      let length = byModel.get(model)
      if (!length) byModel.set(model, (length = discoverContextLength(config.baseUrl, model, apiKey)))
      return length
    },
    forget(providerId) {
      lists.delete(providerId)
      contextLengths.delete(providerId)
    },
  }
}
