// The open conversation's messages. Finished ones are memoized (MessageItem); the one being answered is
// drawn by LiveMessage from the live buffer instead of from the conversation, until its end arrives.
import './messages.css'
import { useLayoutEffect, useRef, useState, type UIEvent } from 'react'
import { useChatStore } from './chatStore'
import { LiveMessage } from './LiveMessage'
import { MessageItem } from './MessageItem'

const scrollerId = 'chat-messages'

/** How close to the bottom (px) still counts as "at the bottom": the view then follows new text. */
const followSlackPx = 200

export function MessageList() {
  const conversation = useChatStore((state) => state.conversation)
  const generation = useChatStore((state) => state.generation)
  const messages = conversation?.messages ?? []
  const lastAnswerId = messages.findLast((message) => message.role === 'assistant')?.id
  const conversationId = conversation?.id

  const [isAtBottom, setIsAtBottom] = useState(true)
  const isAtBottomRef = useRef(true)
  const lastContentLength = messages.at(-1)?.content.length ?? 0

  useLayoutEffect(() => {
    const scroller = document.getElementById(scrollerId)
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }, [conversationId, messages.length])
  // An answer that ends is drawn again in full, often taller: the view stays at its end if it was there.
  useLayoutEffect(() => {
    const scroller = document.getElementById(scrollerId)
    if (scroller && isAtBottomRef.current) scroller.scrollTop = scroller.scrollHeight
  }, [generation?.id, lastContentLength])

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const scroller = event.currentTarget
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < followSlackPx
    isAtBottomRef.current = atBottom
    setIsAtBottom(atBottom)
  }
  const toBottom = () => {
    const scroller = document.getElementById(scrollerId)
    scroller?.scrollTo({ top: scroller.scrollHeight, behavior: 'smooth' })
  }

  return (
    <div className="messages" id={scrollerId} data-testid="chat-messages" onScroll={onScroll}>
      {messages.length === 0 && (
        <p className="caption empty-conversation">
          No messages yet. Ask something below; what other views attached goes with it.
        </p>
      )}
      {messages.map((message) =>
        message.id === generation?.messageId ? (
          <LiveMessage key={message.id} scrollerId={scrollerId} prefix={generation.prefix} />
        ) : (
          <MessageItem
            key={message.id}
            message={message}
            isLastAnswer={message.id === lastAnswerId}
            canAct={generation === undefined}
          />
        ),
      )}
      {!isAtBottom && (
        <button type="button" className="button to-bottom" onClick={toBottom}>
          ↓ To the bottom
        </button>
      )}
    </div>
  )
}
