// One finished message. Memoized: a new token, or a change elsewhere in the conversation, re-renders
// neither it nor its Markdown. A user message can be edited and resent; the last answer regenerated; the
// versions these replaced can be shown again (2 of 3); any message can be deleted, after a confirmation.
import { memo, useState } from 'react'
import { versionPosition, type AnswerMeta, type ChatMessage } from '../../../../shared/chat'
import { describeEnding, formatAnswerStats } from './answerFormat'
import { deleteMessage, generate, showMessageVersion } from './chatStore'
import { MarkdownText } from './MarkdownText'
import { Notices, ToolRounds } from './ToolCalls'

export function AnswerFooter({ answer }: { answer: AnswerMeta }) {
  const ending = describeEnding(answer)
  const stats = formatAnswerStats(answer)
  return (
    <>
      {ending && (
        <div
          className={`answer-ending answer-${answer.state}`}
          role={answer.state === 'failed' ? 'alert' : 'status'}
          data-testid="answer-ending"
        >
          <strong>{ending.title}.</strong> {ending.message}
        </div>
      )}
      {stats.length > 0 && (
        <p className="answer-stats" data-testid="answer-stats">
          {answer.context && (
            <meter
              className="context-meter"
              aria-label="Context used"
              min={0}
              max={answer.context.limitTokens}
              high={answer.context.limitTokens * 0.9}
              value={answer.context.estimatedTokens}
            />
          )}
          {stats.join(' · ')}
        </p>
      )}
    </>
  )
}

/** Copies a whole message's text (an answer as its Markdown source). */
function CopyMessageButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => setState('copied'))
      .catch(() => setState('failed'))
      .finally(() => setTimeout(() => setState('idle'), 1500))
  }
  return (
    <button type="button" className="link-button" onClick={copy} disabled={!text}>
      {state === 'idle' ? 'Copy message' : state === 'copied' ? 'Copied' : 'Copy failed'}
    </button>
  )
}

/** The earlier and later versions of a message, and Delete; both wait while the conversation answers. */
function MessageControls({ message, canAct }: { message: ChatMessage; canAct: boolean }) {
  const [isDeleting, setIsDeleting] = useState(false)
  const { position, count } = versionPosition(message)
  return (
    <>
      {count > 1 && (
        <span className="message-versions" role="group" aria-label="Versions">
          <button
            type="button"
            className="link-button"
            aria-label="Earlier version"
            disabled={!canAct || position === 1}
            onClick={() => void showMessageVersion(message.id, position - 1)}
          >
            ‹
          </button>
          <span data-testid="message-version">
            {position} of {count}
          </span>
          <button
            type="button"
            className="link-button"
            aria-label="Later version"
            disabled={!canAct || position === count}
            onClick={() => void showMessageVersion(message.id, position + 1)}
          >
            ›
          </button>
        </span>
      )}
      {canAct &&
        (isDeleting ? (
          <span role="group" aria-label="Delete this message?">
            <button type="button" className="link-button" onClick={() => void deleteMessage(message.id)}>
              Delete it
            </button>{' '}
            <button type="button" className="link-button" onClick={() => setIsDeleting(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button type="button" className="link-button" onClick={() => setIsDeleting(true)}>
            Delete
          </button>
        ))}
    </>
  )
}

function UserMessage({ message, canAct }: { message: ChatMessage; canAct: boolean }) {
  const [draft, setDraft] = useState<string>()
  if (draft !== undefined) {
    const resend = () => {
      if (canAct && draft.trim())
        void generate({ action: 'edit', messageId: message.id, content: draft }).then(
          (isStarted) => isStarted && setDraft(undefined),
        )
    }
    return (
      <form
        className="message-edit"
        onSubmit={(event) => {
          event.preventDefault()
          resend()
        }}
      >
        <textarea
          aria-label="Edit your message"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          // As the message box: Enter resends, Shift+Enter breaks the line; Escape puts the message back.
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault()
              resend()
            } else if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              setDraft(undefined)
            }
          }}
          rows={Math.min(12, draft.split('\n').length + 1)}
          autoFocus
        />
        <div className="message-actions">
          <button type="submit" className="button button-primary" disabled={!canAct || !draft.trim()}>
            Save and resend
          </button>
          <button type="button" className="button" onClick={() => setDraft(undefined)}>
            Cancel
          </button>
          <span className="caption">The answers after this message are replaced.</span>
        </div>
      </form>
    )
  }
  return (
    <>
      {message.attachments?.map((attachment, index) => (
        <details key={index} className="sent-attachment">
          <summary>Attached: {attachment.title}</summary>
          <pre>{attachment.text}</pre>
        </details>
      ))}
      <div className="user-text">{message.content}</div>
      <div className="message-actions">
        <CopyMessageButton text={message.content} />
        {canAct && (
          <button type="button" className="link-button" onClick={() => setDraft(message.content)}>
            Edit
          </button>
        )}
        <MessageControls message={message} canAct={canAct} />
      </div>
    </>
  )
}

function renderMessage({
  message,
  isLastAnswer,
  canAct,
}: {
  message: ChatMessage
  isLastAnswer: boolean
  canAct: boolean
}) {
  return (
    <article
      className={`message message-${message.role}`}
      data-testid={`message-${message.role}`}
      aria-label={message.role === 'user' ? 'You' : 'Answer'}
    >
      {message.role === 'user' ? (
        <UserMessage message={message} canAct={canAct} />
      ) : (
        <>
          {message.reasoning && (
            <details className="reasoning" data-testid="reasoning">
              <summary>Thought</summary>
              <div className="reasoning-text">{message.reasoning}</div>
            </details>
          )}
          {message.toolRounds && <ToolRounds rounds={message.toolRounds} canDecide={false} isOffMachine={false} />}
          {message.notices && <Notices notices={message.notices} />}
          {message.content ? (
            <MarkdownText text={message.content} />
          ) : (
            message.answer?.state === 'done' && <p className="caption">The answer was empty.</p>
          )}
          {message.answer && <AnswerFooter answer={message.answer} />}
          <div className="message-actions">
            <CopyMessageButton text={message.content} />
            {isLastAnswer && canAct && message.answer?.state === 'length' && (
              <button type="button" className="link-button" onClick={() => void generate({ action: 'continue' })}>
                Continue
              </button>
            )}
            {isLastAnswer && canAct && (
              <button type="button" className="link-button" onClick={() => void generate({ action: 'regenerate' })}>
                Regenerate
              </button>
            )}
            <MessageControls message={message} canAct={canAct} />
          </div>
        </>
      )}
    </article>
  )
}

export const MessageItem = memo(renderMessage)
