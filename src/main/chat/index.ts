// The chat capability: providers and keys, conversations, generations, the local endpoints found by
// one probe at start, and their routes. dispose() aborts every running generation, then waits until each
// has ended, every conversation is written and the probe has finished.
import type { Logger } from '../logger'
import type { Capability } from '../capability'
import type { SecretStore } from '../settings'
import type { ToolBox } from '../../shared/tools'
import type { AnswerMeta, ModelUsage } from '../../shared/chat'
import { createEmitter } from '../../shared/emitter'
import { createChatRoutes } from './chatRoutes'
import { discoverLocalEndpoints, type DiscoveredEndpoint } from './connectionTest'
import { createConversationStore, type ConversationStore } from './conversationStore'
import { createGenerations, type GenerationOptions } from './generations'
import { createModelCatalog } from './modelCatalog'
import { tallyModelUsage } from './modelUsage'
import { createProviders } from './providers'

export interface ChatDeps {
  dataDir: string
  secrets: SecretStore
  logger: Logger
  keepAliveMs: number
  /** Whether a log source is sensitive: its lines need a confirmation before an endpoint off this machine. */
  isSensitiveSource?: (id: string) => boolean
  /** The read-only tools a model may call (OpenAI function calling); none: chat offers no tools. */
  tools?: ToolBox
  /** The user's setting: calls for an endpoint on this machine send their results without asking. */
  toolsWithoutAsking?: () => boolean
  /** Tests shorten these (and retries' waits, and the tool loop's bounds). */
  timeouts?: Pick<
    GenerationOptions,
    | 'firstTokenTimeoutMs'
    | 'stallTimeoutMs'
    | 'orphanTimeoutMs'
    | 'retryPolicy'
    | 'maxConcurrentPerProvider'
    | 'maxToolRounds'
    | 'toolTimeBudgetMs'
  >
}

/** What siblings may ask of the chat: reading conversations (exports). */
export interface Chat {
  conversations: Pick<ConversationStore, 'list' | 'get' | 'has'>
  /** Follows every answer as it ends; returns the unsubscribe. */
  onAnswer(listener: (answer: AnswerMeta) => void): () => void
  /** The models used on this machine, from every stored answer, the most recently used first. */
  modelsUsed(): Promise<ModelUsage[]>
}

export async function createChat({
  dataDir,
  secrets,
  logger,
  keepAliveMs,
  isSensitiveSource = () => false,
  tools,
  toolsWithoutAsking,
  timeouts,
}: ChatDeps): Promise<Capability<Chat>> {
  const [providers, store] = await Promise.all([
    createProviders({ dataDir, secrets, logger }),
    createConversationStore(dataDir, logger),
  ])
  const catalog = createModelCatalog(providers)
  const answers = createEmitter<AnswerMeta>()
  const generations = createGenerations({
    onAnswer: answers.emit,
    store,
    providers,
    catalog,
    logger,
    tools,
    toolsWithoutAsking,
    ...timeouts,
  })
  async function modelsUsed(): Promise<ModelUsage[]> {
    const names = new Map((await providers.list()).map((provider) => [provider.id, provider.name]))
    return tallyModelUsage(store.all(), (id) => names.get(id))
  }
  let discovered: DiscoveredEndpoint[] = []
  const discovery = discoverLocalEndpoints().then((found) => {
    discovered = found
    if (found.length > 0)
      logger.info(
        'chat',
        `found local AI endpoints: ${found.map((endpoint) => `${endpoint.name} at ${endpoint.baseUrl}`).join(', ')}`,
      )
  })
  return {
    api: { conversations: store, onAnswer: answers.on, modelsUsed },
    routes: createChatRoutes({
      providers,
      catalog,
      secrets,
      store,
      generations,
      discovered: () => discovered,
      keepAliveMs,
      isSensitiveSource,
      modelsUsed,
    }),
    async dispose() {
      await generations.dispose()
      answers.clear()
      await store.settled()
      // Each probe gives up within its own short timeout: waiting leaves no socket open behind the core.
      await discovery
    },
  }
}
