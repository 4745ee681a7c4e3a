// One export waiting or running: what it is, a progress bar (a fraction where the core knows the total,
// activity otherwise), rows and bytes in words, and Cancel.
import type { ExportJob } from '../../../../shared/export'
import { progressOf } from './exportProgress'
import { cancelExport } from './exportsStore'

export function JobProgress({ job }: { job: ExportJob }) {
  const { fraction, text } = progressOf(job)
  return (
    <li className="export-job" data-testid="export-job" data-state={job.state}>
      <span className="export-job-title" title={job.fileName}>
        {job.title}
      </span>
      <progress className="export-progress" max={1} value={fraction} aria-label={`Progress of ${job.fileName}`} />
      <span className="export-job-text" data-testid="export-job-progress">
        {text}
      </span>
      <button type="button" className="button" onClick={() => void cancelExport(job.id)}>
        Cancel
      </button>
    </li>
  )
}
