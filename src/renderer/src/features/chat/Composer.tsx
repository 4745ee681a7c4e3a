// The message box: what other views attached, the text, Send (Enter; Shift+Enter for a new line) and Stop.
// Attachments go out in the send action's `attachments`, exactly as shown, and leave the list once sent.
// Lines of a sensitive log source bound for an endpoint off this machine wait for a second confirmation.
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { isOnThisMachine } from '../../../../shared/endpoints'
import { AttachmentCard } from './AttachmentCard'
import { removeSentAttachments, useChatContextStore } from './chatContextStore'
import { useProvidersStore } from '../settings'
import { answerSensitiveQuestion, createConversation, generate, stopGeneration, useChatStore } from './chatStore'
import { SensitiveQuestion } from './SensitiveQuestion'

export function Composer() {
  const [text, setText] = useState('')
  const [isSending, setIsSending] = useState(false)
  const attachments = useChatContextStore((state) => state.attachments)
  const isGenerating = useChatStore((state) => state.generation !== undefined)
  /** Where sensitive lines would go, while the user decides whether to send them there. */
  const [sensitiveWarning, setSensitiveWarning] = useState<string>()
  /** The core's own question, for a generation it refused to start until the user confirms. */
  const sensitiveQuestion = useChatStore((state) => state.sensitiveQuestion?.message)

  async function send(confirmSensitive = false): Promise<void> {
    if (!text.trim() || isGenerating || isSending) return
    setIsSending(true)
    setSensitiveWarning(undefined)
    const sent = attachments
    const providers = useProvidersStore.getState().providers
    const providerId = useChatStore.getState().conversation?.providerId ?? providers[0]?.id
    const baseUrl = providers.find((provider) => provider.id === providerId)?.baseUrl
    const sensitiveNames = [...new Set(sent.flatMap((attachment) => attachment.sensitiveSourceNames ?? []))]
    if (!confirmSensitive && sensitiveNames.length > 0 && baseUrl !== undefined && !isOnThisMachine(baseUrl)) {
      setSensitiveWarning(
        `The attached lines of ${sensitiveNames.join(', ')} (a sensitive source: only root or another user may read it) would go to ${new URL(baseUrl).host}, which is not on this machine.`,
      )
      setIsSending(false)
      return
    }
    // A new conversation gets the provider and model used last from the core.
    const hasConversation = useChatStore.getState().conversation !== undefined || (await createConversation({}))
    const records = sent.map(({ title, text: body, sources }) => ({
      title,
      text: body,
      ...(sources ? { sources } : {}),
    }))
    const clearSent = () => {
      setText('')
      removeSentAttachments(sent.map((attachment) => attachment.id))
    }
    if (hasConversation)
      await generate(
        { action: 'send', content: text, attachments: records, ...(confirmSensitive ? { confirmSensitive } : {}) },
        clearSent,
      )
    setIsSending(false)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void send()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void send()
    }
  }

  return (
    <form className="composer" onSubmit={onSubmit} aria-label="New message">
      {attachments.length > 0 && (
        <section className="attachments" aria-label="Attached to the next message">
          <p className="caption">Attached to your next message:</p>
          {attachments.map((attachment) => (
            <AttachmentCard key={attachment.id} attachment={attachment} />
          ))}
        </section>
      )}
      {sensitiveWarning && (
        <SensitiveQuestion
          message={sensitiveWarning}
          onAnswer={(isSent) => (isSent ? void send(true) : setSensitiveWarning(undefined))}
        />
      )}
      {sensitiveQuestion && <SensitiveQuestion message={sensitiveQuestion} onAnswer={answerSensitiveQuestion} />}
      <div className="composer-row">
        <textarea
          aria-label="Message"
          placeholder="Ask about your machine… (Enter sends, Shift+Enter for a new line)"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          rows={Math.min(8, Math.max(2, text.split('\n').length))}
        />
        {isGenerating ? (
          <button type="button" className="button" onClick={() => void stopGeneration()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!text.trim() || isSending}>
            Send
          </button>
        )}
      </div>
    </form>
  )
}
