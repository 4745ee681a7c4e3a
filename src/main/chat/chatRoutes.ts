// The chat routes: providers and keys, conversations, generations and their resumable stream.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { chatRoutes, type ChatStreamEvent, type Conversation, type ModelUsage } from '../../shared/chat'
import { sseRetryMs } from '../../shared/protocol'
import {
  conversationFieldsSchema,
  conversationsQuerySchema,
  generateBodySchema,
  generateQuerySchema,
  messageQuerySchema,
  messageVersionQuerySchema,
  generationQuerySchema,
  idQuerySchema,
  modelsQuerySchema,
  providerDraftSchema,
  providerKeySchema,
  providerUpdateSchema,
  toolDecisionBodySchema,
  toolDecisionQuerySchema,
} from '../../shared/schemas'
import { parseQuery, readJsonBody } from '../server/body'
import { VigilError } from '../../shared/errors'
import type { Route } from '../server/httpServer'
import { openSseStream, type SseWriter } from '../server/sseWriter'
import type { SecretStore } from '../settings'
import { testConnection, type DiscoveredEndpoint } from './connectionTest'
import type { ConversationStore } from './conversationStore'
import type { Generations } from './generations'
import type { ModelCatalog } from './modelCatalog'
import type { Providers } from './providers'
import { showingVersion, withoutMessage } from './messageVersions'
import { refuseUnconfirmedSensitiveLines } from './sensitiveLines'

export interface ChatRouteDeps {
  providers: Providers
  catalog: ModelCatalog
  secrets: SecretStore
  store: ConversationStore
  generations: Generations
  discovered: () => DiscoveredEndpoint[]
  keepAliveMs: number
  /** Whether a log source is sensitive (the logs capability knows). */
  isSensitiveSource: (id: string) => boolean
  /** The Models table's rows (the chat face's modelsUsed). */
  modelsUsed: () => Promise<ModelUsage[]>
}

/**
 * Tokens that come faster than this share an event: a window shows at most one change per frame (60 Hz),
 * and each event costs a write here and a wake-up and a parse in the window.
 */
const minTokenEventIntervalMs = 16

/** A message with attachments (log lines, a metrics summary) is larger than the default limit. */
const generateLimitBytes = 4 * 1024 * 1024

