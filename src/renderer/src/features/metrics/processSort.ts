// Sorting the process list on the client, within the top 50 the core sent. Text columns start A→Z, number
// columns start with the biggest; a second click on the same column turns the order round. Ties keep a
// stable order by pid, so rows do not swap places between refreshes.
import type { ProcessInfo, ProcessSort } from '../../../../shared/protocol'

export type ProcessColumn = 'pid' | 'name' | 'user' | 'cpuPct' | 'memBytes' | 'state'
export type SortDirection = 'ascending' | 'descending'

export interface ProcessOrder {
  column: ProcessColumn
  direction: SortDirection
}

const textColumns = new Set<ProcessColumn>(['name', 'user', 'state'])

function firstDirection(column: ProcessColumn): SortDirection {
  return textColumns.has(column) ? 'ascending' : 'descending'
}

/** The order after a click on `column`'s header. */
export function nextOrder(current: ProcessOrder, column: ProcessColumn): ProcessOrder {
  if (current.column !== column) return { column, direction: firstDirection(column) }
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
}

/** The column order that matches what the core sorted by. */
export function orderForServerSort(sort: ProcessSort): ProcessOrder {
  return { column: sort === 'cpu' ? 'cpuPct' : 'memBytes', direction: 'descending' }
}

function compareBy(column: ProcessColumn, a: ProcessInfo, b: ProcessInfo): number {
  if (textColumns.has(column))
    return String(a[column]).localeCompare(String(b[column]), undefined, { sensitivity: 'base', numeric: true })
  return (a[column] as number) - (b[column] as number)
}

export function sortProcesses(processes: readonly ProcessInfo[], { column, direction }: ProcessOrder): ProcessInfo[] {
  const sign = direction === 'ascending' ? 1 : -1
  return [...processes].sort((a, b) => sign * compareBy(column, a, b) || a.pid - b.pid)
}
