// The Exports form: what to export (metrics, logs or chats, each with its own fields) and how to write it.
// The choices are remembered for the next export, here and in the other views' Export actions.
import { useState } from 'react'
import type { ChatExportFormat, ExportKind } from '../../../../shared/export'
import { ChatExportFields } from './ChatExportFields'
import { CsvOptionsFields } from './CsvOptionsFields'
import { loadChoices, saveChoices, type ExportChoices } from './exportChoices'
import { LogsExportFields } from './LogsExportFields'
import { MetricsExportFields } from './MetricsExportFields'
import { SegmentedChoice } from './ChoiceFields'

const kinds = [
  ['metrics', 'Metrics'],
  ['logs', 'Log lines'],
  ['chat', 'Chats'],
] as const satisfies readonly (readonly [ExportKind, string])[]

const chatFormats = [
  ['csv', 'CSV'],
  ['markdown', 'Markdown'],
  ['json', 'JSON'],
] as const satisfies readonly (readonly [ChatExportFormat, string])[]

export function ExportForm() {
  const [choices, setChoices] = useState(loadChoices)
  const change = (update: Partial<ExportChoices>) => {
    const next = { ...choices, ...update }
    setChoices(next)
    saveChoices(next)
  }
  const { kind, csv } = choices
  const isCsv = kind !== 'chat' || choices.chatFormat === 'csv'
  const csvFields = <CsvOptionsFields options={csv} onChange={(options) => change({ csv: options })} />

  return (
    <section className="panel export-form" aria-labelledby="export-form-title">
      <div className="panel-header">
        <h2 id="export-form-title">New export</h2>
        <SegmentedChoice
          label="What to export"
          value={kind}
          choices={kinds}
          onChange={(next) => change({ kind: next })}
        />
        {kind === 'chat' && (
          <SegmentedChoice
            label="Format"
            value={choices.chatFormat}
            choices={chatFormats}
            onChange={(chatFormat) => change({ chatFormat })}
          />
        )}
      </div>
      {kind === 'metrics' && (
        <MetricsExportFields choices={choices} onChange={change} csv={csv}>
          {csvFields}
        </MetricsExportFields>
      )}
      {kind === 'logs' && <LogsExportFields csv={csv}>{csvFields}</LogsExportFields>}
      {kind === 'chat' && (
        <ChatExportFields choices={choices} csv={csv}>
          {isCsv && csvFields}
        </ChatExportFields>
      )}
    </section>
  )
}
