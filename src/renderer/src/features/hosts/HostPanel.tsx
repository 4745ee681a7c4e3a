// One host's charts from its Prometheus server: the window choice, CPU, memory, network, disks and file
// systems drawn with the Metrics view's charts, and what is wrong when they cannot be: the server's problem,
// or the node_exporter metrics this host lacks.
import { hostWindows } from '../../../../shared/fleet'
import { TimeChart } from '../metrics'
import { missingMetricNames } from './hostCharts'
import { ProblemNote } from './ProblemNote'
import { chooseHostWindow, hostChartSource, useHostsStore } from './hostsStore'

function MissingNote() {
  const answer = useHostsStore((state) => state.answer)
  if (!answer || answer.missing.length === 0) return null
  const { missing } = answer
  const hasNone = answer.series.length === 0
  return (
    <p className="caption missing-metrics" data-testid="missing-metrics">
      {hasNone
        ? 'This host has no node_exporter metrics in this window: Vigil’s charts need node_exporter (or Vigil’s own /metrics) scraped for it.'
        : `No data for ${missing.map((id) => missingMetricNames[id]).join(', ')} on this host in this window.`}
    </p>
  )
}

export function HostPanel() {
  const selected = useHostsStore((state) => state.selected)
  const windowId = useHostsStore((state) => state.windowId)
  const charts = useHostsStore((state) => state.charts)
  const problem = useHostsStore((state) => state.answerProblem)
  const isLoading = useHostsStore((state) => state.isLoadingHost)
  const stepSeconds = useHostsStore((state) => state.answer?.stepSeconds)

  if (!selected) return <p className="caption host-empty">Choose a host to see its charts.</p>
  return (
    <div className="host-panel" data-testid="host-panel">
      <div className="toolbar host-toolbar">
        <h2 className="host-name">{selected.instance}</h2>
        <div className="segmented" role="group" aria-label="Time window">
          {hostWindows.map((window) => (
            <button
              key={window.id}
              type="button"
              aria-pressed={window.id === windowId}
              onClick={() => chooseHostWindow(window.id)}
            >
              {window.label}
            </button>
          ))}
        </div>
        <span className="caption host-step">
          {isLoading ? 'Loading…' : stepSeconds ? `a point every ${formatStep(stepSeconds)}` : ''}
        </span>
      </div>
      {problem && <ProblemNote problem={problem} testId="host-problem" />}
      <MissingNote />
      <div className="chart-grid">
        {charts.map((chart) => (
          <TimeChart key={chart.id} spec={chart} source={hostChartSource} />
        ))}
      </div>
    </div>
  )
}

function formatStep(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`
}
