// The chat and provider routes of the core, typed.
import {
  chatRoutes,
  type ChatAttachmentRecord,
  type ChatFailure,
  type Conversation,
  type ConversationSummary,
  type ModelList,
  type ProviderPreset,
  type ProviderView,
} from '../../../../shared/chat'
import { api } from '../../lib/api'

const withId = (path: string, id: string) => `${path}?id=${encodeURIComponent(id)}`

export interface ProviderDraft {
  name: string
  preset: ProviderPreset
  baseUrl: string
  defaultModel: string
  firstTokenTimeoutSeconds?: number
  stallTimeoutSeconds?: number
  contextTokens?: number
  maxTokens?: number
  makesTitles?: boolean
}

export interface DiscoveredEndpoint {
  preset: ProviderPreset
  name: string
  baseUrl: string
  models: string[]
}

export type ConnectionResult = { ok: true; models: string[] } | { ok: false; failure: ChatFailure }

export interface ConversationFields {
  title: string
  providerId?: string
  model?: string
  systemPrompt: string
  temperature?: number
}

export type GenerateBody =
  | { action: 'send'; content: string; attachments: ChatAttachmentRecord[] }
  | { action: 'regenerate' }
  | { action: 'edit'; messageId: string; content: string }
  | { action: 'continue' }

export const providersApi = {
  list: () => api.get<ProviderView[]>(chatRoutes.providers),
  create: (draft: ProviderDraft) => api.post<ProviderView>(chatRoutes.providers, draft),
  update: (id: string, draft: ProviderDraft, confirmKeyMove: boolean) =>
    api.put<ProviderView>(withId(chatRoutes.providers, id), { ...draft, confirmKeyMove }),
  remove: (id: string) => api.del<{ removed: string }>(withId(chatRoutes.providers, id)),
  setKey: (id: string, key: string, acceptWeakStorage: boolean) =>
    api.put<ProviderView>(withId(chatRoutes.providerKey, id), { key, acceptWeakStorage }),
  removeKey: (id: string) => api.del<ProviderView>(withId(chatRoutes.providerKey, id)),
  test: (id: string) => api.post<ConnectionResult>(withId(chatRoutes.providerTest, id)),
  models: (id: string, refresh: boolean) =>
    api.get<ModelList>(`${withId(chatRoutes.models, id)}${refresh ? '&refresh=1' : ''}`),
  discovered: () => api.get<DiscoveredEndpoint[]>(chatRoutes.discovered),
  storage: () => api.get<{ protection: string; description: string }>(chatRoutes.storage),
}

export const conversationsApi = {
  list: (search: string) =>
    api.get<{ conversations: ConversationSummary[]; problems: { file: string; movedTo: string; reason: string }[] }>(
      search ? `${chatRoutes.conversations}?search=${encodeURIComponent(search)}` : chatRoutes.conversations,
    ),
  create: (fields: Partial<ConversationFields>) => api.post<Conversation>(chatRoutes.conversations, fields),
  get: (id: string) =>
    api.get<{ conversation: Conversation; activeGenerationId?: string }>(withId(chatRoutes.conversation, id)),
  save: (id: string, fields: ConversationFields) => api.put<Conversation>(withId(chatRoutes.conversation, id), fields),
  remove: (id: string) => api.del<{ removed: string }>(withId(chatRoutes.conversation, id)),
  stop: (generationId: string) =>
    api.post<{ stopped: string }>(`${chatRoutes.stop}?generation=${encodeURIComponent(generationId)}`),
}

/** The message of an error from the core, or of any other error. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
