// Something another view attached for the next message (a metrics summary, log lines), shown word for word:
// the user can open it, edit exactly what will be sent, or remove it.
import { useState } from 'react'
import { removeAttachment, updateAttachmentText, type ChatAttachment } from './chatContextStore'

const kindLabels: Record<ChatAttachment['kind'], string> = { metrics: 'Metrics', logs: 'Log lines' }

export function AttachmentCard({ attachment }: { attachment: ChatAttachment }) {
  const [isOpen, setIsOpen] = useState(false)
  const titleId = `${attachment.id}-title`
  const lineCount = attachment.text.split('\n').length
  return (
    <article className="attachment" aria-labelledby={titleId} data-testid="chat-attachment">
      <header className="attachment-header">
        <span className="attachment-kind">{kindLabels[attachment.kind]}</span>
        <h2 id={titleId}>{attachment.title}</h2>
        <span className="caption">{lineCount === 1 ? '1 line' : `${lineCount} lines`}</span>
        <button type="button" className="button" aria-expanded={isOpen} onClick={() => setIsOpen(!isOpen)}>
          {isOpen ? 'Close' : 'Open'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => removeAttachment(attachment.id)}
          aria-label={`Remove ${attachment.title}`}
        >
          Remove
        </button>
      </header>
      {isOpen && (
        <textarea
          className="attachment-text"
          aria-label={`Text of ${attachment.title}, as it will be sent`}
          value={attachment.text}
          onChange={(event) => updateAttachmentText(attachment.id, event.target.value)}
          spellCheck={false}
          rows={Math.min(16, lineCount + 1)}
        />
      )}
    </article>
  )
}
