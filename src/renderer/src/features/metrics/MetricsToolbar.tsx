// The view's controls: the time window, a typed-in range, moving back and forth by half the range, pause or
// back to live, the stream's state (or the range on screen), "Export CSV" and "Ask AI".
import { useState } from 'react'
import { errorText } from '../../lib/api'
import { timeFormat } from '../../lib/timeFormat'
import { askAboutWindow } from './askAboutWindow'
import { exportWindow } from './exportWindow'
import { chooseWindow, pan, pause, resume, useMetricsStore } from './metricsStore'
import { RangeForm } from './RangeForm'
import { timeWindows, type TimeRange } from './timeWindow'

const streamLabels = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const

/** A fixed range in few words: the day once within a day, to the second under an hour, else to the minute. */
function describeRange({ fromMs, toMs }: TimeRange): string {
  const isSameDay = new Date(fromMs).toDateString() === new Date(toMs).toDateString()
  const hasSeconds = toMs - fromMs < 3_600_000
  const start = hasSeconds ? timeFormat.dateTime(fromMs) : timeFormat.dateTimeMinutes(fromMs)
  if (!isSameDay) return `${start} – ${timeFormat.dateTimeMinutes(toMs)}`
  return `${start} – ${hasSeconds ? timeFormat.clock(toMs) : timeFormat.clockMinutes(toMs)}`
}

export function MetricsToolbar() {
  const windowId = useMetricsStore((state) => state.windowId)
  const fixedRange = useMetricsStore((state) => state.fixedRange)
  const streamStatus = useMetricsStore((state) => state.streamStatus)
  const recordedError = useMetricsStore((state) => state.recordedError)
  const [isAsking, setIsAsking] = useState(false)
  const [isTypingRange, setIsTypingRange] = useState(false)
  const isLive = fixedRange === undefined

  const ask = () => {
    setIsAsking(true)
    void askAboutWindow()
      .catch((error: unknown) => useMetricsStore.setState({ recordedError: errorText(error) }))
      .finally(() => setIsAsking(false))
  }

  return (
    <div className="toolbar">
      <div className="segmented" role="group" aria-label="Time window">
        {timeWindows.map((window) => (
          <button
            key={window.id}
            type="button"
            aria-pressed={isLive && window.id === windowId}
            onClick={() => chooseWindow(window.id)}
          >
            {window.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="button"
        aria-expanded={isTypingRange}
        title="Show a range from one time to another"
        onClick={() => setIsTypingRange(!isTypingRange)}
      >
        Range…
      </button>
      <span className="pan-buttons">
        <button
          type="button"
          className="button"
          aria-label="Earlier"
          title="Back by half the range"
          onClick={() => pan(-1)}
        >
          ◀
        </button>
        <button
          type="button"
          className="button"
          aria-label="Later"
          title="Forward by half the range"
          disabled={isLive}
          onClick={() => pan(1)}
        >
          ▶
        </button>
      </span>
      {isLive ? (
        <button type="button" className="button" onClick={pause}>
          Pause
        </button>
      ) : (
        <button type="button" className="button button-live" onClick={resume}>
          Back to live
        </button>
      )}
      <span
        className={`stream-state state-dot state-${isLive ? streamStatus.state : 'paused'}`}
        data-testid="metrics-state"
        title={
          isLive
            ? streamStatus.detail
            : 'Drag across a chart to zoom in, with Shift to move; ◀ ▶ move by half the range'
        }
      >
        {isLive ? streamLabels[streamStatus.state] : describeRange(fixedRange)}
      </span>
      {recordedError && <span className="error">{recordedError}</span>}
      {/* The actions wrap together, to the right, rather than leave one alone on a row. */}
      <span className="toolbar-actions">
        <button
          type="button"
          className="button"
          title="The series on screen over the range on screen, as CSV"
          onClick={() => void exportWindow()}
        >
          Export CSV
        </button>
        <button type="button" className="button button-primary" onClick={ask} disabled={isAsking}>
          {isAsking ? 'Preparing…' : 'Ask AI about this window'}
        </button>
      </span>
      {isTypingRange && <RangeForm onDone={() => setIsTypingRange(false)} />}
    </div>
  )
}
