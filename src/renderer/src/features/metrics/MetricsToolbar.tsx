// The view's controls: the time window, pause and resume, the stream's state, "Export CSV" and "Ask AI".
import { useState } from 'react'
import { askAboutWindow } from './askAboutWindow'
import { timeFormat } from '../../lib/timeFormat'
import { exportWindow } from './exportWindow'
import { chooseWindow, pause, resume, useMetricsStore } from './metricsStore'
import { timeWindows } from './timeWindow'

const streamLabels = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const

export function MetricsToolbar() {
  const windowId = useMetricsStore((state) => state.windowId)
  const pausedAtMs = useMetricsStore((state) => state.pausedAtMs)
  const streamStatus = useMetricsStore((state) => state.streamStatus)
  const minutesError = useMetricsStore((state) => state.minutesError)
  const [isAsking, setIsAsking] = useState(false)
  const isPaused = pausedAtMs !== undefined

  const ask = () => {
    setIsAsking(true)
    void askAboutWindow().finally(() => setIsAsking(false))
  }

  return (
    <div className="toolbar">
      <div className="segmented" role="group" aria-label="Time window">
        {timeWindows.map((window) => (
          <button
            key={window.id}
            type="button"
            aria-pressed={window.id === windowId}
            onClick={() => chooseWindow(window.id)}
          >
            {window.label}
          </button>
        ))}
      </div>
      <button type="button" className="button" aria-pressed={isPaused} onClick={isPaused ? resume : pause}>
        {isPaused ? 'Resume' : 'Pause'}
      </button>
      <span
        className={`stream-state state-dot state-${isPaused ? 'paused' : streamStatus.state}`}
        data-testid="metrics-state"
        title={streamStatus.detail}
      >
        {isPaused ? `Paused at ${timeFormat.clock(pausedAtMs)}` : streamLabels[streamStatus.state]}
      </span>
      {minutesError && <span className="error">{minutesError}</span>}
      <span className="spacer" />
      <button
        type="button"
        className="button"
        title="The series on screen over the window on screen, as CSV"
        onClick={() => void exportWindow()}
      >
        Export CSV
      </button>
      <button type="button" className="button button-primary" onClick={ask} disabled={isAsking}>
        {isAsking ? 'Preparing…' : 'Ask AI about this window'}
      </button>
    </div>
  )
}
