// The answer being streamed right now. Tokens arrive many times a second, so they stay out of React: the
// text lives in a module-level buffer, and the one component that shows it is told at most once per
// animation frame (STYLE.md, hot paths). Finished messages never re-render for a token.
// Lifecycle: followAnswer() opens the chat stream (a view stream: it shares one connection slot with the
// other views) and closes it on `end`, which the server follows by closing its side; otherwise the client
// would reconnect. A reconnect sends Last-Event-ID, which the chat stream reads as the last token index.
import { chatRoutes, type AnswerMeta, type ChatStreamEvent } from '../../../../shared/chat'
import type { CommonEvent, StreamEvent } from '../../../../shared/protocol'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import { acceptToken, createTokenBuffer, type TokenBuffer } from './tokenBuffer'

export interface LiveAnswer {
  generationId: string
  messageId: string
  buffer: TokenBuffer
  status: StreamStatus
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
  messageId: string
  onEnd(text: string, answer: AnswerMeta): void
}

/** Streams a generation from its first token; returns the function that stops following it. */
export function followAnswer({ generationId, messageId, onEnd }: FollowRequest): () => void {
  const current: LiveAnswer = { generationId, messageId, buffer: createTokenBuffer(), status: { state: 'connecting' }, error: undefined }
  live = current
  publishNow()
  const close = openStream<StreamEvent>({
    path: `${chatRoutes.stream}?generation=${encodeURIComponent(generationId)}`,
    isViewStream: true,
    // StreamEvent (src/shared/protocol.ts) does not list the chat events; what this stream sends is ChatStreamEvent.
    onEvent(received) {
      const event = received as unknown as ChatStreamEvent | CommonEvent
      if (live !== current) return
      switch (event.event) {
        case 'token':
          if (acceptToken(current.buffer, event.data.index, event.data.text)) publishOnNextFrame()
          break
        case 'end':
          onEnd(current.buffer.text, event.data)
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
