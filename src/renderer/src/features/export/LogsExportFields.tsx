// The Exports form for logs: which sources, and the filter (text or regular expression, and a level);
// each source is exported whole, through the filter.
import { useEffect, useState, type ReactNode } from 'react'
import type { CsvOptions } from '../../../../shared/export'
import type { LogLevelName } from '../../../../shared/logs'
import { filterProblem, refreshSources, useSourcesStore, wholeSourcesExport } from '../logs'
import { SelectField } from './ChoiceFields'
import { StartExportButton } from './StartExportButton'

const levels = [
  ['all', 'All lines'],
  ['trace', 'Trace and above'],
  ['debug', 'Debug and above'],
  ['info', 'Info and above'],
  ['warn', 'Warn and above'],
  ['error', 'Error and above'],
  ['fatal', 'Fatal'],
] as const satisfies readonly (readonly [LogLevelName | 'all', string])[]

export function LogsExportFields({ csv, children }: { csv: CsvOptions; children: ReactNode }) {
  const sources = useSourcesStore((state) => state.sources)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [text, setText] = useState('')
  const [isRegex, setIsRegex] = useState(false)
  const [matchCase, setMatchCase] = useState(false)
  const [level, setLevel] = useState<LogLevelName | 'all'>('all')
  const sourceIds = sources.map((source) => source.id).filter((id) => chosen.has(id))
  const problem = sourceIds.length === 0 ? 'Choose at least one source.' : filterProblem(text, isRegex)

  useEffect(() => void refreshSources(), [])

  const toggle = (id: string) =>
    setChosen((previous) =>
      previous.has(id) ? new Set([...previous].filter((other) => other !== id)) : new Set([...previous, id]),
    )
  const make = () => ({
    ...wholeSourcesExport(sourceIds, { text, isRegex, matchCase, minLevel: level === 'all' ? undefined : level }),
    csv,
  })

  return (
    <>
      <fieldset className="export-fieldset">
        <legend>Sources</legend>
        <ul className="export-sources">
          {sources.map((source) => (
            <li key={source.id}>
              <label className="choice" title={source.path}>
                <input type="checkbox" checked={chosen.has(source.id)} onChange={() => toggle(source.id)} />
                {source.name}
              </label>
            </li>
          ))}
        </ul>
        <p className="caption">
          Each source is exported whole: every line of its file (or of what Vigil holds of it) through the filter.
        </p>
      </fieldset>
      <fieldset className="export-fieldset">
        <legend>Filter</legend>
        <div className="export-row">
          <input
            type="search"
            aria-label="Filter text"
            placeholder={isRegex ? 'Regular expression' : 'Text'}
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <label className="choice">
            <input type="checkbox" checked={isRegex} onChange={(event) => setIsRegex(event.target.checked)} />
            Regular expression
          </label>
          <label className="choice">
            <input type="checkbox" checked={matchCase} onChange={(event) => setMatchCase(event.target.checked)} />
            Match case
          </label>
          <SelectField<LogLevelName | 'all'> label="Level" value={level} choices={levels} onChange={setLevel} />
        </div>
      </fieldset>
      {children}
      <StartExportButton problem={problem} make={make} />
    </>
  )
}
