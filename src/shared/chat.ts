// Chat on the wire: how a generation ended, and what it used.
import type { ToolResult } from './tools'

export const chatFailureCodes = [
  'unauthorized',
  'model-not-found',
  'rate-limited',
  'unreachable',
  'timeout',
  'stalled',
  'truncated',
  'stream-error',
  'malformed',
  'dropped',
  'not-openai',
  'empty',
  /** The endpoint answered an HTTP error status not named above. */
  'http-error',
  /** The conversation cannot be answered as it stands: no provider, an unknown one, no key. */
  'not-configured',
  'not-saved',
  /** The endpoint redirected to another origin; the request was not sent there. */
  'redirected',
  /** Vigil itself failed; its log has the details. */
  'internal',
] as const

export type ChatFailureCode = (typeof chatFailureCodes)[number]

export interface ChatFailure {
  code: ChatFailureCode
  /** For people: what happened and what to do. Never holds a key. */
  message: string
  retryAfterSeconds?: number
}

export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
}

/** A key as the UI may show it: the first three and last four characters, e.g. "sk-…abcd". */
export function maskKey(key: string): string {
  if (key.length <= 8) return '…' + key.slice(-2)
  return `${key.slice(0, 3)}…${key.slice(-4)}`
}

/**
 * How an answer ended. The endpoint's finish reason has a state each: `done` (stop, or a reason not known
 * here), `length` (cut at the token limit: it can be continued), `content-filter`, `tool-calls`.
 * Stored in conversation files: values are only ever added, never renamed.
 */
export const answerStates = ['done', 'length', 'content-filter', 'tool-calls', 'stopped', 'failed'] as const

export type AnswerState = (typeof answerStates)[number]

/** The states in which the endpoint itself ended the answer, with a finish reason. */
export type FinishedState = Extract<AnswerState, 'done' | 'length' | 'content-filter' | 'tool-calls'>

export function finishedStateOf(finishReason: string): FinishedState {
  switch (finishReason) {
    case 'length':
      return 'length'
    case 'content_filter':
      return 'content-filter'
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls'
    default:
      return 'done'
  }
}

/** Who or what stopped an answer: the user's Stop, every window gone, or Vigil shutting down. */
export const stopReasons = ['user', 'no-window', 'shutdown'] as const

export type StopReason = (typeof stopReasons)[number]

export interface AnswerMeta {
  model: string
  state: AnswerState
  /** The endpoint's own finish reason, as it sent it (e.g. "stop", "length", "eos"). */
  finishReason?: string
  /** For a stopped answer: why. Absent in answers kept before it was recorded (they were stopped by the user or by a closed window). */
  stopReason?: StopReason
  failure?: ChatFailure
  timeToFirstTokenMs?: number
  tokensPerSecond?: number
  usage?: TokenUsage
  /** How much of the model's context the request used (estimated), and how many earlier messages were left out to fit. */
  context?: { limitTokens: number; estimatedTokens: number; omittedMessages: number }
  /** The local engine that answered (an endpoint on this machine): its process, and its peak CPU and memory. */
  engine?: EngineReading
}

/**
 * One model's answers on this machine, from the stored conversations (earlier versions included): a row of
 * the Models table. Percentiles are nearest-rank over the answers that recorded the figure; the engine's
 * peaks are the highest any of its answers recorded (only for an endpoint on this machine).
 */
export interface ModelUsage {
  /** The provider of the conversations that asked; undefined for answers in a conversation without one. */
  providerId?: string
  /** The provider's name now; undefined when it was removed since. */
  providerName?: string
  model: string
  answers: number
  tokensPerSecondP50?: number
  tokensPerSecondP90?: number
  timeToFirstTokenMsP50?: number
  engineCpuPctPeak?: number
  engineMemBytesPeak?: number
  /** The engine's process name, as its latest answer recorded it. */
  engineName?: string
  /** When its latest answer began (epoch ms). */
  lastUsedAt: number
}

/** The process of a local inference engine, read while it answers: CPU % (100 is one core busy) and resident memory. */
export interface EngineReading {
  pid: number
  name: string
  cpuPct: number
  memBytes: number
}

