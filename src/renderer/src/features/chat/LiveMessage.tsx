// The answer being streamed: the only component that re-renders for tokens, at most once per animation
// frame (liveAnswer.ts). It shows the connection while it is not live, and keeps the view scrolled to
// the newest text while the user has not scrolled up.
import { useLayoutEffect, useSyncExternalStore } from 'react'
import { liveAnswer, liveAnswerVersion, onLiveAnswerChange } from './liveAnswer'
import { LiveMarkdownText } from './MarkdownText'

/** How close to the bottom (px) still counts as "at the bottom" for following new text. */
const followSlackPx = 200

/** `prefix`: the text the answer adds to (the first part of a continued answer). */
export function LiveMessage({ scrollerId, prefix }: { scrollerId: string; prefix: string }) {
  const version = useSyncExternalStore(onLiveAnswerChange, liveAnswerVersion)
  const live = liveAnswer()
  useLayoutEffect(() => {
    const scroller = document.getElementById(scrollerId)
    if (scroller && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < followSlackPx)
      scroller.scrollTop = scroller.scrollHeight
  }, [version, scrollerId])
  if (!live) return null
  const { status, error, buffer } = live
  return (
    <article
      className="message message-assistant message-live"
      data-testid="message-live"
      aria-label="Answer"
      aria-busy="true"
    >
      {prefix || buffer.text ? (
        <LiveMarkdownText text={prefix + buffer.text} />
      ) : (
        <p className="caption">Waiting for the first token…</p>
      )}
      <p className="answer-stats">
        <span className="typing" aria-hidden="true" />
        {status.state === 'reconnecting'
          ? status.detail
          : status.state === 'offline'
            ? `Offline: ${status.detail ?? ''}`
            : 'Answering…'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </article>
  )
}
