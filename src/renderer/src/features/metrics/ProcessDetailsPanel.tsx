// The process opened from the list: its command line, user and parent, and TERM or KILL after a
// confirmation that names the process. When Vigil may not signal it, the panel says why instead.
import { useState } from 'react'
import type { ProcessSignal } from '../../../../shared/protocol'
import { ErrorNote } from '../../components/ErrorNote'
import { selectProcess, signalProcess, useProcessStore } from './processStore'

const signalLabels: Record<ProcessSignal, { button: string; question: string }> = {
  TERM: { button: 'End (TERM)', question: 'asks it to end, as closing it would' },
  KILL: { button: 'Kill (KILL)', question: 'ends it at once: unsaved work is lost' },
}

export function ProcessDetailsPanel() {
  const selected = useProcessStore((state) => state.selected)
  const [pending, setPending] = useState<ProcessSignal>()
  if (!selected) return null
  const { details, error } = selected
  return (
    <section className="process-details card" aria-label="Process details" data-testid="process-details">
      {!details ? (
        <p className="caption">{error ?? `Reading process ${selected.pid}…`}</p>
      ) : (
        <>
          <p>
            <strong>{details.name}</strong> <span className="caption">pid {details.pid}</span>{' '}
            <span className="caption">
              parent {details.ppid}, {details.user}, {details.state}
            </span>
          </p>
          <code className="process-command" data-testid="process-command">
            {details.commandLine || '(a kernel thread: no command line)'}
          </code>
          {details.cannotSignal ? (
            <p className="caption">{details.cannotSignal}</p>
          ) : pending ? (
            <div role="alertdialog" aria-label="Confirm the signal">
              <p>
                Send {pending} to {details.name} ({details.pid})? It {signalLabels[pending].question}.
              </p>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  setPending(undefined)
                  void signalProcess(details, pending)
                }}
              >
                Send {pending}
              </button>{' '}
              <button type="button" className="button" onClick={() => setPending(undefined)}>
                Cancel
              </button>
            </div>
          ) : (
            <div className="process-actions">
              {(['TERM', 'KILL'] as const).map((signal) => (
                <button key={signal} type="button" className="button" onClick={() => setPending(signal)}>
                  {signalLabels[signal].button}
                </button>
              ))}
              <button type="button" className="button" onClick={() => void selectProcess(undefined)}>
                Close
              </button>
            </div>
          )}
          <ErrorNote message={error} />
        </>
      )}
    </section>
  )
}
