// The top processes: fetched every few seconds, only while the list is on screen and the view is live
// (the core collects processes only when asked, and a collection costs more than all other metrics).
// The core sorts by CPU or memory and sends the top 50; the columns sort within those 50 here.
// Lifecycle: followProcesses() polls until its returned stop is called; the last list stays for display.
import { create } from 'zustand'
import { routes, type ProcessList, type ProcessSort } from '../../../../shared/protocol'
import { api } from '../../lib/api'
import { nextOrder, orderForServerSort, type ProcessColumn, type ProcessOrder } from './processSort'

const processRefreshMs = 3000

interface ProcessState {
  list: ProcessList | undefined
  serverSort: ProcessSort
  order: ProcessOrder
  error: string | undefined
}

const initialState = (): ProcessState => ({
  list: undefined,
  serverSort: 'cpu',
  order: orderForServerSort('cpu'),
  error: undefined,
})

export const useProcessStore = create<ProcessState>(initialState)

/** Counts requests so that an answer to an older one (another sort) never replaces a newer one. */
let latestRequest = 0
let isFollowing = false

async function refreshProcesses(): Promise<void> {
  latestRequest += 1
  const request = latestRequest
  const { serverSort } = useProcessStore.getState()
  try {
    const list = await api.get<ProcessList>(`${routes.processes}?sort=${serverSort}`)
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

export function sortByColumn(column: ProcessColumn): void {
  useProcessStore.setState((state) => ({ order: nextOrder(state.order, column) }))
}

/** Empties the state; an answer still on the way is ignored. (A follower is stopped by its own stop.) */
export function resetProcessStore(): void {
  latestRequest += 1
  useProcessStore.setState(initialState(), true)
}
