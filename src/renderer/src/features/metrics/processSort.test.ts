import { describe, expect, it } from 'vitest'
import type { ProcessInfo } from '../../../../shared/protocol'
import { nextOrder, orderForServerSort, processTree, sortProcesses } from './processSort'

const process = (
  pid: number,
  name: string,
  cpuPct: number,
  memBytes: number,
  user = 'root',
  state = 'sleeping',
): ProcessInfo => ({ pid, ppid: 1, name, user, cpuPct, memBytes, state })
const list = [
  process(30, 'node', 12, 300),
  process(4, 'Bash', 0, 40),
  process(100, 'bash', 0, 20),
  process(7, 'systemd', 0.5, 90),
]
const pids = (processes: ProcessInfo[]) => processes.map((entry) => entry.pid)

describe('sortProcesses', () => {
  it('sorts names A to Z without regard to case, ties by pid', () => {
    expect(pids(sortProcesses(list, { column: 'name', direction: 'ascending' }))).toEqual([4, 100, 30, 7])
    expect(pids(sortProcesses(list, { column: 'name', direction: 'descending' }))).toEqual([7, 30, 4, 100])
  })

  it('sorts numbers biggest first and keeps equal rows in pid order', () => {
    expect(pids(sortProcesses(list, { column: 'cpuPct', direction: 'descending' }))).toEqual([30, 7, 4, 100])
    expect(pids(sortProcesses(list, { column: 'memBytes', direction: 'descending' }))).toEqual([30, 7, 4, 100])
    expect(pids(sortProcesses(list, { column: 'pid', direction: 'ascending' }))).toEqual([4, 7, 30, 100])
  })

  it('leaves the list it was given alone', () => {
    sortProcesses(list, { column: 'pid', direction: 'ascending' })
    expect(pids(list)).toEqual([30, 4, 100, 7])
  })
})

describe('header clicks', () => {
  it('start text columns A to Z and number columns biggest first, and turn round on a second click', () => {
    expect(nextOrder({ column: 'cpuPct', direction: 'descending' }, 'name')).toEqual({
      column: 'name',
      direction: 'ascending',
    })
    expect(nextOrder({ column: 'name', direction: 'ascending' }, 'name')).toEqual({
      column: 'name',
      direction: 'descending',
    })
    expect(nextOrder({ column: 'name', direction: 'ascending' }, 'memBytes')).toEqual({
      column: 'memBytes',
      direction: 'descending',
    })
  })

  it('follow the core’s sort when the CPU / memory toggle changes', () => {
    expect(orderForServerSort('cpu')).toEqual({ column: 'cpuPct', direction: 'descending' })
    expect(orderForServerSort('memory')).toEqual({ column: 'memBytes', direction: 'descending' })
  })
})

describe('the process tree', () => {
  const node = (pid: number, ppid: number, cpuPct: number): ProcessInfo => ({
    ...process(pid, `p${pid}`, cpuPct, 0),
    ppid,
  })

  it('hangs each process under its parent, siblings in the order chosen, depth first', () => {
    const tree = processTree(
      [node(1, 0, 0), node(10, 1, 5), node(11, 1, 50), node(20, 10, 1), node(21, 11, 0), node(30, 99, 7)],
      { column: 'cpuPct', direction: 'descending' },
    )
    expect(tree.map(({ process, depth }) => `${'  '.repeat(depth)}${process.pid}`)).toEqual([
      '30',
      '1',
      '  11',
      '    21',
      '  10',
      '    20',
    ])
  })

  it('makes a process whose parent is not in the list a root, and survives a process that names itself', () => {
    const tree = processTree([node(5, 5, 0), node(6, 4, 0)], { column: 'pid', direction: 'ascending' })
    expect(tree).toEqual([
      { process: node(5, 5, 0), depth: 0 },
      { process: node(6, 4, 0), depth: 0 },
    ])
  })
})
