// The time cursor's panel, below the charts: for the second picked on a chart, the processes recorded
// then (busiest first), the log lines of every source around it (source, time, level, text), the alerts
// open and the marks nearby. Each part says when the recorder has nothing for it; Close takes the cursor off the charts.
import type { RecorderMoment } from '../../../../shared/recorder'
import { RecordedProcessTable } from '../../components/RecordedProcessTable'
import { timeFormat } from '../../lib/timeFormat'
import { ErrorNote } from '../../components/ErrorNote'
import { closeMoment, showMoment, useMomentStore } from './momentStore'

function MomentProcesses({ snapshot }: { snapshot: RecorderMoment['snapshot'] }) {
  if (!snapshot) return <p className="caption">No process snapshot was recorded near this moment.</p>
  const busiest = [...snapshot.processes].sort((a, b) => b.cpuPct - a.cpuPct)
  return (
    <div className="moment-processes-scroll">
      <RecordedProcessTable
        processes={busiest}
        caption={`Top processes at ${timeFormat.clock(snapshot.t)}`}
        className="moment-processes"
        testId="moment-processes"
      />
    </div>
  )
}

function MomentLogs({ logs, seconds }: { logs: RecorderMoment['logs']; seconds: number }) {
  if (logs.length === 0) return <p className="caption">No log lines were recorded within {seconds} s of this moment.</p>
  return (
    <ul className="moment-logs" data-testid="moment-logs">
      {logs.flatMap((source) => [
        ...source.lines.map((line, index) => (
          <li key={`${source.source}-${index}`} className={line.level ? `level-${line.level}` : undefined}>
            <span className="moment-source">{source.name}</span>{' '}
            <span className="caption">{timeFormat.clock(line.t)}</span>{' '}
            <span className="moment-level">{line.level ?? ''}</span> <span className="moment-text">{line.text}</span>
          </li>
        )),
        ...(source.gap || source.isTruncated
          ? [
              <li key={`${source.source}-note`} className="caption">
                {source.name}: {source.lines.length} of {source.counted} lines shown
                {source.gap ? ` (${source.gap})` : ''}
              </li>,
            ]
          : []),
      ])}
    </ul>
  )
}

function MomentEvents({ moment }: { moment: RecorderMoment }) {
  return (
    <ul className="moment-events">
      {moment.openEpisodes.length === 0 && <li className="caption">No alert was open.</li>}
      {moment.openEpisodes.map((episode) => (
        <li key={episode.ruleId} className="error">
          Alert open since {timeFormat.clock(episode.since)}: {episode.message}
        </li>
      ))}
      {moment.marks.map((mark) => (
        <li key={`${mark.t}-${mark.kind}`} className="caption">
          {timeFormat.clock(mark.t)} {mark.detail}
        </li>
      ))}
    </ul>
  )
}

export function MomentPanel() {
  const { at, moment, error } = useMomentStore()
  if (at === undefined) return null
  return (
    <section className="moment-panel card" aria-label="The moment on the time cursor" data-testid="moment-panel">
      <header className="moment-header">
        <h3>{timeFormat.dateTime(at)}</h3>
        <button type="button" className="button" onClick={() => void showMoment(at)}>
          Read again
        </button>
        <button type="button" className="button" onClick={closeMoment}>
          Close
        </button>
      </header>
      <ErrorNote message={error} />
      {!moment && !error && <p className="caption">Reading this moment from the recorder…</p>}
      {moment && (
        <div className="moment-parts">
          <MomentProcesses snapshot={moment.snapshot} />
          <div>
            <MomentLogs logs={moment.logs} seconds={moment.seconds} />
            <MomentEvents moment={moment} />
          </div>
        </div>
      )}
    </section>
  )
}
