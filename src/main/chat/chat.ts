// The chat capability: providers and keys, conversations, generations, and the local endpoints found by
// one probe at start. dispose() aborts every running generation, then waits until each has ended and
// every conversation is written.
import type { Logger } from '../logger'
import type { Route } from '../server/httpServer'
import type { SecretStore } from '../settings/secretStore'
import { createChatRoutes } from './chatRoutes'
import { discoverLocalEndpoints, type DiscoveredEndpoint } from './connectionTest'
import { createConversationStore, type ConversationStore } from './conversationStore'
import { createGenerations, type GenerationOptions } from './generations'
import { createModelCatalog } from './modelCatalog'
import { createProviders } from './providers'

export interface ChatOptions {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  keepAliveMs: number
  /** Tests shorten these (and retries' waits). */
  timeouts?: Pick<
    GenerationOptions,
    'firstTokenTimeoutMs' | 'stallTimeoutMs' | 'orphanTimeoutMs' | 'retryPolicy' | 'maxConcurrentPerProvider'
  >
}

export interface Chat {
  routes: Route[]
  /** Read by exports. */
  conversations: ConversationStore
  dispose(): Promise<void>
}

export async function createChat({ dataDir, secrets, logger, keepAliveMs, timeouts }: ChatOptions): Promise<Chat> {
  const [providers, store] = await Promise.all([
    createProviders({ dataDir, secrets, logger }),
    createConversationStore(dataDir, logger),
  ])
  const catalog = createModelCatalog(providers)
  const generations = createGenerations({ store, providers, catalog, logger, ...timeouts })
  let discovered: DiscoveredEndpoint[] = []
  void discoverLocalEndpoints().then((found) => {
    discovered = found
    if (found.length > 0)
      logger.info(
        'chat',
        `found local AI endpoints: ${found.map((endpoint) => `${endpoint.name} at ${endpoint.baseUrl}`).join(', ')}`,
      )
  })
  return {
    routes: createChatRoutes({
      providers,
      catalog,
      secrets,
      store,
      generations,
      discovered: () => discovered,
      keepAliveMs,
    }),
    conversations: store,
    async dispose() {
      await generations.dispose()
      await store.settled()
    },
  }
}
