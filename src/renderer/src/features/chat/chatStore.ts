// The Chat view's state: the conversation list and its search, the open conversation, and the actions that
// change them. The answer being streamed is not here (see liveAnswer.ts): only which message it fills.
// Lifecycle: followChat() runs while the view is mounted; it loads the list, reopens the conversation open
// last (kept in localStorage so a reload comes back to it) and re-attaches to a generation still running.
import { create } from 'zustand'
import {
  newGenerationId,
  type AnswerMeta,
  type Conversation,
  type ConversationSummary,
  type ToolDecision,
} from '../../../../shared/chat'
import type { ApiError } from '../../../../shared/errors'
import { ApiRequestError, errorText } from '../../lib/api'
import { addressParam, writeAddressParam } from '../../lib/address'
import { conversationsApi, type ConversationFields, type GenerateBody } from './chatApi'
import { followAnswer, type AnswerExtras } from './liveAnswer'

interface ChatState {
  summaries: ConversationSummary[]
  problems: string[]
  search: string
  listError: string | undefined
  conversation: Conversation | undefined
  /** The generation running in the open conversation, the assistant message it fills, and the text it adds to (a continued answer's first part). */
  generation: { id: string; messageId: string; prefix: string } | undefined
  actionError: string | undefined
  /**
   * A generation the core refused because it would send a sensitive source's lines off this machine,
   * while the user decides: the core's words, what to send again confirmed, and what to do once it starts.
   */
  sensitiveQuestion: { message: string; body: GenerateBody; onStarted: (() => void) | undefined } | undefined
}

const initialState = (): ChatState => ({
  summaries: [],
  problems: [],
  search: '',
  listError: undefined,
  conversation: undefined,
  generation: undefined,
  actionError: undefined,
  sensitiveQuestion: undefined,
})

export const useChatStore = create<ChatState>(initialState)

const lastOpenKey = 'vigil.chat.lastConversation'
let stopFollowing: (() => void) | undefined
let searchTimer: ReturnType<typeof setTimeout> | undefined
let listRequest = 0

async function refreshList(): Promise<void> {
  const request = (listRequest += 1)
  try {
    const { conversations, problems } = await conversationsApi.list(useChatStore.getState().search.trim())
    if (request !== listRequest) return
    const problemTexts = problems.map(
      (problem) => `${problem.file} could not be read (${problem.reason}); it was moved to ${problem.movedTo}.`,
    )
    useChatStore.setState({ summaries: conversations, problems: problemTexts, listError: undefined })
  } catch (error) {
    if (request === listRequest)
      useChatStore.setState({ listError: `The conversations could not be listed: ${errorText(error)}` })
  }
}

export function setSearch(search: string): void {
  useChatStore.setState({ search })
  clearTimeout(searchTimer)
  searchTimer = setTimeout(() => void refreshList(), 200)
}

/** Follows a running generation (re-attach): it fills the conversation's last message. */
function follow(generationId: string, conversation: Conversation): void {
  stopFollowing?.()
  const messageId = conversation.messages.at(-1)?.id ?? ''
  const prefix = conversation.messages.at(-1)?.content ?? ''
  useChatStore.setState({ generation: { id: generationId, messageId, prefix } })
  stopFollowing = followAnswer({
    generationId,
    messageId,
    onEnd: (text, answer, reasoning, extras) =>
      finishAnswer(conversation.id, messageId, prefix + text, answer, reasoning, extras),
  })
}

function finishAnswer(
  conversationId: string,
  messageId: string,
  text: string,
  answer: AnswerMeta,
  reasoning: string,
  { toolRounds, notices }: AnswerExtras,
): void {
  stopFollowing = undefined
  useChatStore.setState((state) => ({
    generation: undefined,
    conversation:
      state.conversation?.id === conversationId
        ? {
            ...state.conversation,
            messages: state.conversation.messages.map((message) =>
              message.id === messageId
                ? {
                    ...message,
                    content: text,
                    answer,
                    ...(reasoning ? { reasoning: (message.reasoning ?? '') + reasoning } : {}),
                    ...(toolRounds.length > 0 ? { toolRounds: [...(message.toolRounds ?? []), ...toolRounds] } : {}),
                    ...(notices.length > 0 ? { notices: [...(message.notices ?? []), ...notices] } : {}),
                  }
                : message,
            ),
          }
        : state.conversation,
  }))
  void refreshList()
  const conversation = useChatStore.getState().conversation
  if (conversation?.id === conversationId && conversation.title === defaultTitle && answer.state === 'done')
    void awaitTitle(conversationId)
}

