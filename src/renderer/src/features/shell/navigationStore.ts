import { create } from 'zustand'

export const views = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'logs', label: 'Logs' },
  { id: 'chat', label: 'Chat' },
  { id: 'exports', label: 'Exports' },
  { id: 'settings', label: 'Settings' },
] as const

export type ViewId = (typeof views)[number]['id']

export const useNavigationStore = create<{ view: ViewId }>(() => ({ view: 'metrics' }))

export function showView(view: ViewId): void {
  useNavigationStore.setState({ view })
}
