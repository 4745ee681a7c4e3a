// The top processes: fetched every few seconds, only while the list is on screen and the view is live
// (the core collects processes only when asked, and a collection costs more than all other metrics).
// The core filters the whole table, sorts by CPU or memory and sends the top 50 (every match, up to its
// limit, for the tree view); the columns sort within those here. One process can be opened in detail and
// sent TERM or KILL after a confirmation.
// Lifecycle: followProcesses() polls until its returned stop is called; the last list stays for display.
import { create } from 'zustand'
import {
  maxProcessLimit,
  routes,
  type ProcessDetails,
  type ProcessList,
  type ProcessSignal,
  type ProcessSort,
} from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { nextOrder, orderForServerSort, type ProcessColumn, type ProcessOrder } from './processSort'

const processRefreshMs = 3000

const topCount = 50

interface ProcessState {
  list: ProcessList | undefined
  serverSort: ProcessSort
  order: ProcessOrder
  filter: string
  isTree: boolean
  error: string | undefined
  /** The process opened in detail, while it loads (details undefined) and after. */
  selected: { pid: number; details: ProcessDetails | undefined; error: string | undefined } | undefined
  /** What the last signal did, for people. */
  notice: string | undefined
}

const initialState = (): ProcessState => ({
  list: undefined,
  serverSort: 'cpu',
  order: orderForServerSort('cpu'),
  filter: '',
  isTree: false,
  error: undefined,
  selected: undefined,
  notice: undefined,
})

export const useProcessStore = create<ProcessState>(initialState)

/** Counts requests so that an answer to an older one (another sort) never replaces a newer one. */
let latestRequest = 0
let isFollowing = false

async function refreshProcesses(): Promise<void> {
  latestRequest += 1
  const request = latestRequest
  const { serverSort, filter, isTree } = useProcessStore.getState()
  const query = new URLSearchParams({ sort: serverSort, limit: String(isTree ? maxProcessLimit : topCount) })
  if (filter.trim()) query.set('filter', filter.trim())
  try {
    const list = await api.get<ProcessList>(`${routes.processes}?${query.toString()}`)
    if (request === latestRequest && isFollowing) useProcessStore.setState({ list, error: undefined })
  } catch (error) {
    if (request === latestRequest)
      useProcessStore.setState({ error: `The process list could not be loaded: ${(error as Error).message}` })
  }
}

export function followProcesses(): () => void {
  isFollowing = true
  void refreshProcesses()
  const timer = setInterval(() => void refreshProcesses(), processRefreshMs)
  return () => {
    isFollowing = false
    latestRequest += 1
    clearInterval(timer)
  }
}

/** Asks the core for the top 50 by CPU or by memory, and sorts the table the same way. */
export function chooseServerSort(serverSort: ProcessSort): void {
  useProcessStore.setState({ serverSort, order: orderForServerSort(serverSort) })
  if (isFollowing) void refreshProcesses()
}

/** Keeps the processes whose name, user or pid holds the text, searched in the whole table by the core. */
export function setProcessFilter(filter: string): void {
  useProcessStore.setState({ filter })
  if (isFollowing) void refreshProcesses()
}

/** The tree shows every process (up to the core's limit), each under its parent. */
export function showAsTree(isTree: boolean): void {
  useProcessStore.setState({ isTree })
  if (isFollowing) void refreshProcesses()
}

/** Opens one process in detail (its command line, whether it may be signalled), or closes it. */
export async function selectProcess(pid: number | undefined): Promise<void> {
  useProcessStore.setState({
    selected: pid === undefined ? undefined : { pid, details: undefined, error: undefined },
    notice: undefined,
  })
  if (pid === undefined) return
  const settle = (fields: { details?: ProcessDetails; error?: string }) => {
    if (useProcessStore.getState().selected?.pid === pid)
      useProcessStore.setState({ selected: { pid, details: fields.details, error: fields.error } })
  }
  try {
    settle({ details: await api.get<ProcessDetails>(`${routes.process}?pid=${pid}`) })
  } catch (error) {
    settle({ error: `This process could not be read: ${(error as Error).message}` })
  }
}

/** Sends the signal the user confirmed; says what happened, and refreshes the list. */
export async function signalProcess(details: ProcessDetails, signal: ProcessSignal): Promise<void> {
  try {
    await api.post(`${routes.processSignal}?pid=${details.pid}&signal=${signal}`)
    useProcessStore.setState({ selected: undefined, notice: `Sent ${signal} to ${details.name} (${details.pid}).` })
    if (isFollowing) void refreshProcesses()
  } catch (error) {
    useProcessStore.setState({
      selected: { pid: details.pid, details, error: `${signal} was not sent: ${(error as Error).message}` },
    })
  }
}

export function sortByColumn(column: ProcessColumn): void {
  useProcessStore.setState((state) => ({ order: nextOrder(state.order, column) }))
}

/** Empties the state; an answer still on the way is ignored. (A follower is stopped by its own stop.) */
export function resetProcessStore(): void {
  latestRequest += 1
  useProcessStore.setState(initialState(), true)
}
