// The chat routes of the core, typed (the providers' routes are Settings', in settings/providersApi.ts).
import {
  chatRoutes,
  type ChatAttachmentRecord,
  type Conversation,
  type ConversationSummary,
  type ModelUsage,
  type ToolDecision,
} from '../../../../shared/chat'
import { api } from '../../lib/api'

const withId = (path: string, id: string) => `${path}?id=${encodeURIComponent(id)}`

export interface ConversationFields {
  title: string
  providerId?: string
  model?: string
  systemPrompt: string
  temperature?: number
  /** False: the model is not offered Vigil's tools. */
  tools?: boolean
  /** The tools sent without asking in this conversation; [] asks again for each call. */
  allowedTools?: string[]
}

/** `confirmSensitive`: the user agreed that a sensitive source's lines go to an endpoint off this machine. */
export type GenerateBody = (
  | { action: 'send'; content: string; attachments: ChatAttachmentRecord[] }
  | { action: 'regenerate' }
  | { action: 'edit'; messageId: string; content: string }
  | { action: 'continue' }
) & { confirmSensitive?: boolean }

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
  decideToolCall: (generationId: string, callId: string, decision: ToolDecision) =>
    api.post<{ decided: string }>(
      `${chatRoutes.toolDecision}?generation=${encodeURIComponent(generationId)}&call=${encodeURIComponent(callId)}`,
      { decision },
    ),
  showVersion: (conversationId: string, messageId: string, version: number) =>
    api.post<Conversation>(
      `${chatRoutes.messageVersion}?conversation=${encodeURIComponent(conversationId)}&message=${encodeURIComponent(messageId)}&version=${version}`,
    ),
  removeMessage: (conversationId: string, messageId: string) =>
    api.del<Conversation>(
      `${chatRoutes.message}?conversation=${encodeURIComponent(conversationId)}&message=${encodeURIComponent(messageId)}`,
    ),
  /** The models used on this machine, with their answers' figures (the Models table). */
  modelsUsed: () => api.get<{ models: ModelUsage[] }>(chatRoutes.modelsUsed),
  stop: (generationId: string) =>
    api.post<{ stopped: string }>(`${chatRoutes.stop}?generation=${encodeURIComponent(generationId)}`),
}
