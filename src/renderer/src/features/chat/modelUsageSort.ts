// Sorting the Models table: text columns start A→Z, figures start with the biggest (the fastest, the
// heaviest, the most recent); a second click on the same column turns the order round. A row without the
// figure goes last either way, and ties keep the core's order (the most recently used first).
import type { ModelUsage } from '../../../../shared/chat'

export type ModelUsageColumn =
  | 'model'
  | 'answers'
  | 'tokensPerSecondP50'
  | 'tokensPerSecondP90'
  | 'timeToFirstTokenMsP50'
  | 'engineCpuPctPeak'
  | 'engineMemBytesPeak'
  | 'lastUsedAt'

export interface ModelUsageOrder {
  column: ModelUsageColumn
  direction: 'ascending' | 'descending'
}

/** The order after a click on `column`'s header. */
export function nextModelUsageOrder(current: ModelUsageOrder, column: ModelUsageColumn): ModelUsageOrder {
  if (current.column !== column) return { column, direction: column === 'model' ? 'ascending' : 'descending' }
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
}

export function sortModelUsage(rows: readonly ModelUsage[], { column, direction }: ModelUsageOrder): ModelUsage[] {
  const sign = direction === 'ascending' ? 1 : -1
  const text = (row: ModelUsage) => `${row.model} ${row.providerName ?? ''}`
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      if (column === 'model')
        return sign * text(a.row).localeCompare(text(b.row), undefined, { numeric: true }) || a.index - b.index
      const first = a.row[column]
      const second = b.row[column]
      if (first === undefined || second === undefined)
        return (first === undefined ? 1 : 0) - (second === undefined ? 1 : 0) || a.index - b.index
      return sign * (first - second) || a.index - b.index
    })
    .map(({ row }) => row)
}
