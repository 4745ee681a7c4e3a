// The answer being streamed right now. Tokens arrive many times a second, so they stay out of React: the
// text lives in a module-level buffer, and the one component that shows it is told at most once per
// animation frame (STYLE.md, hot paths). Finished messages never re-render for a token.
// Lifecycle: followAnswer() opens the chat stream (a view stream: it shares one connection slot with the
// other views; for a new answer, the stream is the answer to its generate request) and closes it on `end`,
// which the server follows by closing its side; otherwise the client would reconnect. A reconnect sends
// Last-Event-ID, which the chat stream reads as the last token index. Tool calls come as events of their
// own (a round, then each call's state as it changes): they are few, and kept beside the text.
import {
  chatRoutes,
  type EngineReading,
  type AnswerMeta,
  type ChatStreamEvent,
  type Conversation,
  type GenerationStatus,
  type ToolRound,
} from '../../../../shared/chat'
import type { ApiError } from '../../../../shared/errors'
import type { CommonEvent } from '../../../../shared/protocol'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import type { GenerateBody } from './chatApi'
import { acceptToken, createTokenBuffer, type TokenBuffer } from './tokenBuffer'

export interface LiveAnswer {
  generationId: string
  messageId: string
  buffer: TokenBuffer
  status: StreamStatus
  /** What the generation waits for before its first token (queued, retrying), as the core said last. */
  generationStatus: GenerationStatus | undefined
  error: string | undefined
  /** The rounds of tool calls so far: the text before each is the start of the streamed text. */
  toolRounds: ToolRound[]
  /** The endpoint is not on this machine: a call cannot be allowed for the whole conversation. */
  isOffMachine: boolean
  notices: string[]
  /** The local engine answering, as read last (an endpoint on this machine). */
  engine: EngineReading | undefined
}

/** What came after the last round of tool calls: the answer's own text so far. */
export function textAfterRounds(live: Pick<LiveAnswer, 'buffer' | 'toolRounds'>): string {
  const before = live.toolRounds.reduce((sum, round) => sum + round.content.length, 0)
  return live.buffer.text.slice(before)
}

/** What an ended answer brings besides its text: its tool calls and what Vigil said about it. */
export interface AnswerExtras {
  toolRounds: ToolRound[]
  notices: string[]
}

let live: LiveAnswer | undefined
let version = 0
let isFrameRequested = false
const listeners = new Set<() => void>()

function publishNow(): void {
  isFrameRequested = false
  version += 1
  for (const listener of listeners) listener()
}

function publishOnNextFrame(): void {
  if (isFrameRequested) return
  isFrameRequested = true
  requestAnimationFrame(publishNow)
}

/** For useSyncExternalStore: subscribe, then read liveAnswerVersion() and liveAnswer(). */
export function onLiveAnswerChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export const liveAnswerVersion = (): number => version

export const liveAnswer = (): LiveAnswer | undefined => live

export interface FollowRequest {
  generationId: string
  /** The assistant message the generation fills; for one being started, known once it has started. */
  messageId: string
  /** Starts the generation: its stream is the answer to this generate request (sent once; a reconnect re-attaches). */
  start?: StartRequest
  /** `text`: what came after the last round of tool calls. */
  onEnd(text: string, answer: AnswerMeta, reasoning: string, extras: AnswerExtras): void
}

export interface StartRequest {
  conversationId: string
  body: GenerateBody
  /** The conversation as the core saved it: the user's message and the answer's placeholder last. */
  onStarted(conversation: Conversation): void
  /** The core refused to start it (a busy or unknown conversation, an invalid message): why, and its answer. */
  onRefused(message: string, refusal: ApiError | undefined): void
}

/** Streams a generation from its first token; returns the function that stops following it. */
export function followAnswer({ generationId, messageId, start, onEnd }: FollowRequest): () => void {
  const current: LiveAnswer = {
    generationId,
    messageId,
    buffer: createTokenBuffer(),
    status: { state: 'connecting' },
    generationStatus: undefined,
    engine: undefined,
    error: undefined,
    toolRounds: [],
    isOffMachine: false,
    notices: [],
  }
  let isStarted = start === undefined
  live = current
  publishNow()
  const close = openStream<ChatStreamEvent | CommonEvent>({
    path: `${chatRoutes.stream}?generation=${encodeURIComponent(generationId)}`,
    ...(start
      ? {
          start: {
            path: `${chatRoutes.generate}?conversation=${encodeURIComponent(start.conversationId)}&generation=${encodeURIComponent(generationId)}`,
            body: JSON.stringify(start.body),
          },
        }
      : {}),
    isViewStream: true,
    onEvent(event) {
      if (live !== current) return
      switch (event.event) {
        case 'started':
          isStarted = true
          current.messageId = event.data.conversation.messages.at(-1)?.id ?? ''
          start?.onStarted(event.data.conversation)
          break
        case 'token':
          if (acceptToken(current.buffer, event.data.index, event.data.text, event.data.reasoning)) publishOnNextFrame()
          break
        case 'status':
          current.generationStatus = event.data
          publishOnNextFrame()
          break
        case 'engine':
          current.engine = event.data
          publishOnNextFrame()
          break
        case 'tool-round':
          current.toolRounds = current.toolRounds.slice(0, event.data.round)
          current.toolRounds[event.data.round] = { content: event.data.content, calls: [] }
          publishOnNextFrame()
          break
        case 'tool-call': {
          const { round, call, isOffMachine } = event.data
          const calls = current.toolRounds[round]?.calls ?? []
          const at = calls.findIndex((each) => each.id === call.id)
          current.toolRounds[round] = {
            content: current.toolRounds[round]?.content ?? '',
            calls: at < 0 ? [...calls, call] : calls.map((each, index) => (index === at ? call : each)),
          }
          current.isOffMachine = isOffMachine
          publishOnNextFrame()
          break
        }
        case 'notice':
          if (!current.notices.includes(event.data.text)) current.notices = [...current.notices, event.data.text]
          publishOnNextFrame()
          break
        case 'end':
          onEnd(textAfterRounds(current), event.data, current.buffer.reasoning, {
            toolRounds: current.toolRounds,
            notices: current.notices,
          })
          stop()
          break
        case 'error':
          current.error = event.data.message
          publishOnNextFrame()
          break
      }
    },
    onStatus(status) {
      if (live !== current) return
      if (!isStarted && status.state === 'offline') {
        start?.onRefused(status.detail ?? 'The core refused to start this answer.', status.refusal)
        stop()
        return
      }
      current.status = status
      publishOnNextFrame()
    },
  })
  function stop(): void {
    close()
    if (live !== current) return
    live = undefined
    publishNow()
  }
  return stop
}
