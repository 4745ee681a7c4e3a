// The top processes, sortable, filtered, as a table or a tree; a row opens the process in detail. Polls
// only while the table is on screen (IntersectionObserver) and the view is live; a paused view keeps the
// list it had. It is watched once the charts above it are laid out: before the first samples the grid is
// empty and the table would pass for being on screen.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { ProcessSort } from '../../../../shared/protocol'
import { formatBytes } from '../../../../shared/format'
import { SortableHeader } from '../../components/SortableHeader'
import { useMetricsStore } from './metricsStore'
import { ProcessDetailsPanel } from './ProcessDetailsPanel'
import {
  chooseServerSort,
  followProcesses,
  selectProcess,
  setProcessFilter,
  showAsTree,
  sortByColumn,
  useProcessStore,
} from './processStore'
import { processTree, sortProcesses, type ProcessColumn } from './processSort'

const columns: { column: ProcessColumn; label: string; isNumber: boolean }[] = [
  { column: 'pid', label: 'PID', isNumber: true },
  { column: 'name', label: 'Name', isNumber: false },
  { column: 'user', label: 'User', isNumber: false },
  { column: 'cpuPct', label: 'CPU %', isNumber: true },
  { column: 'memBytes', label: 'Memory', isNumber: true },
  { column: 'state', label: 'State', isNumber: false },
]

const serverSorts: { sort: ProcessSort; label: string }[] = [
  { sort: 'cpu', label: 'By CPU' },
  { sort: 'memory', label: 'By memory' },
]

/** Whether `target` is on screen, watched only while `isWatched` (false otherwise). */
function useIsOnScreen(target: RefObject<HTMLElement | null>, isWatched: boolean): boolean {
  const [isOnScreen, setIsOnScreen] = useState(false)
  useEffect(() => {
    if (!isWatched) return
    const observer = new IntersectionObserver((entries) => setIsOnScreen(entries.some((entry) => entry.isIntersecting)))
    observer.observe(target.current!)
    return () => {
      observer.disconnect()
      setIsOnScreen(false)
    }
  }, [target, isWatched])
  return isOnScreen
}

export function ProcessTable() {
  const sectionRef = useRef<HTMLElement>(null)
  const hasCharts = useMetricsStore((state) => state.keys.length > 0)
  const isOnScreen = useIsOnScreen(sectionRef, hasCharts)
  const isPaused = useMetricsStore((state) => state.fixedRange !== undefined)
  const { list, serverSort, order, error, filter, isTree, selected, notice } = useProcessStore()
  const rows = useMemo(
    () =>
      !list
        ? []
        : isTree
          ? processTree(list.processes, order)
          : sortProcesses(list.processes, order).map((process) => ({ process, depth: 0 })),
    [list, order, isTree],
  )

  useEffect(() => (isOnScreen && !isPaused ? followProcesses() : undefined), [isOnScreen, isPaused])

  return (
    <section ref={sectionRef} className="panel processes" aria-labelledby="processes-title" data-testid="processes">
      <header className="panel-header">
        <h2 id="processes-title">Processes</h2>
        <span className="caption" data-testid="process-total">
          {!list
            ? 'loading…'
            : list.matched < list.total
              ? `${list.processes.length} of ${list.matched} matching, ${list.total} in all`
              : `${isTree ? 'all' : 'top'} ${list.processes.length} of ${list.total}`}
        </span>
        <span className="spacer" />
        <input
          type="search"
          className="process-filter"
          aria-label="Filter processes"
          placeholder="Filter: name, user or pid"
          value={filter}
          onChange={(event) => setProcessFilter(event.target.value)}
        />
        <label className="choice">
          <input type="checkbox" checked={isTree} onChange={(event) => showAsTree(event.target.checked)} />
          Tree
        </label>
        <div className="segmented" role="group" aria-label="Top processes by">
          {serverSorts.map(({ sort, label }) => (
            <button key={sort} type="button" aria-pressed={serverSort === sort} onClick={() => chooseServerSort(sort)}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {error && <p className="error">{error}</p>}
      {notice && (
        <p className="caption" role="status">
          {notice}
        </p>
      )}
      {selected && <ProcessDetailsPanel />}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              {columns.map(({ column, label, isNumber }) => (
                <SortableHeader
                  key={column}
                  label={label}
                  className={isNumber ? 'number' : undefined}
                  direction={order.column === column ? order.direction : undefined}
                  onSort={() => sortByColumn(column)}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ process, depth }) => (
              <tr
                key={process.pid}
                data-pid={process.pid}
                aria-selected={selected?.pid === process.pid}
                onClick={() => void selectProcess(selected?.pid === process.pid ? undefined : process.pid)}
              >
                <td className="number">{process.pid}</td>
                <td className="process-name" title={process.name} style={{ paddingLeft: `${0.5 + depth}em` }}>
                  {depth > 0 && (
                    <span className="tree-mark" aria-hidden="true">
                      └{' '}
                    </span>
                  )}
                  {process.name}
                </td>
                <td>{process.user}</td>
                <td className="number">{process.cpuPct.toFixed(1)}</td>
                <td className="number">{formatBytes(process.memBytes)}</td>
                <td>{process.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
