// The answer being streamed: the only component that re-renders for tokens, at most once per animation
// frame (liveAnswer.ts). It shows the connection while it is not live, and keeps the view scrolled to
// the newest text while the user has not scrolled up.
import { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react'
import type { GenerationStatus } from '../../../../shared/chat'
import { ErrorNote } from '../../components/ErrorNote'
import { formatEngine } from './answerFormat'
import { liveAnswer, liveAnswerVersion, onLiveAnswerChange, textAfterRounds } from './liveAnswer'
import { LiveMarkdownText } from './MarkdownText'
import { Notices, ToolRounds } from './ToolCalls'

/** How close to the bottom (px) still counts as "at the bottom" for following new text. */
const followSlackPx = 200

/** After this long without a first token, the wait is most likely a local model loading its weights. */
const loadingHintAfterMs = 3000

/** Whether `delayMs` has passed since the component mounted. */
function useHasWaited(delayMs: number): boolean {
  const [hasWaited, setHasWaited] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setHasWaited(true), delayMs)
    return () => clearTimeout(timer)
  }, [delayMs])
  return hasWaited
}

/** `prefix`: the text the answer adds to (the first part of a continued answer). */
/** The time now, again every second while `isTicking`: for a countdown. */
function useSecondTicks(isTicking: boolean): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!isTicking) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [isTicking])
  return now
}

function describeWait(status: GenerationStatus | undefined, now: number): string | undefined {
  if (status?.state === 'queued')
    return status.ahead === 0
      ? 'Queued: another answer from this provider has to end first.'
      : `Queued: ${status.ahead + 1} answers from this provider have to end first.`
  if (status?.state === 'retrying') {
    const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000))
    const when = seconds > 0 ? `in ${seconds} s` : 'now'
    return `Trying again ${when} (attempt ${status.attempt} of ${status.maxAttempts}): ${status.reason}`
  }
  return undefined
}

export function LiveMessage({ scrollerId, prefix }: { scrollerId: string; prefix: string }) {
  const version = useSyncExternalStore(onLiveAnswerChange, liveAnswerVersion)
  const live = liveAnswer()
  const hasWaited = useHasWaited(loadingHintAfterMs)
  const now = useSecondTicks(live?.generationStatus?.state === 'retrying')
  const wait = describeWait(live?.generationStatus, now)
  useLayoutEffect(() => {
    const scroller = document.getElementById(scrollerId)
    if (scroller && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < followSlackPx)
      scroller.scrollTop = scroller.scrollHeight
  }, [version, scrollerId])
  if (!live) return null
  const { status, error, buffer } = live
  const text = textAfterRounds(live)
  const isWaitingForUser = live.toolRounds.some((round) => round.calls.some((call) => call.state === 'awaiting'))
  return (
    <article
      className="message message-assistant message-live"
      data-testid="message-live"
      aria-label="Answer"
      aria-busy="true"
    >
      {buffer.reasoning && (
        <details className="reasoning" open data-testid="live-reasoning">
          <summary>{buffer.text ? 'Thought' : 'Thinking…'}</summary>
          <div className="reasoning-text">{buffer.reasoning}</div>
        </details>
      )}
      <ToolRounds rounds={live.toolRounds} canDecide isOffMachine={live.isOffMachine} />
      <Notices notices={live.notices} />
      {prefix || text ? (
        <LiveMarkdownText text={prefix + text} />
      ) : (
        !buffer.reasoning &&
        live.toolRounds.length === 0 && (
          <p className="caption" data-testid="first-token-wait">
            {wait ??
              (hasWaited
                ? 'Waiting for the model to load: a local model can take a minute or more to load its weights…'
                : 'Waiting for the first token…')}
          </p>
        )
      )}
      <p className="answer-stats">
        <span className="typing" aria-hidden="true" />
        {status.state === 'reconnecting'
          ? status.detail
          : status.state === 'offline'
            ? `Offline: ${status.detail ?? ''}`
            : isWaitingForUser
              ? 'Waiting for your decision on a tool call…'
              : 'Answering…'}
        {live.engine && (
          <span className="engine-meter" data-testid="engine-meter">
            {' '}
            · {formatEngine(live.engine)}
          </span>
        )}
      </p>
      <ErrorNote message={error} />
    </article>
  )
}