/** The default title a conversation keeps until the core titles it after its first answer. */
const defaultTitle = 'New conversation'

/**
 * The core titles a conversation after its first answer, by a short request to the model: the title is
 * asked for again a few times, so that the header and the list show it, and a later save does not undo it.
 */
async function awaitTitle(conversationId: string): Promise<void> {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const current = useChatStore.getState().conversation
    if (current?.id !== conversationId || current.title !== defaultTitle) return
    const { title } = (await conversationsApi.get(conversationId).catch(() => undefined))?.conversation ?? {}
    if (title && title !== defaultTitle) {
      useChatStore.setState((state) => ({
        conversation: state.conversation?.id === conversationId ? { ...state.conversation, title } : state.conversation,
      }))
      void refreshList()
      return
    }
  }
}

function leaveConversation(): void {
  stopFollowing?.()
  stopFollowing = undefined
  useChatStore.setState({
    conversation: undefined,
    generation: undefined,
    actionError: undefined,
    sensitiveQuestion: undefined,
  })
}

export async function openConversation(id: string): Promise<void> {
  leaveConversation()
  try {
    const { conversation, activeGenerationId } = await conversationsApi.get(id)
    localStorage.setItem(lastOpenKey, id)
    writeAddressParam('conversation', id)
    useChatStore.setState({ conversation })
    if (activeGenerationId) follow(activeGenerationId, conversation)
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) {
      localStorage.removeItem(lastOpenKey)
      writeAddressParam('conversation', undefined)
    } else useChatStore.setState({ actionError: `The conversation could not be opened: ${errorText(error)}` })
  }
}

/** Creates a conversation and opens it; resolves to whether it is open. */
export async function createConversation(fields: Partial<ConversationFields>): Promise<boolean> {
  try {
    const conversation = await conversationsApi.create(fields)
    useChatStore.setState({ search: '' })
    await refreshList()
    await openConversation(conversation.id)
    return useChatStore.getState().conversation?.id === conversation.id
  } catch (error) {
    useChatStore.setState({ actionError: `The conversation could not be created: ${errorText(error)}` })
    return false
  }
}

/** Saves title, provider, model, system prompt, temperature, the tools choice and (when given) the tools allowed without asking. */
export async function saveConversation(change: Partial<ConversationFields>): Promise<boolean> {
  const current = useChatStore.getState().conversation
  if (!current) return false
  const { title, providerId, model, systemPrompt, temperature, tools } = { ...current, ...change }
  // The allowances change only when asked: the core keeps them (a running answer may be adding one).
  const { allowedTools } = change
  try {
    const saved = await conversationsApi.save(current.id, {
      title,
      providerId,
      model,
      systemPrompt,
      temperature,
      tools,
      allowedTools,
    })
    useChatStore.setState((state) => ({
      conversation:
        state.conversation?.id === saved.id ? { ...saved, messages: state.conversation.messages } : state.conversation,
      actionError: undefined,
    }))
    void refreshList()
    return true
  } catch (error) {
    useChatStore.setState({ actionError: `The conversation could not be saved: ${errorText(error)}` })
    return false
  }
}

export async function deleteConversation(id: string): Promise<void> {
  try {
    await conversationsApi.remove(id)
    if (useChatStore.getState().conversation?.id === id) {
      leaveConversation()
      localStorage.removeItem(lastOpenKey)
      writeAddressParam('conversation', undefined)
    }
    await refreshList()
  } catch (error) {
    useChatStore.setState({ actionError: `The conversation could not be deleted: ${errorText(error)}` })
  }
}

const isSensitiveRefusal = (refusal: ApiError | undefined) =>
  refusal?.code === 'conflict' && Array.isArray(refusal.details?.['sensitiveSources'])

/**
 * Starts a generation (send, regenerate, edit, continue) in the open conversation; resolves to whether it
 * started. When the core asks for a confirmation first (sensitive lines would leave the machine), the
 * question waits in the store; `onStarted` runs when the generation starts, now or once confirmed.
 */
