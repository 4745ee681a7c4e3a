// The exports indicator, pinned above the status line (App shows it on every view but Exports): the exports
// running now (with progress and Cancel), how the ones this window started ended, and why one could not start.
import type { ExportHistoryEntry } from '../../../../shared/export'
import { formatRows, outcomeOf } from './exportProgress'
import { ExportProblem } from './ExportProblem'
import { dismissOutcome, showInFolder, useExportsStore } from './exportsStore'
import { JobProgress } from './JobProgress'
import './exports.css'

function Outcome({ entry }: { entry: ExportHistoryEntry }) {
  return (
    <li className={`export-outcome export-state-${entry.state}`}>
      <span data-testid="export-outcome">
        {entry.fileName}: {outcomeOf(entry)}
        {entry.state === 'done' && ` (${formatRows(entry.rows)})`}
      </span>
      {entry.savedPath && window.vigilDesktop && (
        <button type="button" className="button" onClick={() => void showInFolder(entry.id)}>
          Show in folder
        </button>
      )}
      <button type="button" className="button" onClick={() => dismissOutcome(entry.id)}>
        Dismiss
      </button>
    </li>
  )
}

export function ExportTray() {
  const jobs = useExportsStore((state) => state.jobs)
  const error = useExportsStore((state) => state.error)
  const history = useExportsStore((state) => state.history)
  const outcomes = useExportsStore((state) => state.outcomes)
  const ended = history.filter((entry) => outcomes.includes(entry.id))
  if (jobs.length === 0 && ended.length === 0 && !error) return null
  return (
    <aside className="export-tray" aria-label="Exports" data-testid="export-tray">
      <ul className="export-jobs">
        {jobs.map((job) => (
          <JobProgress key={job.id} job={job} />
        ))}
        {ended.map((entry) => (
          <Outcome key={entry.id} entry={entry} />
        ))}
      </ul>
      {jobs.length + ended.length > 1 && <span className="shelf-more">+{jobs.length + ended.length - 1} more</span>}
      <ExportProblem />
    </aside>
  )
}