export interface ChatAttachmentRecord {
  title: string
  text: string
  /** The log sources its lines came from: a sensitive one needs confirming before an endpoint off this machine. */
  sources?: string[]
}

/**
 * What became of a model's tool call: `running` (the read-only tool runs), `awaiting` (its result waits for
 * the user's approval before it goes to the model), `sent` (the result went to the model), `denied` (the
 * model was told the user denied it), `stopped` (Stop came first: nothing was sent).
 * Stored in conversation files: values are only ever added, never renamed.
 */
export const toolCallStates = ['running', 'awaiting', 'sent', 'denied', 'stopped'] as const

export type ToolCallState = (typeof toolCallStates)[number]

/**
 * Why a result went to the model: the user allowed it `once` or for the `conversation` (that tool), the
 * `setting` allows calls for endpoints on this machine, or it was an `error` (bad arguments, an unknown
 * tool) that says nothing about the machine.
 */
export const toolApprovals = ['once', 'conversation', 'setting', 'error'] as const

export type ToolApproval = (typeof toolApprovals)[number]

/** A tool call the model made, and what became of it. */
export interface ToolCallRecord {
  /** The model's id for the call: the tool message that answers it carries it as `tool_call_id`. */
  id: string
  name: string
  /** The arguments exactly as the model wrote them: JSON text, which may be malformed. */
  arguments: string
  state: ToolCallState
  /** What the tool returned: what was sent to the model, or what would have been. */
  result?: ToolResult
  approval?: ToolApproval
}

/** One round of tool use in an answer: what the model said before its calls, and the calls. */
export interface ToolRound {
  content: string
  calls: ToolCallRecord[]
}

/** The user's answer to a tool call that waits: send its result once, allow that tool for the conversation, or deny. */
export const toolDecisions = ['once', 'conversation', 'deny'] as const

export type ToolDecision = (typeof toolDecisions)[number]

export interface ChatMessage {
  id: string
  role: 'user' | 'assistant'
  content: string
  createdAt: number
  /** What was attached to a user message, exactly as it was sent. */
  attachments?: ChatAttachmentRecord[]
  /** How an answer was made and how it ended. */
  answer?: AnswerMeta
  /** A thinking model's reasoning before or beside the answer; never sent back to the model. */
  reasoning?: string
  /** The rounds of tool calls before the answer (`content` is what came after the last one). */
  toolRounds?: ToolRound[]
  /** What Vigil said about the answer in the conversation (tools not supported, the rounds limit reached). */
  notices?: string[]
  /** The earlier versions of this message (a regenerated answer, an edited question), each with what followed it. */
  versions?: MessageVersion[]
}

/** A message as it was before a regenerate or an edit, with the messages that followed it then. */
export type MessageVersion = Omit<ChatMessage, 'id' | 'role' | 'versions'> & { following: ChatMessage[] }

/** Where the message shown stands among all its versions, oldest first: "2 of 3". */
export function versionPosition(message: ChatMessage): { position: number; count: number } {
  const earlier = (message.versions ?? []).filter((version) => version.createdAt <= message.createdAt).length
  return { position: earlier + 1, count: (message.versions?.length ?? 0) + 1 }
}

export interface Conversation {
  id: string
  title: string
  providerId?: string
  model?: string
  systemPrompt: string
  temperature?: number
  /** False: the model is not offered Vigil's tools. Absent: on (when there are tools). */
  tools?: boolean
  /** Tools whose results go to the model without asking, for this conversation (on an endpoint on this machine). */
  allowedTools?: string[]
  /** The model or server refused tools: this conversation goes on without them. */
  toolsUnsupported?: boolean
  createdAt: number
  updatedAt: number
  messages: ChatMessage[]
}

export type ConversationSummary = Pick<Conversation, 'id' | 'title' | 'updatedAt' | 'model'> & { messageCount: number }

