// The sources beside the viewer: which are shown (checkboxes to merge several, a click on the name for
// one alone), each one's state and latest event, the built-ins marked, files removable, and a path field
// to add a file.
import './sources.css'
import { useState } from 'react'
import type { LogNoticeKind, LogSourceInfo, LogSourceStatus } from '../../../../shared/logs'
import { timeFormat } from '../../lib/timeFormat'
import { AddSourceForm } from './AddSourceForm'
import { useLogsStore } from './logsStore'
import { showAllSources, showOnlySource, toggleSource } from './sourceChoice'
import { sourceColour } from './sourceColours'
import { removeSource, useSourcesStore } from './sourcesStore'

const statusLabels: Record<LogSourceStatus, string> = {
  following: 'following',
  waiting: 'waiting for the file',
  'permission-denied': 'permission denied',
  'not-a-file': 'not a regular file',
  idle: 'not followed now',
}

const eventLabels: Record<LogNoticeKind, string> = {
  rotated: 'rotated',
  truncated: 'truncated',
  missing: 'file gone',
  back: 'file back',
  'permission-denied': 'permission denied',
  'not-a-file': 'not a regular file',
  gap: 'lines lost',
}

const builtInDescriptions: Partial<Record<LogSourceInfo['kind'], string>> = {
  vigil: 'Vigil’s own log',
  ingest: 'lines posted to /api/logs/ingest',
}

function SourceItem({ source, colour, isShown }: { source: LogSourceInfo; colour: string; isShown: boolean }) {
  const lastEvent = useSourcesStore((state) => state.lastEvents[source.id])
  const [removeError, setRemoveError] = useState<string>()
  const remove = () => removeSource(source.id).catch((error: Error) => setRemoveError(error.message))
  return (
    <li className={`log-source status-${source.status}`} data-testid="log-source">
      <div className="log-source-line">
        <input
          type="checkbox"
          checked={isShown}
          onChange={() => toggleSource(source.id)}
          aria-label={`Show ${source.name}`}
        />
        <span className="log-swatch" style={{ background: colour }} aria-hidden="true" />
        <button
          type="button"
          className="link-button log-source-name"
          onClick={() => showOnlySource(source.id)}
          title={`Show only ${source.name}`}
        >
          {source.name}
        </button>
        {source.isSensitive && (
          <span
            className="log-sensitive"
            title="Only root or another user may read this file: its lines go to an AI off this machine only after you confirm"
          >
            sensitive
          </span>
        )}
        {source.kind === 'file' ? (
          <button
            type="button"
            className="link-button log-source-remove"
            onClick={() => void remove()}
            aria-label={`Remove ${source.name}`}
            title="Stop following this file"
          >
            ×
          </button>
        ) : (
          <span className="log-builtin">built-in</span>
        )}
      </div>
      <div className="log-source-detail">
        <span className="log-source-status">{statusLabels[source.status]}</span>
        {lastEvent && (
          <span className={`log-source-event event-${lastEvent.notice}`} title={lastEvent.message}>
            {' · '}
            {eventLabels[lastEvent.notice]} {timeFormat.clock(lastEvent.atMs)}
          </span>
        )}
      </div>
      <div className="log-source-path" title={source.path}>
        {source.path ?? builtInDescriptions[source.kind]}
      </div>
      {removeError && <div className="error">{removeError}</div>}
    </li>
  )
}

export function SourceList() {
  const sources = useSourcesStore((state) => state.sources)
  const colours = useSourcesStore((state) => state.colours)
  const loadError = useSourcesStore((state) => state.loadError)
  const shownIds = useLogsStore((state) => state.query.sourceIds)
  return (
    <aside className="logs-sources" aria-label="Log sources">
      <div className="logs-sources-header">
        <h2>Sources</h2>
        <button
          type="button"
          className="link-button"
          onClick={showAllSources}
          disabled={shownIds.length === sources.length}
        >
          Show all
        </button>
      </div>
      {loadError && <p className="error">{loadError}</p>}
      <ul>
        {sources.map((source) => (
          <SourceItem
            key={source.id}
            source={source}
            colour={sourceColour(colours, source.id)}
            isShown={shownIds.includes(source.id)}
          />
        ))}
      </ul>
      <AddSourceForm />
    </aside>
  )
}
