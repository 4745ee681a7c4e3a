// The models used on this machine, compared: one row per provider and model, from every stored answer,
// sortable by any column. Read once when shown and on Refresh (the figures change only as answers end).
// A narrow card drops the low-value columns (p90, last used) and scrolls the rest inside itself.
import { useEffect, useMemo, useState } from 'react'
import type { ModelUsage } from '../../../../shared/chat'
import { formatBytes } from '../../../../shared/format'
import { SortableHeader } from '../../components/SortableHeader'
import { errorText } from '../../lib/api'
import { timeFormat } from '../../lib/timeFormat'
import { ErrorNote } from '../../components/ErrorNote'
import { conversationsApi } from './chatApi'
import { nextModelUsageOrder, sortModelUsage, type ModelUsageColumn, type ModelUsageOrder } from './modelUsageSort'

const columns: { column: ModelUsageColumn; label: string; title: string; isLowValue?: true }[] = [
  { column: 'model', label: 'Model', title: 'The model, and the provider it was asked through' },
  { column: 'answers', label: 'Answers', title: 'Answers kept in conversations, earlier versions included' },
  { column: 'tokensPerSecondP50', label: 'Tokens/s', title: 'Tokens per second, median of its answers' },
  {
    column: 'tokensPerSecondP90',
    label: 'Tokens/s p90',
    title: 'Tokens per second that 90 % of its answers stayed under',
    isLowValue: true,
  },
  { column: 'timeToFirstTokenMsP50', label: 'First token', title: 'Time to the first token, median of its answers' },
  {
    column: 'engineCpuPctPeak',
    label: 'Engine CPU',
    title: 'The local engine’s highest CPU share during an answer (100 % is one core)',
  },
  { column: 'engineMemBytesPeak', label: 'Engine memory', title: 'The local engine’s highest resident memory' },
  { column: 'lastUsedAt', label: 'Last used', title: 'When its latest answer began', isLowValue: true },
]

const number = (value: number | undefined, unit = '', digits = 1) =>
  value === undefined ? '–' : `${value.toLocaleString(undefined, { maximumFractionDigits: digits })}${unit}`

function cellOf(row: ModelUsage, column: ModelUsageColumn) {
  switch (column) {
    case 'model':
      return (
        <div className="model-cell" title={row.model}>
          <span className="model-name">{row.model}</span>
          <span className="caption">{row.providerName ?? (row.providerId ? 'a removed provider' : 'no provider')}</span>
        </div>
      )
    case 'answers':
      return row.answers.toLocaleString()
    case 'tokensPerSecondP50':
    case 'tokensPerSecondP90':
      return number(row[column])
    case 'timeToFirstTokenMsP50':
      return number(row.timeToFirstTokenMsP50, ' ms', 0)
    case 'engineCpuPctPeak':
      return number(row.engineCpuPctPeak, ' %', 0)
    case 'engineMemBytesPeak':
      return row.engineMemBytesPeak === undefined ? '–' : formatBytes(row.engineMemBytesPeak)
    case 'lastUsedAt':
      return timeFormat.dateTimeMinutes(row.lastUsedAt)
  }
}

export function ModelsPanel({ onClose }: { onClose(): void }) {
  const [rows, setRows] = useState<ModelUsage[]>()
  const [error, setError] = useState<string>()
  const [order, setOrder] = useState<ModelUsageOrder>({ column: 'lastUsedAt', direction: 'descending' })
  const sorted = useMemo(() => (rows ? sortModelUsage(rows, order) : []), [rows, order])

  const load = () =>
    conversationsApi.modelsUsed().then(
      ({ models }) => {
        setRows(models)
        setError(undefined)
      },
      (failure: unknown) => setError(`The models used could not be read: ${errorText(failure)}`),
    )
  useEffect(() => void load(), [])

  return (
    <section className="models-panel" aria-labelledby="models-title">
      <header className="panel-header">
        <h2 id="models-title">Models used on this machine</h2>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void load()}>
          Refresh
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      <ErrorNote message={error} />
      {rows?.length === 0 && <p className="caption">No answers yet: the table fills as models answer.</p>}
      {sorted.length > 0 && (
        <div className="table-scroll">
          <table className="data-table models-table">
            <thead>
              <tr>
                {columns.map(({ column, label, title, isLowValue }) => (
                  <SortableHeader
                    key={column}
                    label={label}
                    title={title}
                    className={[column === 'model' ? '' : 'number', isLowValue ? 'low-value' : ''].join(' ').trim()}
                    direction={order.column === column ? order.direction : undefined}
                    onSort={() => setOrder(nextModelUsageOrder(order, column))}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={`${row.providerId ?? ''} ${row.model}`} data-model={row.model}>
                  {columns.map(({ column, isLowValue }) => (
                    <td
                      key={column}
                      className={[column === 'model' ? '' : 'number', isLowValue ? 'low-value' : ''].join(' ').trim()}
                    >
                      {cellOf(row, column)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="caption">
        Figures as each answer recorded them; the engine’s only for an endpoint on this machine, where Vigil read its
        process.
      </p>
    </section>
  )
}
