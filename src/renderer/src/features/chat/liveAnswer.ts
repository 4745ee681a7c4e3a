// The answer being streamed right now. Tokens arrive many times a second, so they stay out of React: the
// text lives in a module-level buffer, and the one component that shows it is told at most once per
// animation frame (STYLE.md, hot paths). Finished messages never re-render for a token.
// Lifecycle: followAnswer() opens the chat stream (a view stream: it shares one connection slot with the
// other views; for a new answer, the stream is the answer to its generate request) and closes it on `end`,
// which the server follows by closing its side; otherwise the client would reconnect. A reconnect sends
// Last-Event-ID, which the chat stream reads as the last token index.
import {
  chatRoutes,
  type AnswerMeta,
  type ChatStreamEvent,
  type Conversation,
  type GenerationStatus,
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
  onEnd(text: string, answer: AnswerMeta, reasoning: string): void
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
    error: undefined,
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
        case 'end':
          onEnd(current.buffer.text, event.data, current.buffer.reasoning)
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
