// Sorting the process list on the client, within the processes the core sent, as a table or a tree. Text columns start A→Z, number
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

export interface TreeRow {
  process: ProcessInfo
  /** 0 for a process whose parent is not in the list. */
  depth: number
}

/**
 * The processes as a tree: each under its parent when the parent is in the list, siblings in the order
 * chosen, depth first. A process whose parent is missing (filtered out, or process 1's own) is a root.
 */
export function processTree(processes: readonly ProcessInfo[], order: ProcessOrder): TreeRow[] {
  const sorted = sortProcesses(processes, order)
  const present = new Set(sorted.map((process) => process.pid))
  const children = new Map<number, ProcessInfo[]>()
  const roots: ProcessInfo[] = []
  for (const process of sorted) {
    if (process.ppid !== process.pid && present.has(process.ppid)) {
      const siblings = children.get(process.ppid)
      if (siblings) siblings.push(process)
      else children.set(process.ppid, [process])
    } else roots.push(process)
  }
  const rows: TreeRow[] = []
  const visit = (process: ProcessInfo, depth: number) => {
    rows.push({ process, depth })
    for (const child of children.get(process.pid) ?? []) visit(child, depth + 1)
  }
  for (const root of roots) visit(root, 0)
  return rows
}