export function createChatRoutes({
  providers,
  catalog,
  secrets,
  store,
  generations,
  discovered,
  keepAliveMs,
  isSensitiveSource,
  modelsUsed,
}: ChatRouteDeps): Route[] {
  const openChatStream = (request: IncomingMessage, response: ServerResponse) =>
    openSseStream<ChatStreamEvent>(request, response, {
      retryMs: sseRetryMs,
      keepAliveMs,
      policy: { kind: 'queue', maxEvents: 100_000 },
    })

  /** The conversation, unless an answer is being written into it: its messages cannot change meanwhile. */
  function idleConversation(id: string): Conversation {
    const current = store.get(id)
    if (generations.activeFor(id))
      throw new VigilError('conflict', 'This conversation is still answering: stop it first, then change its messages.')
    return current
  }

  /** Sends the generation's tokens from `fromIndex`, then its end, and closes the stream. */
  function followInto(stream: SseWriter<ChatStreamEvent>, generation: string, fromIndex: number): void {
    // The first token goes out at once. Tokens after it go out as one event per frame at most, and never
    // before the next turn of the event loop: the text since the last event, with the index of its last
    // token as the id. The end sends what is pending at once.
    let lastSentAt: number | undefined
    let pendingText = ''
    let pendingReasoning = ''
    let pendingIndex = -1
    let isScheduled = false
    let timer: NodeJS.Timeout | undefined
    const flush = () => {
      if (pendingIndex < 0) return
      const data = pendingReasoning
        ? { index: pendingIndex, text: pendingText, reasoning: pendingReasoning }
        : { index: pendingIndex, text: pendingText }
      stream.send({ event: 'token', data, id: String(pendingIndex) })
      lastSentAt = performance.now()
      pendingText = ''
      pendingReasoning = ''
      pendingIndex = -1
    }
    const flushScheduled = () => {
      isScheduled = false
      flush()
    }
    const unsubscribe = generations.follow(generation, fromIndex, (event) => {
      if (event.kind === 'token') {
        if (event.isReasoning) pendingReasoning += event.text
        else pendingText += event.text
        pendingIndex = event.index
        if (lastSentAt === undefined) flush()
        else if (!isScheduled) {
          isScheduled = true
          const waitMs = minTokenEventIntervalMs - (performance.now() - lastSentAt)
          if (waitMs > 0) timer = setTimeout(flushScheduled, waitMs)
          else setImmediate(flushScheduled)
        }
        return
      }
      if (event.kind === 'status') {
        stream.send({ event: 'status', data: event.status })
        return
      }
      if (event.kind === 'engine') {
        stream.send({ event: 'engine', data: event.reading })
        return
      }
      // What comes after the tokens goes out after them: the text before a round of calls is all sent.
      flush()
      switch (event.kind) {
        case 'tool-round':
          stream.send({ event: 'tool-round', data: { round: event.round, content: event.content } })
          return
        case 'tool-call':
          stream.send({
            event: 'tool-call',
            data: { round: event.round, call: event.call, isOffMachine: event.isOffMachine },
          })
          return
        case 'notice':
          stream.send({ event: 'notice', data: { text: event.text } })
          return
      }
      stream.send({ event: 'end', data: event.answer })
      stream.close()
    })
    stream.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        unsubscribe()
      },
      { once: true },
    )
  }

  return [
    { method: 'GET', path: chatRoutes.providers, handle: () => providers.list() },
    {
      method: 'GET',
      path: chatRoutes.storage,
      handle: () => ({ protection: secrets.protection, description: secrets.description }),
    },
    { method: 'GET', path: chatRoutes.discovered, handle: () => discovered() },
    {
      method: 'POST',
      path: chatRoutes.providers,
      handle: async ({ request }) => providers.create(await readJsonBody(request, providerDraftSchema)),
    },
    {
      method: 'PUT',
      path: chatRoutes.providers,
      async handle({ request, url }) {
        const { id } = parseQuery(url, idQuerySchema)
        const { confirmKeyMove, ...draft } = await readJsonBody(request, providerUpdateSchema)
        const view = await providers.update(id, draft, confirmKeyMove)
        catalog.forget(id)
        return view
      },
    },
    {
      method: 'DELETE',
      path: chatRoutes.providers,
      async handle({ url }) {
        const { id } = parseQuery(url, idQuerySchema)
        await providers.remove(id)
        catalog.forget(id)
        return { removed: id }
      },
    },
    {
      method: 'PUT',
      path: chatRoutes.providerKey,
      async handle({ request, url }) {
        const { id } = parseQuery(url, idQuerySchema)
        const { key, acceptWeakStorage } = await readJsonBody(request, providerKeySchema)
        return providers.setKey(id, key, acceptWeakStorage)
      },
    },
    {
      method: 'DELETE',
      path: chatRoutes.providerKey,
      handle: ({ url }) => providers.removeKey(parseQuery(url, idQuerySchema).id),
    },
    {
      method: 'POST',
      path: chatRoutes.providerTest,
      async handle({ url }) {
        const { config, apiKey } = await providers.connection(parseQuery(url, idQuerySchema).id)
        return testConnection(config.baseUrl, apiKey, 5000, config.name)
      },
    },
    {
      method: 'GET',
      path: chatRoutes.models,
      handle({ url }) {
        const { id, refresh } = parseQuery(url, modelsQuerySchema)
        return catalog.list(id, refresh === '1')
      },
    },
    {
      method: 'GET',
      path: chatRoutes.conversations,
      handle: ({ url }) => ({
        conversations: store.list(parseQuery(url, conversationsQuerySchema).search),
        problems: store.problems,
      }),
    },
    { method: 'GET', path: chatRoutes.modelsUsed, handle: async () => ({ models: await modelsUsed() }) },
    {
      method: 'POST',
      path: chatRoutes.conversations,
      async handle({ request }) {
        const fields = await readJsonBody(request, conversationFieldsSchema)
        // A new conversation without a provider takes the provider and model used last, else the first provider.
        if (fields.providerId === undefined) {
          const lastUsed = store.lastUsed()
          const known = await providers.list()
          if (lastUsed && known.some((provider) => provider.id === lastUsed.providerId))
            Object.assign(fields, { providerId: lastUsed.providerId, model: fields.model ?? lastUsed.model })
          else if (known[0]) fields.providerId = known[0].id
        }
        return store.create(fields)
      },
    },
    {
      method: 'GET',
      path: chatRoutes.conversation,
      handle({ url }) {
        const { id } = parseQuery(url, idQuerySchema)
        return { conversation: store.get(id), activeGenerationId: generations.activeFor(id) }
      },
    },
    {
      method: 'PUT',
      path: chatRoutes.conversation,
      async handle({ request, url }) {
        const { id } = parseQuery(url, idQuerySchema)
        const fields = await readJsonBody(request, conversationFieldsSchema)
        // PUT replaces the settings: a provider, model, temperature or tools choice left out is cleared.
        const {
          providerId: _providerId,
          model: _model,
          temperature: _temperature,
          tools: _tools,
          ...kept
        } = store.get(id)
        return store.save({ ...kept, ...fields })
      },
    },
    {
      method: 'DELETE',
      path: chatRoutes.conversation,
      async handle({ url }) {
        const { id } = parseQuery(url, idQuerySchema)
        const active = generations.activeFor(id)
        if (active) generations.stop(active)
        await store.remove(id)
        return { removed: id }
      },
    },
    {
      method: 'POST',
      path: chatRoutes.messageVersion,
      async handle({ url }) {
        const { conversation: id, message, version } = parseQuery(url, messageVersionQuerySchema)
        const current = idleConversation(id)
        return store.save({ ...current, messages: showingVersion(current.messages, message, version) })
      },
    },
    {
      method: 'DELETE',
      path: chatRoutes.message,
      async handle({ url }) {
        const { conversation: id, message } = parseQuery(url, messageQuerySchema)
        const current = idleConversation(id)
        return store.save({ ...current, messages: withoutMessage(current.messages, message) })
      },
    },
    {
      method: 'POST',
      path: chatRoutes.generate,
      stream: 'chat',
      // The answer to a generate request is the generation's stream, so the first token does not wait for
      // a second request; a client that loses it re-attaches to the stream route with Last-Event-ID.
      async handle({ request, response, url }) {
        const { conversation: conversationId, generation } = parseQuery(url, generateQuerySchema)
        const body = await readJsonBody(request, generateBodySchema, generateLimitBytes)
        const current = store.get(conversationId)
        refuseUnconfirmedSensitiveLines({
          conversation: current,
          attachments: body.action === 'send' ? body.attachments : [],
          baseUrl: current.providerId
            ? await providers.view(current.providerId).then(
                (provider) => provider.baseUrl,
                () => undefined,
              )
            : undefined,
          isSensitiveSource,
          isConfirmed: body.confirmSensitive === true,
        })
        const conversation = await generations.start(conversationId, generation, body)
        const stream = openChatStream(request, response)
        stream.send({ event: 'started', data: { conversation } })
        followInto(stream, generation, 0)
        return undefined
      },
    },
    {
      method: 'POST',
      path: chatRoutes.stop,
      handle({ url }) {
        const { generation } = parseQuery(url, generationQuerySchema)
        generations.stop(generation)
        return { stopped: generation }
      },
    },
    {
      method: 'POST',
      path: chatRoutes.toolDecision,
      async handle({ request, url }) {
        const { generation, call } = parseQuery(url, toolDecisionQuerySchema)
        const { decision } = await readJsonBody(request, toolDecisionBodySchema)
        generations.decide(generation, call, decision)
        return { decided: call, decision }
      },
    },
    {
      method: 'GET',
      path: chatRoutes.stream,
      stream: 'chat',
      handle({ request, response, url }) {
        const { generation } = parseQuery(url, generationQuerySchema)
        if (!generations.has(generation))
          throw new VigilError(
            'not_found',
            `There is no generation ${generation} (it ended a while ago, or Vigil restarted).`,
          )
        // Event ids are token indexes: a reconnect continues after the last token it got.
        const lastEventId = Number(request.headers['last-event-id'])
        followInto(
          openChatStream(request, response),
          generation,
          Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId + 1 : 0,
        )
        return undefined
      },
    },
  ]
}
