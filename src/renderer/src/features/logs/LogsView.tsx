// The Logs view: sources on the left; on the right the header (stream state, counts, export and the
// selection's actions), the controls and the lines. While mounted it polls the sources and keeps the one
// logs stream open.
import './logs.css'
import { useEffect } from 'react'
import { Menu } from '../../components/Menu'
import { exportShownLines, exportWholeSources } from './lineActions'
import { plural } from './logRow'
import { LogsToolbar, SelectionActions } from './LogsToolbar'
import { followLogs, useLogsStore } from './logsStore'
import { LogViewer } from './LogViewer'
import { followSourceList } from './sourceChoice'
import { SourceList } from './SourceList'
import { followSources } from './sourcesStore'
import { isFiltered } from './streamQuery'

const exportItems = [
  {
    label: 'Lines shown (CSV)',
    title: 'From the first line on screen to the last of each source, through the filter',
    onSelect: exportShownLines,
  },
  {
    label: 'Whole files through the filter (CSV)',
    title: 'Every line of each source shown that the filter keeps',
    onSelect: exportWholeSources,
  },
]

const stateLabels = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const

function StreamSummary() {
  const status = useLogsStore((state) => state.streamStatus)
  const streamError = useLogsStore((state) => state.streamError)
  const isCatchingUp = useLogsStore((state) => state.isCatchingUp)
  const isPaused = useLogsStore((state) => state.isPaused)
  const matchedCount = useLogsStore((state) => state.matchedCount)
  const query = useLogsStore((state) => state.query)
  const hasSources = query.sourceIds.length > 0
  const state = !hasSources
    ? 'idle'
    : isPaused
      ? 'paused'
      : status.state === 'live' && isCatchingUp
        ? 'connecting'
        : status.state
  const label = !hasSources
    ? 'No source shown'
    : isPaused
      ? 'Paused'
      : status.state === 'live' && isCatchingUp
        ? 'Catching up…'
        : stateLabels[status.state]
  return (
    <div className="logs-summary">
      <span className="logs-count" data-testid="log-count">
        {isFiltered(query.filter)
          ? plural(matchedCount, 'matching line', 'matching lines')
          : plural(matchedCount, 'line', 'lines')}
      </span>
      <span className="logs-sources-count">from {plural(query.sourceIds.length, 'source', 'sources')}</span>
      <span className={`logs-state state-dot state-${state}`} data-testid="log-state" title={status.detail}>
        {label}
      </span>
      {streamError && <span className="error">{streamError}</span>}
    </div>
  )
}

export function LogsView() {
  useEffect(() => followSources(), [])
  useEffect(() => followSourceList(), [])
  useEffect(() => followLogs(), [])
  return (
    <section className="view logs-view" aria-labelledby="logs-title">
      <SourceList />
      <div className="logs-main">
        <header className="logs-header">
          <h1 id="logs-title">Logs</h1>
          <StreamSummary />
          <span className="spacer" />
          <Menu label="Export" items={exportItems} />
          <SelectionActions />
        </header>
        <LogsToolbar />
        <LogViewer />
      </div>
    </section>
  )
}