export const providerPresets = {
  openai: { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', needsKey: true },
  ollama: { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  lmstudio: { name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
  llamacpp: { name: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false },
  custom: { name: 'OpenAI-compatible', baseUrl: '', needsKey: false },
} as const

export type ProviderPreset = keyof typeof providerPresets

export interface ProviderConfig {
  id: string
  name: string
  preset: ProviderPreset
  baseUrl: string
  defaultModel: string
  /** How long an answer may wait for its first token (or reasoning); absent: `defaultTimeouts`. */
  firstTokenTimeoutSeconds?: number
  /** How long an answer may go without a new token once it has begun; absent: `defaultTimeouts`. */
  stallTimeoutSeconds?: number
  /** The models' context length, in tokens, when the endpoint does not say it. */
  contextTokens?: number
  /** The longest answer asked for (`max_tokens`); absent: the endpoint's own limit. */
  maxTokens?: number
  /** False: new conversations are titled by their first words, without asking the model. */
  makesTitles?: boolean
}

/** Long enough for a local model to load its weights and read a long prompt on a small machine. */
export const defaultTimeouts = { firstTokenTimeoutSeconds: 300, stallTimeoutSeconds: 120 } as const

export interface ProviderKeyView {
  masked: string
  source: 'stored' | 'environment'
  /** The base URL the key was given for; it is sent nowhere else without the user's confirmation. */
  boundTo: string
}

export interface ProviderView extends ProviderConfig {
  key?: ProviderKeyView
  /** The stored key belongs to another base URL: it is not sent until the user confirms. */
  isKeyOnHold?: boolean
}

/** The models an endpoint lists (`listedAt`: when it was asked), or why it could not say. */
export type ModelList = { ok: true; models: string[]; listedAt: number } | { ok: false; failure: ChatFailure }

export const chatRoutes = {
  providers: '/api/chat/providers',
  providerKey: '/api/chat/providers/key',
  providerTest: '/api/chat/providers/test',
  models: '/api/chat/models',
  discovered: '/api/chat/discovered',
  storage: '/api/chat/storage',
  conversations: '/api/chat/conversations',
  conversation: '/api/chat/conversation',
  generate: '/api/chat/generate',
  stop: '/api/chat/stop',
  toolDecision: '/api/chat/tool-decision',
  /** POST ?conversation&message&version=N: shows version N (1 is the oldest) of a message, and what followed it then. */
  messageVersion: '/api/chat/message/version',
  /** DELETE ?conversation&message: removes one message. */
  message: '/api/chat/message',
  /** GET: the models used on this machine, with their answers' figures (ModelUsage[]). */
  modelsUsed: '/api/chat/models-used',
  stream: '/api/streams/chat',
} as const

export type GenerationStatus =
  /** Waiting for one of the provider's concurrent answers to end; `ahead`: how many wait before it. */
  | { state: 'queued'; ahead: number }
  | { state: 'retrying'; attempt: number; maxAttempts: number; retryAt: number; reason: string }
  /** Sent to the endpoint, no token yet. */
  | { state: 'requesting' }

/** A generation's id, chosen by the client that starts it, so that it knows where to re-attach before the core answers. */
export function newGenerationId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6))
  return 'g' + Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export const generationIdPattern = /^g[0-9a-f]{12}$/

export type ChatStreamEvent =
  /** First on the stream that answers the generate request (never on a re-attach): the conversation with the user's message and the answer's placeholder. */
  | { event: 'started'; data: { conversation: Conversation } }
  /**
   * The text of one or more tokens, up to token `index` (also the event's id: a resume continues after it);
   * `reasoning`: the reasoning among them, when a thinking model sent some.
   */
  | { event: 'token'; data: { index: number; text: string; reasoning?: string } }
  /** What a generation waits for before its first token: a free slot at its provider, or a retry (`retryAt`: epoch ms). */
  | { event: 'status'; data: GenerationStatus }
  /**
   * A tool call's state, each time it changes (the whole record: a client replaces the call with the same id
   * in that round). `isOffMachine`: the endpoint is not on this machine, so the call cannot be allowed for
   * the conversation, and log text in its result was redacted.
   */
  | { event: 'tool-call'; data: { round: number; call: ToolCallRecord; isOffMachine: boolean } }
  /** A round of tool calls begins: what the model said before them ends the text streamed so far. */
  | { event: 'tool-round'; data: { round: number; content: string } }
  /** What Vigil says about the answer: tools refused by the model, the rounds limit reached. */
  | { event: 'notice'; data: { text: string } }
  /** The local engine answering, read once a second while it does. */
  | { event: 'engine'; data: EngineReading }
  | { event: 'end'; data: AnswerMeta }
