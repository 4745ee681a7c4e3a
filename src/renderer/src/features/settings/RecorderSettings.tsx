// Settings → Recorder: how many days every second is kept, whether the top processes' command lines are
// recorded (off by default: they can hold secrets), the disk used and the range held, and "Clear history"
// behind a confirmation.
import { useEffect, useState } from 'react'
import { formatBytes } from '../../../../shared/format'
import { recorderRetention } from '../../../../shared/recorder'
import { ErrorNote } from '../../components/ErrorNote'
import { clearHistory, loadRecorderStatus, saveRecorderSetting, useRecorderSettingsStore } from './recorderStore'

const statusRefreshMs = 5000

const formatTime = (t: number) => new Date(t).toLocaleString()

/** The retention, edited from the saved one (keyed by it: a change from another window starts it afresh). */
function RetentionForm({ saved }: { saved: number }) {
  const [days, setDays] = useState(String(saved))
  const value = Number(days)
  const isValid = Number.isInteger(value) && value >= recorderRetention.minDays && value <= recorderRetention.maxDays
  return (
    <label className="recorder-retention">
      Keep every second for (days, {recorderRetention.minDays} to {recorderRetention.maxDays}; minute summaries are kept
      400 days)
      <span className="key-form">
        <input
          type="number"
          min={recorderRetention.minDays}
          max={recorderRetention.maxDays}
          value={days}
          aria-invalid={!isValid}
          onChange={(event) => setDays(event.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={!isValid || value === saved}
          onClick={() => void saveRecorderSetting({ recorderRetentionDays: value })}
        >
          Save retention
        </button>
      </span>
      {value < saved && isValid && (
        <span className="caption"> Saving deletes the seconds older than {value} days at once.</span>
      )}
    </label>
  )
}

function ClearHistory() {
  const isClearing = useRecorderSettingsStore((state) => state.isClearing)
  const [isConfirming, setConfirming] = useState(false)
  if (!isConfirming)
    return (
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Clear history…
        </button>
      </div>
    )
  return (
    <div className="consent" role="alertdialog" aria-label="Clear the recorded history">
      <p>
        Delete everything recorded: samples, minute summaries, processes, log activity, alert episodes and marks? This
        cannot be undone.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          disabled={isClearing}
          onClick={() => void clearHistory().then(() => setConfirming(false))}
        >
          Delete all history
        </button>
        <button type="button" className="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  )
}

export function RecorderSettings() {
  const { retentionDays, recordCommandLines, status, error } = useRecorderSettingsStore()
  // The disk used and the range held grow with every write: read them again while the section is shown.
  useEffect(() => {
    void loadRecorderStatus()
    const timer = setInterval(() => void loadRecorderStatus(), statusRefreshMs)
    return () => clearInterval(timer)
  }, [])
  return (
    <fieldset className="card recorder-settings">
      <legend>Recorder</legend>
      <RetentionForm key={retentionDays} saved={retentionDays} />
      <label className="choice">
        <input
          type="checkbox"
          checked={recordCommandLines}
          onChange={(event) => void saveRecorderSetting({ recordCommandLines: event.target.checked })}
        />
        <span>
          Record the top processes’ command lines
          <span className="caption"> They can hold secrets (tokens and passwords passed as arguments).</span>
        </span>
      </label>
      {status && (
        <p className="caption" data-testid="recorder-disk">
          Disk used: {formatBytes(status.databaseBytes)}.{' '}
          {status.held
            ? `History held from ${formatTime(status.held.from)} to ${formatTime(status.held.to)}.`
            : 'No history held yet.'}
        </p>
      )}
      <ClearHistory />
      <ErrorNote message={error} />
    </fieldset>
  )
}
