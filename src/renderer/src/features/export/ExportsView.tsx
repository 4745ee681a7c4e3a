// The Exports view: a form to start any export, the exports running now with their progress, and the
// history. Everything here comes from the core stream; the view opens no stream of its own.
import './exports.css'
import { ExportForm } from './ExportForm'
import { ExportProblem } from './ExportProblem'
import { useExportsStore } from './exportsStore'
import { HistoryTable } from './HistoryTable'
import { JobProgress } from './JobProgress'

export function ExportsView() {
  const jobs = useExportsStore((state) => state.jobs)
  return (
    <section className="view exports-view" aria-labelledby="exports-title">
      <h1 id="exports-title">Exports</h1>
      <ExportProblem />
      <ExportForm />
      <section className="panel" aria-labelledby="export-jobs-title">
        <div className="panel-header">
          <h2 id="export-jobs-title">Running</h2>
        </div>
        {jobs.length === 0 ? (
          <p className="caption">No export is running.</p>
        ) : (
          <ul className="export-jobs">
            {jobs.map((job) => (
              <JobProgress key={job.id} job={job} />
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="export-history-title">
        <div className="panel-header">
          <h2 id="export-history-title">History</h2>
        </div>
        <HistoryTable />
      </section>
    </section>
  )
}
