// The exports that ended, newest first: when, what, the file, where the desktop app saved it, size, rows,
// how it ended, and what can be done with it (show in folder, export again, remove).
import type { ExportHistoryEntry } from '../../../../shared/export'
import { formatBytes } from '../../../../shared/format'
import { timeFormat } from '../../lib/timeFormat'
import { formatRows, stateLabels } from './exportProgress'
import { exportAgain, removeHistoryEntry, showInFolder, useExportsStore } from './exportsStore'

function HistoryRow({ entry, isDesktop }: { entry: ExportHistoryEntry; isDesktop: boolean }) {
  return (
    <tr data-testid="export-history-row" data-state={entry.state}>
      <td>{timeFormat.dateTime(entry.finishedAt)}</td>
      <td className="export-what">{entry.title}</td>
      <td className="export-file">{entry.fileName}</td>
      {isDesktop && <td className="export-file">{entry.savedPath ?? ''}</td>}
      <td className="number">{formatBytes(entry.bytes)}</td>
      <td className="number">{formatRows(entry.rows)}</td>
      <td className={`export-state export-state-${entry.state}`}>
        {stateLabels[entry.state]}
        {entry.error && entry.error.replace(/\.$/, '') !== stateLabels[entry.state] && (
          <span className="export-error">{entry.error}</span>
        )}
      </td>
      <td>
        <div className="export-actions">
          {isDesktop && entry.savedPath && (
            <button type="button" className="button" onClick={() => void showInFolder(entry.id)}>
              Show in folder
            </button>
          )}
          {entry.canRepeat && (
            <button
              type="button"
              className="button"
              title="The same export, from the data as it is now"
              onClick={() => void exportAgain(entry.id)}
            >
              Export again
            </button>
          )}
          <button
            type="button"
            className="button"
            aria-label={`Remove ${entry.fileName} from the history`}
            onClick={() => void removeHistoryEntry(entry.id)}
          >
            Remove
          </button>
        </div>
      </td>
    </tr>
  )
}

export function HistoryTable() {
  const history = useExportsStore((state) => state.history)
  const isDesktop = window.vigilDesktop !== undefined
  if (history.length === 0)
    return <p className="caption">No exports yet. Finished, failed and cancelled exports are listed here.</p>
  // The table scrolls sideways inside its card where even wrapped names leave it too wide.
  return (
    <div className="table-scroll">
      <table className="data-table export-history">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>File</th>
            {isDesktop && <th>Where</th>}
            <th className="number">Size</th>
            <th className="number">Rows</th>
            <th>State</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <HistoryRow key={entry.id} entry={entry} isDesktop={isDesktop} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
