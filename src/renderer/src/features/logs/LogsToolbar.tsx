// The viewer's controls: the server-side filter (text or regular expression, checked as it is typed),
// the minimum level, how many lines to start with, wrap and pause; and what to do with the selected lines.
import { useEffect, useRef, useState } from 'react'
import type { LogLevelName } from '../../../../shared/logs'
import { askAboutSelection, copySelection, useActionMessageStore } from './lineActions'
import { formatCount, plural } from './logRow'
import { pause, resume, setQuery, setWrapped, useLogsStore } from './logsStore'
import { selectionBounds } from './selection'
import { filterProblem, levelChoices, tailChoices, type LogsQuery } from './streamQuery'

const typingPauseMs = 300

const levelLabel = (level: LogLevelName | undefined) => (level ? level[0]!.toUpperCase() + level.slice(1) : 'All')

type TypedFilter = Pick<LogsQuery['filter'], 'text' | 'isRegex' | 'matchCase'>

function FilterField() {
  const applied = useLogsStore((state) => state.query.filter)
  const [typed, setTyped] = useState<TypedFilter>({
    text: applied.text,
    isRegex: applied.isRegex,
    matchCase: applied.matchCase,
  })
  const { text, isRegex, matchCase } = typed
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const problem = filterProblem(text, isRegex)

  useEffect(() => () => clearTimeout(timer.current), [])

  /** Shows the change at once and sends the filter to the stream after `delayMs`, unless the server would refuse it. */
  const change = (changed: Partial<TypedFilter>, delayMs: number) => {
    const next = { ...typed, ...changed }
    setTyped(next)
    clearTimeout(timer.current)
    if (filterProblem(next.text, next.isRegex)) return
    const send = () => setQuery({ filter: { ...useLogsStore.getState().query.filter, ...next } })
    if (delayMs === 0) send()
    else timer.current = setTimeout(send, delayMs)
  }

  // The problem takes a row of its own under the controls (logs.css): it covers none of them.
  return (
    <>
      <div className="log-filter">
        <input
          type="search"
          className={`log-filter-input${problem ? ' is-invalid' : ''}`}
          placeholder={isRegex ? 'Filter by regular expression' : 'Filter by text'}
          aria-label="Filter"
          aria-invalid={problem !== undefined}
          spellCheck={false}
          value={text}
          onChange={(event) => change({ text: event.target.value }, typingPauseMs)}
          onKeyDown={(event) => event.key === 'Enter' && change({}, 0)}
        />
        <button
          type="button"
          className="button log-case"
          aria-pressed={matchCase}
          aria-label="Match case"
          title="Match case: compare letters as typed"
          onClick={() => change({ matchCase: !matchCase }, 0)}
        >
          Aa
        </button>
        <button
          type="button"
          className="button log-regex"
          aria-pressed={isRegex}
          aria-label="Regular expression"
          title="Treat the filter as a regular expression"
          onClick={() => change({ isRegex: !isRegex }, 0)}
        >
          .*
        </button>
      </div>
      {problem && (
        <p className="log-filter-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  )
}

export function SelectionActions() {
  const selection = useLogsStore((state) => state.selection)
  const message = useActionMessageStore((state) => state.message)
  const count = selection ? selectionBounds(selection)[1] - selectionBounds(selection)[0] + 1 : 0
  const hint = count === 0 ? 'Click a line to select it; shift-click another to select a range' : undefined
  return (
    <div className="log-selection-actions">
      <span className="log-action-message" role="status">
        {message ?? (count > 0 ? `${plural(count, 'line', 'lines')} selected` : '')}
      </span>
      <button type="button" className="button" disabled={count === 0} title={hint} onClick={() => void copySelection()}>
        Copy
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={count === 0}
        title={hint}
        onClick={askAboutSelection}
      >
        Ask AI about these lines
      </button>
    </div>
  )
}

export function LogsToolbar() {
  const query = useLogsStore((state) => state.query)
  const isWrapped = useLogsStore((state) => state.isWrapped)
  const isPaused = useLogsStore((state) => state.isPaused)
  return (
    <div className="logs-toolbar">
      <FilterField />
      <div className="segmented" role="group" aria-label="Level at or above">
        {levelChoices.map((level) => (
          <button
            key={level ?? 'all'}
            type="button"
            aria-pressed={query.filter.minLevel === level}
            onClick={() => setQuery({ filter: { ...query.filter, minLevel: level } })}
          >
            {levelLabel(level)}
          </button>
        ))}
      </div>
      <select
        className="log-tail"
        aria-label="Lines to start with"
        value={query.tailLines}
        onChange={(event) => setQuery({ tailLines: Number(event.target.value) })}
      >
        {tailChoices.map((lines) => (
          <option key={lines} value={lines}>
            Last {formatCount(lines)} lines
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button log-toggle"
        aria-pressed={isWrapped}
        onClick={() => setWrapped(!isWrapped)}
      >
        Wrap
      </button>
      <button type="button" className="button" aria-pressed={isPaused} onClick={isPaused ? resume : pause}>
        {isPaused ? 'Resume' : 'Pause'}
      </button>
    </div>
  )
}
