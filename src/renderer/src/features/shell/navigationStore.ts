// The view on screen, kept in the address (#view=logs) so a reload comes back to it and Back returns to the
// view before. Other features ask for a view through lib/intents.ts (showView), bound to this store; the
// desktop app asks for one when a notification is clicked.
// Lifecycle: followAddress() runs while the app is mounted and follows Back, Forward and edited addresses.
import { create } from 'zustand'
import { viewIds, type ViewId } from '../../../../shared/protocol'

export const views: readonly { id: ViewId; label: string }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'hosts', label: 'Hosts' },
  { id: 'logs', label: 'Logs' },
  { id: 'chat', label: 'Chat' },
  { id: 'exports', label: 'Exports' },
  { id: 'settings', label: 'Settings' },
]

const defaultView: ViewId = 'metrics'

/** The view the address names; the default view when it names none or one that does not exist. */
export function viewInAddress(hash: string): ViewId {
  const named = new URLSearchParams(hash.replace(/^#/, '')).get('view')
  return viewIds.find((id) => id === named) ?? defaultView
}

function addressOf(view: ViewId): string {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''))
  params.set('view', view)
  return `${location.pathname}${location.search}#${params.toString()}`
}

const initialState = (): { view: ViewId } => ({ view: viewInAddress(location.hash) })

export const useNavigationStore = create(initialState)

export function showView(view: ViewId): void {
  if (useNavigationStore.getState().view === view) return
  useNavigationStore.setState({ view })
  history.pushState(history.state, '', addressOf(view))
}

/** Follows Back, Forward and an edited address; returns the function that stops. */
export function followAddress(): () => void {
  const onPopState = () => useNavigationStore.setState({ view: viewInAddress(location.hash) })
  window.addEventListener('popstate', onPopState)
  return () => window.removeEventListener('popstate', onPopState)
}

export function resetNavigationStore(): void {
  useNavigationStore.setState(initialState(), true)
}
