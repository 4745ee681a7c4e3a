// A chat session against a real core over real HTTP, for the tool tests: routes called with the core's
// token, a conversation on a provider, an answer asked for on its stream, a tool call's decision, and the
// stream's waiting calls and end.
import { expect } from 'vitest'
import type { Core } from '../../src/main/core'
import {
  chatRoutes,
  newGenerationId,
  type AnswerMeta,
  type Conversation,
  type ProviderView,
  type ToolCallRecord,
} from '../../src/shared/chat'
import { bearer, callCore } from './http'
import { connectSse, type ReceivedEvent, type SseConnection } from './sseClient'

/** A new conversation titled `title` on a new custom provider at `baseUrl`, with the model test-model. */
export async function addConversation(core: Core, baseUrl: string, title: string): Promise<Conversation> {
  const created = (
    await callCore(core, 'POST', chatRoutes.providers, {
      name: 'Stand-in',
      preset: 'custom',
      baseUrl,
      defaultModel: 'test-model',
    })
  ).json<ProviderView>()
  return (
    await callCore(core, 'POST', chatRoutes.conversations, { title, providerId: created.id, model: 'test-model' })
  ).json<Conversation>()
}

/** Sends `content` in the conversation and opens the answer's stream. */
export async function startGeneration(core: Core, conversationId: string, content: string) {
  const generationId = newGenerationId()
  const stream = await connectSse(
    core.port,
    `${chatRoutes.generate}?conversation=${conversationId}&generation=${generationId}`,
    bearer(core.token),
    JSON.stringify({ action: 'send', content }),
  )
  expect(stream.status).toBe(200)
  return { generationId, stream }
}

/** Matches the event that shows call `id` waiting for the user. */
export const isAwaiting = (id: string) => (event: ReceivedEvent) =>
  event.event === 'tool-call' &&
  (event.data as { call: ToolCallRecord }).call.id === id &&
  (event.data as { call: ToolCallRecord }).call.state === 'awaiting'

/** Allows or denies call `callId` of the generation through the decision route. */
export const decideCall = (core: Core, generationId: string, callId: string, decision: string) =>
  callCore(core, 'POST', `${chatRoutes.toolDecision}?generation=${generationId}&call=${callId}`, { decision })

/** How the answer on `stream` ended. */
export const endOf = async (stream: SseConnection, timeoutMs = 15_000) =>
  (await stream.waitForEvent((event) => event.event === 'end', timeoutMs)).data as AnswerMeta
