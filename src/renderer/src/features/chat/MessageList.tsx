// The open conversation's messages. Finished ones are memoized (MessageItem); the one being answered is
// drawn by LiveMessage from the live buffer instead of from the conversation, until its end arrives.
import './messages.css'
import { useLayoutEffect } from 'react'
import { useChatStore } from './chatStore'
import { LiveMessage } from './LiveMessage'
import { MessageItem } from './MessageItem'

const scrollerId = 'chat-messages'

export function MessageList() {
  const conversation = useChatStore((state) => state.conversation)
  const generation = useChatStore((state) => state.generation)
  const messages = conversation?.messages ?? []
  const lastAnswerId = messages.findLast((message) => message.role === 'assistant')?.id
  const conversationId = conversation?.id

  useLayoutEffect(() => {
    const scroller = document.getElementById(scrollerId)
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }, [conversationId, messages.length])

  return (
    <div className="messages" id={scrollerId} data-testid="chat-messages">
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
    </div>
  )
}
