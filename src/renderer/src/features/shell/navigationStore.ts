// The view on screen. Other features ask for a view through lib/intents.ts (showView), bound to this store.
import { create } from 'zustand'
import type { ViewId } from '../../lib/intents'

export const views: readonly { id: ViewId; label: string }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'hosts', label: 'Hosts' },
  { id: 'logs', label: 'Logs' },
  { id: 'chat', label: 'Chat' },
  { id: 'exports', label: 'Exports' },
  { id: 'settings', label: 'Settings' },
]

const initialState = (): { view: ViewId } => ({ view: 'metrics' })

export const useNavigationStore = create(initialState)

export function showView(view: ViewId): void {
  useNavigationStore.setState({ view })
}

export function resetNavigationStore(): void {
  useNavigationStore.setState(initialState(), true)
}
