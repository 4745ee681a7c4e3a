// The status line: the connection to the core, where Vigil runs, what cannot be saved or recorded, the theme and the version.
import type { StreamState } from '../../lib/streamClient'
import { cycleTheme, useThemeStore } from '../settings'
import { useConnectionStore } from './connectionStore'

const stateLabels: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
}

const themeLabels = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const

export function StatusBar() {
  const status = useConnectionStore((state) => state.status)
  const info = useConnectionStore((state) => state.info)
  const storage = useConnectionStore((state) => state.storage)
  const recorder = useConnectionStore((state) => state.recorder)
  const mode = useThemeStore((state) => state.mode)
  return (
    <footer className="status-bar">
      <span
        className={`connection connection-${status.state}`}
        role="status"
        data-testid="connection-state"
        title={status.detail}
      >
        <span className="dot" aria-hidden="true" />
        {stateLabels[status.state]}
      </span>
      {info && (
        <span>
          {info.mode === 'browser' ? 'Browser mode' : 'Desktop'} · {info.hostname}
        </span>
      )}
      {storage.state !== 'ok' && (
        <span className="storage-problem" role="alert" data-testid="storage-status" title={storage.message}>
          {storage.state === 'full' ? 'Disk full: ' : 'Cannot save: '}
          {storage.message}
        </span>
      )}
      {recorder && recorder.state !== 'recording' && (
        <span className="storage-problem" role="alert" data-testid="recorder-status" title={recorder.reason}>
          {recorder.state === 'paused' ? 'Recording paused: ' : 'Recording failed: '}
          {recorder.reason}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="link-button"
        onClick={() => void cycleTheme()}
        title="Switch between system, light and dark"
      >
        {themeLabels[mode]}
      </button>
      <span data-testid="version">Vigil {info ? info.version : ''}</span>
    </footer>
  )
}