export function generate(body: GenerateBody, onStarted?: () => void): Promise<boolean> {
  const current = useChatStore.getState().conversation
  if (!current) return Promise.resolve(false)
  stopFollowing?.()
  const generationId = newGenerationId()
  useChatStore.setState({ generation: { id: generationId, messageId: '', prefix: '' } })
  return new Promise((resolve) => {
    let messageId = ''
    let prefix = ''
    const stop = followAnswer({
      generationId,
      messageId: '',
      start: {
        conversationId: current.id,
        body,
        onStarted(conversation) {
          messageId = conversation.messages.at(-1)?.id ?? ''
          prefix = conversation.messages.at(-1)?.content ?? ''
          useChatStore.setState({
            conversation,
            generation: { id: generationId, messageId, prefix },
            actionError: undefined,
          })
          void refreshList()
          onStarted?.()
          resolve(true)
        },
        onRefused(message, refusal) {
          stopFollowing = undefined
          useChatStore.setState(
            isSensitiveRefusal(refusal) && body.confirmSensitive !== true
              ? { generation: undefined, sensitiveQuestion: { message, body, onStarted } }
              : { generation: undefined, actionError: message },
          )
          resolve(false)
        },
      },
      onEnd: (text, answer, reasoning, extras) =>
        finishAnswer(current.id, messageId, prefix + text, answer, reasoning, extras),
    })
    // Leaving the conversation before the core answered: the send is not known to have started.
    stopFollowing = () => {
      stop()
      resolve(false)
    }
  })
}

/** Changes the open conversation's messages through the core (a version shown, a message deleted). */
async function changeMessages(change: (conversationId: string) => Promise<Conversation>, what: string): Promise<void> {
  const current = useChatStore.getState().conversation
  if (!current) return
  try {
    const conversation = await change(current.id)
    if (useChatStore.getState().conversation?.id === current.id)
      useChatStore.setState({ conversation, actionError: undefined })
  } catch (error) {
    useChatStore.setState({ actionError: `${what}: ${errorText(error)}` })
  }
}

/** Shows version `version` (1 is the oldest) of a message, with what followed it then. */
export function showMessageVersion(messageId: string, version: number): Promise<void> {
  return changeMessages(
    (conversationId) => conversationsApi.showVersion(conversationId, messageId, version),
    'That version could not be shown',
  )
}

export function deleteMessage(messageId: string): Promise<void> {
  return changeMessages(
    (conversationId) => conversationsApi.removeMessage(conversationId, messageId),
    'The message could not be deleted',
  )
}

/** The user's answer to the sensitive-lines question: send them anyway, or not. */
export function answerSensitiveQuestion(isSent: boolean): void {
  const question = useChatStore.getState().sensitiveQuestion
  if (!question) return
  useChatStore.setState({ sensitiveQuestion: undefined })
  if (isSent) void generate({ ...question.body, confirmSensitive: true }, question.onStarted)
}

/** The user's decision on a tool call whose result waits; the core's refusal (decided already) is shown. */
export async function decideToolCall(callId: string, decision: ToolDecision): Promise<void> {
  const generation = useChatStore.getState().generation
  if (!generation) return
  try {
    await conversationsApi.decideToolCall(generation.id, callId, decision)
  } catch (error) {
    useChatStore.setState({ actionError: `The decision could not be sent: ${errorText(error)}` })
  }
}

export async function stopGeneration(): Promise<void> {
  const generation = useChatStore.getState().generation
  if (!generation) return
  try {
    await conversationsApi.stop(generation.id)
  } catch (error) {
    useChatStore.setState({ actionError: `The answer could not be stopped: ${errorText(error)}` })
  }
}

/**
 * Loads the list and reopens a conversation (the one open, else the one the address names, else the last one
 * opened); returns the function that lets go of the stream.
 */
export function followChat(): () => void {
  void refreshList()
  const lastOpen =
    useChatStore.getState().conversation?.id ?? addressParam('conversation') ?? localStorage.getItem(lastOpenKey)
  if (lastOpen) void openConversation(lastOpen)
  return () => {
    clearTimeout(searchTimer)
    leaveConversation()
  }
}

/** Lets go of any answer followed and any search waiting, and empties the state; answers still on the way are ignored. */
export function resetChatStore(): void {
  stopFollowing?.()
  stopFollowing = undefined
  clearTimeout(searchTimer)
  listRequest += 1
  useChatStore.setState(initialState(), true)
}
